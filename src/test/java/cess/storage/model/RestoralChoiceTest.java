package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestoralChoiceTest {
    static final List<Address> M = IntStream.rangeClosed(1, 9).mapToObj(i -> KeyPair.dev("//Miner" + i).address()).toList();
    /** Two segments of RS 4+2, fragment j on //Miner(j+1). */
    static final FileLayout LAYOUT = StorageRulesTest.layout(2, 5_000, 4, 2, 1 << 20, 0);
    static final RestoralOrder ORDER = RestoralOrder.open(LAYOUT.fid(), 0, 2, M.get(2), RestoralOrder.Reason.PROOF_FAILED, 10);

    private static Miner miner(long free, Miner.State state) {
        return new Miner("http://m:1", StorageParams.TIB, StorageParams.TIB - free, Amount.ofUnits(4000), state, 0);
    }

    @Test
    void theHostedMinerWithTheMostRoomThatHoldsNothingOfTheSegmentClaims() {
        Map<Address, Miner> hosted = new LinkedHashMap<>();
        hosted.put(M.get(0), miner(StorageParams.TIB, Miner.State.POSITIVE)); // holds fragment 0 of the segment
        hosted.put(M.get(6), miner(1 << 30, Miner.State.POSITIVE));
        hosted.put(M.get(7), miner(2L << 30, Miner.State.POSITIVE));
        hosted.put(M.get(8), miner(StorageParams.TIB, Miner.State.FROZEN));
        assertEquals(new RestoralChoice.Claim(M.get(7)), RestoralChoice.next(ORDER, LAYOUT, hosted, 10));
    }

    @Test
    void aClaimHeldHereIsRebuiltAndOneHeldElsewhereIsLeftToItsHolderUntilItLapses() {
        Map<Address, Miner> hosted = Map.of(M.get(6), miner(1 << 30, Miner.State.POSITIVE));
        RestoralOrder ours = ORDER.claimedBy(M.get(6), 30);
        assertEquals(new RestoralChoice.Rebuild(M.get(6)), RestoralChoice.next(ours, LAYOUT, hosted, 30));
        RestoralOrder theirs = ORDER.claimedBy(M.get(7), 30);
        RestoralChoice.Step wait = RestoralChoice.next(theirs, LAYOUT, hosted, 30);
        assertInstanceOf(RestoralChoice.Wait.class, wait);
        assertTrue(((RestoralChoice.Wait) wait).why().contains("until block 30"), wait.toString());
        assertEquals(new RestoralChoice.Claim(M.get(6)), RestoralChoice.next(theirs, LAYOUT, hosted, 31), "lapsed: claim it");
    }

    @Test
    void withNoHostedMinerFitForItTheNodeWaitsAndSaysWhy() {
        Map<Address, Miner> hosted = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            hosted.put(M.get(i), miner(StorageParams.TIB, Miner.State.POSITIVE)); // each holds one of the segment's fragments
        }
        hosted.put(M.get(6), miner(100, Miner.State.POSITIVE)); // too little room for a 256 KiB fragment
        RestoralChoice.Step s = RestoralChoice.next(ORDER, LAYOUT, hosted, 10);
        assertInstanceOf(RestoralChoice.Wait.class, s);
        assertTrue(((RestoralChoice.Wait) s).why().contains("no miner of this node can take it"), s.toString());
    }
}
