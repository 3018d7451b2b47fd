package cess.ledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The state commitment: one root per set of entries, updated incrementally, with inclusion proofs. */
class StateTrieTest {
    static StateKey key(int i) {
        return new StateKey(StateKey.Kind.ACCOUNT, "acct-" + i);
    }

    static Account value(long units) {
        return new Account(Amount.ofUnits(units), units % 7);
    }

    static TreeMap<StateKey, StateValue> entries(int n, long salt) {
        TreeMap<StateKey, StateValue> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(key(i), value(i * 31 + salt + 1));
        }
        return m;
    }

    @Test
    void theEmptyStateHasTheZeroRootAndOneEntryItsLeafHash() {
        assertEquals(Hash.ZERO, StateTrie.EMPTY.root());
        assertEquals(Hash.ZERO, StateTrie.of(Map.of()).root());
        StateTrie one = StateTrie.EMPTY.with(Map.of(key(1), value(5)));
        assertEquals(StateTrie.leafHash(key(1), value(5)), one.root());
        assertEquals(1, one.size());
    }

    @Test
    void theRootDependsOnTheEntriesNotOnTheOrderTheyWereWritten() {
        TreeMap<StateKey, StateValue> all = entries(500, 0);
        Hash bulk = StateTrie.of(all).root();
        List<StateKey> keys = new ArrayList<>(all.keySet());
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(keys, random);
            StateTrie t = StateTrie.EMPTY;
            for (StateKey k : keys) {
                t = t.with(Map.of(k, all.get(k)));
            }
            assertEquals(bulk, t.root());
            assertEquals(500, t.size());
        }
    }

    @Test
    void changesAndRemovalsMatchARebuildFromScratchOnRandomHistories() {
        Random random = new Random(2026);
        TreeMap<StateKey, StateValue> model = new TreeMap<>();
        StateTrie trie = StateTrie.EMPTY;
        for (int block = 0; block < 200; block++) {
            TreeMap<StateKey, StateValue> changes = new TreeMap<>();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                StateKey k = key(random.nextInt(300));
                changes.put(k, random.nextInt(4) == 0 ? null : value(random.nextInt(1_000_000)));
            }
            trie = trie.with(changes);
            StateOverlay.apply(model, changes);
            assertEquals(StateTrie.of(model).root(), trie.root(), "after block " + block);
            assertEquals(model.size(), trie.size());
        }
        for (StateKey k : new ArrayList<>(model.keySet())) {
            TreeMap<StateKey, StateValue> gone = new TreeMap<>();
            gone.put(k, null);
            trie = trie.with(gone);
        }
        assertEquals(Hash.ZERO, trie.root());
        assertEquals(0, trie.size());
    }

    @Test
    void aChangedValueChangesTheRootAndRemovingAnAbsentKeyDoesNot() {
        TreeMap<StateKey, StateValue> base = entries(50, 0);
        StateTrie t = StateTrie.of(base);
        assertNotEquals(t.root(), t.with(Map.of(key(3), value(424242))).root());
        TreeMap<StateKey, StateValue> absent = new TreeMap<>();
        absent.put(key(999), null);
        assertEquals(t.root(), t.with(absent).root());
        assertEquals(50, t.with(absent).size());
        assertEquals(t.root(), t.with(Map.of(key(3), base.get(key(3)))).root(), "the same value again changes nothing");
    }

    @Test
    void everyEntryProvesAgainstTheRootAndNothingElseDoes() {
        TreeMap<StateKey, StateValue> base = entries(300, 3);
        StateTrie t = StateTrie.of(base);
        Hash root = t.root();
        for (Map.Entry<StateKey, StateValue> e : base.entrySet()) {
            StateTrie.Proof p = t.prove(e.getKey()).orElseThrow();
            assertTrue(p.verifies(root, e.getKey(), e.getValue()), e.getKey().toString());
            assertTrue(p.steps().size() < 30, "a path is about log2(n) deep: " + p.steps().size());
            assertFalse(p.verifies(root, e.getKey(), value(-1 + 1_000_000_007L)), "another value");
            assertFalse(p.verifies(Hash.sha256(new byte[] {1}), e.getKey(), e.getValue()), "another root");
        }
        StateTrie.Proof p = t.prove(key(7)).orElseThrow();
        assertFalse(p.verifies(root, key(8), base.get(key(7))), "another key");
        assertTrue(t.prove(key(12345)).isEmpty());
        List<StateTrie.Step> forged = new ArrayList<>(p.steps());
        StateTrie.Step s = forged.get(0);
        forged.set(0, new StateTrie.Step(s.bit(), Hash.sha256(s.sibling().bytes())));
        assertFalse(new StateTrie.Proof(forged).verifies(root, key(7), base.get(key(7))));
        assertTrue(StateTrie.EMPTY.prove(key(1)).isEmpty());
    }

    @Test
    void aProofStaysValidForItsRootAfterTheTrieMovesOn() {
        TreeMap<StateKey, StateValue> base = entries(100, 0);
        StateTrie before = StateTrie.of(base);
        StateTrie.Proof p = before.prove(key(5)).orElseThrow();
        StateTrie after = before.with(Map.of(key(6), value(77)));
        assertTrue(p.verifies(before.root(), key(5), base.get(key(5))), "the old trie is untouched");
        assertFalse(p.verifies(after.root(), key(5), base.get(key(5))));
        assertTrue(after.prove(key(5)).orElseThrow().verifies(after.root(), key(5), base.get(key(5))));
    }

    @Test
    void pathBitsAndFirstDifferenceCountFromTheMostSignificantBit() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        assertEquals(-1, StateTrie.firstDifference(a, b));
        b[0] = (byte) 0x80;
        assertEquals(0, StateTrie.firstDifference(a, b));
        assertTrue(StateTrie.bit(b, 0));
        b[0] = 0;
        b[31] = 1;
        assertEquals(255, StateTrie.firstDifference(a, b));
        assertTrue(StateTrie.bit(b, 255));
        assertFalse(StateTrie.bit(b, 254));
    }
}
