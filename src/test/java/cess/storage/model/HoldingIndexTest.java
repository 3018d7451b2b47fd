package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HoldingIndexTest {
    static final Address A = KeyPair.dev("//Miner1").address();
    static final Address B = KeyPair.dev("//Miner2").address();

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>();
    private final StateOverlay s = new StateOverlay(base::get);

    private static Holding holding(int file, int segment, int fragment, long length) {
        return new Holding(Hash.sha256(new byte[] {(byte) file, (byte) (file >> 8)}), segment, fragment,
                Hash.sha256(new byte[] {(byte) file, (byte) segment, (byte) fragment}), length);
    }

    /** Positions 0..count-1 hold exactly {@code expected}, and every slot points back at its holding. */
    private void assertDense(Address miner, Set<Holding> expected) {
        HoldingTally t = HoldingIndex.tally(s, miner);
        assertEquals(expected.size(), t.count());
        Set<Holding> found = new HashSet<>();
        for (long i = 0; i < t.count(); i++) {
            Holding h = HoldingIndex.at(s, miner, i).orElseThrow();
            assertTrue(found.add(h), "holding " + h + " twice");
            HoldingSlot slot = s.find(HoldingSlot.key(miner, h.fid(), h.segment(), h.fragment()), HoldingSlot.class).orElseThrow();
            assertEquals(i, slot.seq());
        }
        assertEquals(expected, found);
        assertTrue(HoldingIndex.at(s, miner, t.count()).isEmpty(), "nothing past the count");
    }

    @Test
    void addsAndSwapRemovesStayingDenseUnderAnyOrder() {
        Random r = new Random(3);
        Map<Address, Set<Holding>> model = new HashMap<>(Map.of(A, new HashSet<>(), B, new HashSet<>()));
        List<Holding> pool = new ArrayList<>();
        long longest = 0;
        for (int step = 0; step < 2_000; step++) {
            Address miner = r.nextBoolean() ? A : B;
            Set<Holding> held = model.get(miner);
            if (held.isEmpty() || r.nextInt(3) > 0) {
                Holding h = holding(step, r.nextInt(4), r.nextInt(6), 1 + r.nextInt(1 << 20));
                HoldingIndex.add(s, miner, h);
                held.add(h);
                pool.add(h);
                if (miner.equals(A)) {
                    longest = Math.max(longest, h.length());
                }
            } else {
                Holding h = new ArrayList<>(held).get(r.nextInt(held.size()));
                HoldingIndex.remove(s, miner, h.fid(), h.segment(), h.fragment());
                held.remove(h);
            }
        }
        assertDense(A, model.get(A));
        assertDense(B, model.get(B));
        assertEquals(longest, HoldingIndex.tally(s, A).maxLength(), "the bound is the longest ever held");
    }

    @Test
    void removingWhatIsNotHeldChangesNothingAndTheLastRemovalClearsTheTally() {
        Holding h = holding(1, 0, 0, 100);
        HoldingIndex.remove(s, A, h.fid(), 0, 0);
        assertTrue(s.changes().isEmpty());
        HoldingIndex.add(s, A, h);
        HoldingIndex.remove(s, A, h.fid(), 0, 1);
        assertEquals(1, HoldingIndex.tally(s, A).count());
        HoldingIndex.remove(s, A, h.fid(), 0, 0);
        assertEquals(HoldingTally.NONE, HoldingIndex.tally(s, A));
        assertTrue(s.changes().values().stream().allMatch(v -> v == null), "every entry it wrote is gone");
    }

    @Test
    void valuesRoundTripTheirEncoding() {
        Holding h = holding(7, 3, 5, 8 << 20);
        assertEquals(h, Holding.decode(new cess.shared.Decoder(h.encode())));
        assertEquals(new HoldingSlot(42), HoldingSlot.decode(new cess.shared.Decoder(new HoldingSlot(42).encode())));
        HoldingTally t = new HoldingTally(3, 1024);
        assertEquals(t, HoldingTally.decode(new cess.shared.Decoder(t.encode())));
    }
}
