package cess.audit.model;

import static cess.audit.model.SamplerTest.MINER;
import static cess.audit.model.SamplerTest.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Hash;
import org.junit.jupiter.api.Test;

class ChallengeScheduleTest {
    private static final AuditParams P = AuditParams.DEFAULT;
    private static final long GIB = 1L << 30;

    @Test
    void periodsAreFixedRunsFromHeightZero() {
        assertEquals(0, ChallengeSchedule.period(0, 600));
        assertEquals(0, ChallengeSchedule.period(599, 600));
        assertEquals(1, ChallengeSchedule.period(600, 600));
        assertEquals(1_200, ChallengeSchedule.periodStart(1_799, 600));
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.period(5, 0));
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.period(-1, 600));
    }

    @Test
    void periodSeedsDependOnTheMixAndThePeriod() {
        Hash mix = Hash.sha256(new byte[] {1});
        assertEquals(ChallengeSchedule.periodSeed(mix, 3), ChallengeSchedule.periodSeed(mix, 3));
        assertNotEquals(ChallengeSchedule.periodSeed(mix, 3), ChallengeSchedule.periodSeed(mix, 4));
        assertNotEquals(ChallengeSchedule.periodSeed(mix, 3), ChallengeSchedule.periodSeed(Hash.sha256(new byte[] {2}), 3));
    }

    @Test
    void onlyMinersHoldingSomethingAreChallenged() {
        assertFalse(ChallengeSchedule.challenged(0, 0));
        assertTrue(ChallengeSchedule.challenged(1, 0));
        assertTrue(ChallengeSchedule.challenged(0, 1));
    }

    @Test
    void eachMinerIsChallengedAtOneBlockSpreadOverThePeriod() {
        Hash seed = ChallengeSchedule.periodSeed(Hash.sha256(new byte[] {5}), 7);
        long start = 4_200;
        int[] tenths = new int[10];
        int n = 5_000;
        for (int m = 0; m < n; m++) {
            byte[] k = new byte[32];
            k[0] = (byte) m;
            k[1] = (byte) (m >> 8);
            Address miner = Address.of(k);
            long at = ChallengeSchedule.challengeHeight(seed, miner, start, 600);
            assertTrue(at >= start && at < start + 600, "inside the period: " + at);
            assertEquals(at, ChallengeSchedule.challengeHeight(seed, miner, start, 600));
            tenths[(int) ((at - start) / 60)]++;
        }
        double chi2 = 0;
        for (int t : tenths) {
            chi2 += (t - n / 10.0) * (t - n / 10.0) / (n / 10.0);
        }
        assertTrue(chi2 < 27.9, "spread evenly over the period (9 degrees of freedom, 0.1 % tail): " + chi2);
        Hash other = ChallengeSchedule.periodSeed(Hash.sha256(new byte[] {5}), 8);
        int same = 0;
        for (int m = 0; m < 100; m++) {
            same += ChallengeSchedule.challengeHeight(seed, account(m), 0, 600)
                    == ChallengeSchedule.challengeHeight(other, account(m), 0, 600) ? 1 : 0;
        }
        assertTrue(same < 5, "another period's seed gives other blocks: " + same + " of 100 alike");
        assertEquals(0, ChallengeSchedule.challengeHeight(seed, MINER, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.challengeHeight(seed, MINER, -1, 600));
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.challengeHeight(seed, MINER, Long.MAX_VALUE, 600));
    }

    @Test
    void deadlinesFollowCessFormulaWithAFloorAndAPeriodCap() {
        assertEquals(50, ChallengeSchedule.deadlineBlocks(0, P));
        assertEquals(50, ChallengeSchedule.deadlineBlocks(25_165_823, P));
        assertEquals(51, ChallengeSchedule.deadlineBlocks(25_165_824, P));
        assertEquals(50 + 42, ChallengeSchedule.deadlineBlocks(GIB, P), "1 GiB: 42.7 blocks, rounded down");
        assertEquals(50 + 682, ChallengeSchedule.deadlineBlocks(16 * GIB, AuditParams.cess(6_000, 10_000)));
        assertEquals(600, ChallengeSchedule.deadlineBlocks(16 * GIB, P), "capped at one period");
        assertEquals(600, ChallengeSchedule.deadlineBlocks(Long.MAX_VALUE, P));
        assertEquals(1_092, ChallengeSchedule.deadline(1_000, GIB, P));
        AuditParams devnet = AuditParams.cess(1_000, 60);
        assertEquals(50, ChallengeSchedule.deadlineBlocks(1 << 20, devnet));
        assertEquals(60, ChallengeSchedule.deadlineBlocks(GIB, devnet), "1 GiB at 4 MiB a block: 256, capped at 60");
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.deadlineBlocks(-1, P));
        assertThrows(IllegalArgumentException.class, () -> ChallengeSchedule.deadline(-1, 0, P));
        assertThrows(ArithmeticException.class, () -> ChallengeSchedule.deadline(Long.MAX_VALUE - 10, 0, P));
    }
}
