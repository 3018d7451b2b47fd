package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FileHealthTest {
    static final List<Address> M = IntStream.rangeClosed(1, 9).mapToObj(i -> KeyPair.dev("//Miner" + i).address()).toList();
    /** Three segments of RS 4+2, fragment j on //Miner(j+1). */
    static final FileLayout LAYOUT = StorageRulesTest.layout(3, 5_000, 4, 2, 1 << 20, 0);

    private static Map<Address, FileHealth.Standing> allPositive() {
        Map<Address, FileHealth.Standing> m = new HashMap<>();
        M.forEach(a -> m.put(a, FileHealth.Standing.POSITIVE));
        return m;
    }

    private static RestoralOrder order(int segment, int fragment, RestoralOrder.Reason why) {
        return RestoralOrder.open(LAYOUT.fid(), segment, fragment, M.get(fragment), why, 10);
    }

    @Test
    void aFileWhoseFragmentsAllSitOnMinersInGoodStandingIsHealthyWithFullRedundancy() {
        FileHealth h = FileHealth.of(LAYOUT, allPositive(), List.of(), 20);
        assertEquals(FileHealth.State.HEALTHY, h.state());
        assertEquals(3, h.segments());
        assertEquals(2, h.redundancy(), "m losses left");
        assertEquals(18, h.fragmentsPresent());
        assertEquals(0, h.fragmentsMissing());
        assertEquals(0, h.segmentsDegraded());
        assertEquals(List.of(), h.unhealthy());
        assertEquals(0, h.ordersOpen() + h.ordersClaimed());
    }

    @Test
    void aFrozenMinerStillHoldsAndProvesItsDataAndCountsAsPresent() {
        Map<Address, FileHealth.Standing> miners = allPositive();
        miners.put(M.get(3), FileHealth.Standing.FROZEN);
        assertEquals(FileHealth.State.HEALTHY, FileHealth.of(LAYOUT, miners, List.of(), 20).state());
    }

    @Test
    void anOpenOrderDegradesItsSegmentByOneAndAClaimedOneCountsAsBeingRepaired() {
        RestoralOrder lost = order(1, 2, RestoralOrder.Reason.PROOF_FAILED);
        RestoralOrder claimed = order(1, 4, RestoralOrder.Reason.PROOF_FAILED).claimedBy(M.get(7), 40);
        FileHealth h = FileHealth.of(LAYOUT, allPositive(), List.of(lost, claimed), 20);
        assertEquals(FileHealth.State.DEGRADED, h.state());
        assertEquals(1, h.segmentsDegraded());
        assertEquals(0, h.segmentsLost());
        assertEquals(0, h.redundancy(), "segment 1 has exactly k left");
        assertEquals(16, h.fragmentsPresent());
        assertEquals(2, h.fragmentsMissing());
        assertEquals(1, h.ordersOpen());
        assertEquals(1, h.ordersClaimed());
        FileHealth.SegmentHealth s = h.unhealthy().get(0);
        assertEquals(1, s.segment());
        assertEquals(4, s.present());
        assertEquals(0, s.redundancy());
        assertEquals(FileHealth.State.DEGRADED, s.state());
        assertEquals(new FileHealth.Gap(2, M.get(2), "proof_failed", "open", Optional.empty()), s.gaps().get(0));
        assertEquals(new FileHealth.Gap(4, M.get(4), "proof_failed", "claimed",
                Optional.of(new RestoralOrder.Claim(M.get(7), 40))), s.gaps().get(1));
    }

    @Test
    void aClaimPastItsDeadlineCountsAsOpenAgain() {
        RestoralOrder lapsed = order(0, 0, RestoralOrder.Reason.PROOF_FAILED).claimedBy(M.get(7), 15);
        FileHealth h = FileHealth.of(LAYOUT, allPositive(), List.of(lapsed), 20);
        assertEquals(1, h.ordersOpen());
        assertEquals(0, h.ordersClaimed());
        assertEquals("claim_expired", h.unhealthy().get(0).gaps().get(0).order());
    }

    @Test
    void anExitingOrForcedOutMinersFragmentsAreMissingWithTheOrderTheirExitImplies() {
        Map<Address, FileHealth.Standing> miners = allPositive();
        miners.put(M.get(0), FileHealth.Standing.EXITING);
        miners.put(M.get(5), FileHealth.Standing.FORCED_OUT);
        FileHealth h = FileHealth.of(LAYOUT, miners, List.of(), 20);
        assertEquals(FileHealth.State.DEGRADED, h.state());
        assertEquals(3, h.segmentsDegraded(), "every segment has a fragment on each");
        assertEquals(0, h.redundancy());
        assertEquals(6, h.ordersOpen());
        for (FileHealth.SegmentHealth s : h.unhealthy()) {
            assertEquals(List.of(new FileHealth.Gap(0, M.get(0), "miner_exiting", "open", Optional.empty()),
                    new FileHealth.Gap(5, M.get(5), "forced_out", "open", Optional.empty())), s.gaps());
        }
    }

    @Test
    void aWrittenOrderOfAnExitingMinerIsCountedOnceWithItsClaim() {
        Map<Address, FileHealth.Standing> miners = allPositive();
        miners.put(M.get(0), FileHealth.Standing.EXITING);
        RestoralOrder claimed = order(2, 0, RestoralOrder.Reason.MINER_EXITING).claimedBy(M.get(6), 50);
        FileHealth h = FileHealth.of(LAYOUT, miners, List.of(claimed), 20);
        assertEquals(3, h.fragmentsMissing());
        assertEquals(2, h.ordersOpen());
        assertEquals(1, h.ordersClaimed());
    }

    @Test
    void fewerThanKFragmentsLeftIsALostSegmentAndALostFile() {
        Map<Address, FileHealth.Standing> miners = allPositive();
        miners.remove(M.get(1)); // unregistered
        miners.put(M.get(2), FileHealth.Standing.FORCED_OUT);
        RestoralOrder failed = order(0, 3, RestoralOrder.Reason.PROOF_FAILED);
        FileHealth h = FileHealth.of(LAYOUT, miners, List.of(failed), 20);
        assertEquals(FileHealth.State.LOST, h.state());
        assertEquals(1, h.segmentsLost(), "segment 0 has three fragments left");
        assertEquals(3, h.segmentsDegraded(), "a lost segment is degraded too");
        assertEquals(-1, h.redundancy());
        FileHealth.SegmentHealth s0 = h.unhealthy().get(0);
        assertEquals(FileHealth.State.LOST, s0.state());
        assertEquals(3, s0.present());
        assertEquals(-1, s0.redundancy());
        assertEquals("miner_unregistered", s0.gaps().get(0).why());
        assertEquals("none", s0.gaps().get(0).order());
        assertEquals(FileHealth.State.DEGRADED, h.unhealthy().get(1).state());
        assertEquals(4, h.ordersOpen(), "the forced-out miner's three fragments and the failed proof's; the gone miner's has none");
    }

    @Test
    void anOrderForAPositionTheFileDoesNotHaveIsIgnored() {
        RestoralOrder elsewhere = RestoralOrder.open(LAYOUT.fid(), 7, 1, M.get(1), RestoralOrder.Reason.PROOF_FAILED, 3);
        assertEquals(FileHealth.State.HEALTHY, FileHealth.of(LAYOUT, allPositive(), List.of(elsewhere), 20).state());
    }

    @Test
    void aMinersStandingFollowsItsStateAndExitRecord() {
        Miner m = new Miner("http://m:1", StorageParams.TIB, 0, Amount.ofUnits(4000), Miner.State.POSITIVE, 0);
        assertEquals(FileHealth.Standing.POSITIVE, FileHealth.Standing.of(m, Optional.empty()));
        assertEquals(FileHealth.Standing.FROZEN, FileHealth.Standing.of(m.withState(Miner.State.FROZEN), Optional.empty()));
        Miner exiting = m.withState(Miner.State.EXITING);
        assertEquals(FileHealth.Standing.EXITING, FileHealth.Standing.of(exiting, Optional.of(new MinerExit(5, 10, false))));
        assertEquals(FileHealth.Standing.FORCED_OUT, FileHealth.Standing.of(exiting, Optional.of(new MinerExit(5, 10, true))));
        assertTrue(FileHealth.Standing.of(exiting, Optional.empty()) == FileHealth.Standing.EXITING);
        MinerAbsence short1 = MinerAbsence.first(7, 2);
        assertEquals(FileHealth.Standing.POSITIVE, FileHealth.Standing.of(m, Optional.empty(), Optional.of(short1)),
                "one miss of two: not presumed lost yet");
        MinerAbsence presumed = short1.plusMiss(19, 2);
        assertEquals(FileHealth.Standing.PRESUMED_LOST, FileHealth.Standing.of(m, Optional.empty(), Optional.of(presumed)));
        assertEquals(FileHealth.Standing.PRESUMED_LOST, FileHealth.Standing.of(m.withState(Miner.State.FROZEN), Optional.empty(),
                Optional.of(presumed)));
        assertEquals(FileHealth.Standing.FORCED_OUT, FileHealth.Standing.of(exiting, Optional.of(new MinerExit(5, 10, true)),
                Optional.of(presumed)), "an exit says more than the absence");
    }

    @Test
    void aMinerPresumedLostAfterItsMissesHasItsFragmentsMissingWithTheOrdersItsAbsenceImplies() {
        Map<Address, FileHealth.Standing> miners = allPositive();
        miners.put(M.get(2), FileHealth.Standing.PRESUMED_LOST);
        FileHealth h = FileHealth.of(LAYOUT, miners, List.of(), 20);
        assertEquals(FileHealth.State.DEGRADED, h.state());
        assertEquals(3, h.ordersOpen());
        for (FileHealth.SegmentHealth s : h.unhealthy()) {
            assertEquals(List.of(new FileHealth.Gap(2, M.get(2), "missed_challenges", "open", Optional.empty())), s.gaps());
        }
    }
}
