package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network's redundancy from its orders: degraded segments, by how much, and the repair rate. */
class RedundancyTest {
    static final FileLayout FILE = StorageRulesTest.layout(3, 5_000, 4, 2, 1 << 20, 0);
    static final Address LOST = KeyPair.dev("//Miner1").address();
    static final Address CLAIMANT = KeyPair.dev("//Miner7").address();

    static RestoralOrder order(int segment, int fragment) {
        return RestoralOrder.open(FILE.fid(), segment, fragment, LOST, RestoralOrder.Reason.PROOF_FAILED, 10);
    }

    static Redundancy of(List<RestoralOrder> written, List<RestoralOrder> implied, RestoralTally tally, long window) {
        return Redundancy.of(50, written, implied, fid -> fid.equals(FILE.fid()) ? Optional.of(FILE) : Optional.empty(), tally,
                window, false);
    }

    @Test
    void aHealthyNetworkHasNothingDegradedAndNothingToRepair() {
        Redundancy r = of(List.of(), List.of(), RestoralTally.NONE, 100);
        assertEquals(0, r.degradedSegments());
        assertTrue(r.levels().isEmpty());
        assertEquals(0, r.blocksToRepairAll().orElseThrow());
    }

    @Test
    void ordersAreGroupedBySegmentAndByTheParityLeft() {
        List<RestoralOrder> written = List.of(order(0, 1), order(0, 4).claimedBy(CLAIMANT, 60), order(1, 2), order(2, 0));
        List<RestoralOrder> implied = List.of(order(0, 5), order(1, 2)); // (1, 2) is written too: counted once
        RestoralTally tally = RestoralTally.NONE.plusOne(20).plusOne(45).plusOne(48);
        Redundancy r = of(written, implied, tally, 10);
        assertEquals(3, r.degradedSegments());
        assertEquals(List.of(new Redundancy.Level(3, -1, 1), new Redundancy.Level(1, 1, 2)), r.levels(),
                "segment 0 misses 3 of its 6 (fewer than k left), segments 1 and 2 one each; fewest parity left first");
        assertEquals(0, r.atRisk());
        assertEquals(1, r.unrecoverable());
        assertEquals(5, r.openOrders());
        assertEquals(1, r.claimedOrders());
        assertEquals(1, r.impliedOrders());
        assertEquals(2, r.completedInWindow(), "blocks 41..50");
        assertEquals(3, r.completedTotal());
        assertEquals(25, r.blocksToRepairAll().orElseThrow(), "5 open at 2 per 10 blocks");

        Redundancy twoLost = of(List.of(order(1, 0), order(1, 3)), List.of(), RestoralTally.NONE, 10);
        assertEquals(List.of(new Redundancy.Level(2, 0, 1)), twoLost.levels());
        assertEquals(1, twoLost.atRisk(), "no parity left: one more loss and it cannot be read");
        assertFalse(twoLost.blocksToRepairAll().isPresent(), "nothing repaired lately: no estimate");
    }

    @Test
    void aDeletedFileCountsNothingAndTheWindowIsBounded() {
        RestoralOrder gone = RestoralOrder.open(cess.shared.Hash.sha256(new byte[] {1}), 0, 0, LOST,
                RestoralOrder.Reason.MINER_EXITING, 1);
        assertEquals(0, of(List.of(gone), List.of(), RestoralTally.NONE, 10).openOrders());
        assertThrows(IllegalArgumentException.class, () -> of(List.of(), List.of(), RestoralTally.NONE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> of(List.of(), List.of(), RestoralTally.NONE, RestoralTally.WINDOW_BLOCKS + 1));
    }
}
