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
        return new StateKey(Balances.ACCOUNT, "acct-" + i);
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
    void theStoredFormReadsBackToTheSameTrieWithoutRehashing() throws Exception {
        TreeMap<StateKey, StateValue> base = entries(400, 9);
        StateTrie t = StateTrie.of(base);
        StateTrie back = read(write(t));
        assertEquals(t.root(), back.root());
        assertEquals(400, back.size());
        assertTrue(back.prove(key(17)).orElseThrow().verifies(t.root(), key(17), base.get(key(17))));
        TreeMap<StateKey, StateValue> changes = new TreeMap<>(Map.of(key(3), value(5), key(1000), value(6)));
        changes.put(key(4), null);
        assertEquals(t.with(changes).root(), back.with(changes).root(), "a read trie moves on like the original");
        assertEquals(Hash.ZERO, read(write(StateTrie.EMPTY)).root());
    }

    @Test
    void aDamagedStoredFormIsRefusedNotMisread() throws Exception {
        byte[] good = write(StateTrie.of(entries(50, 1)));
        byte[] shortened = java.util.Arrays.copyOf(good, good.length - 10);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> read(shortened));
        byte[] badBit = good.clone();
        badBit[4 + 1] = (byte) (badBit[4 + 1] + 1); // the root branch's split bit
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> read(badBit));
        byte[] badTag = good.clone();
        badTag[4] = 7;
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> read(badTag));
        byte[] badCount = good.clone();
        badCount[3] = 51;
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> read(badCount));
    }

    static byte[] write(StateTrie t) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            t.writeTo(out);
        }
        return bytes.toByteArray();
    }

    static StateTrie read(byte[] b) throws java.io.IOException {
        return StateTrie.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b)));
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
