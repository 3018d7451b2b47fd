package cess.audit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuditParamsTest {
    private static AuditParams with(int samples, long period, long base, long rate, int strikes, int exit, int maxProof) {
        return new AuditParams(samples, period, base, rate, 500, 1500, 500, 1000, strikes, exit, maxProof);
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void theDefaultCatchesFivePercentLostWithProbabilityOneInTenThousand() {
        assertEquals(180, AuditParams.samplesFor(0.05, 1e-4));
        assertEquals(180, AuditParams.DEFAULT_SAMPLES);
        assertEquals(180, AuditParams.DEFAULT.samples());
        assertTrue(Math.pow(0.95, 180) <= 1e-4, "the bound holds at 180");
        assertTrue(Math.pow(0.95, 179) > 1e-4, "and 179 would not do");
    }

    @Test
    void theFormulaGivesTheLeastSampleCountWhoseBoundHolds() {
        // Exact powers, where ln p / ln(1 - δ) is an integer up to rounding.
        assertEquals(2, AuditParams.samplesFor(0.5, 0.25));
        assertEquals(3, AuditParams.samplesFor(0.5, 0.125));
        assertEquals(10, AuditParams.samplesFor(0.5, Math.pow(0.5, 10)));
        assertEquals(4, AuditParams.samplesFor(0.5, 0.1));
        assertEquals(1, AuditParams.samplesFor(0.9, 0.5));
        assertEquals(1, AuditParams.samplesFor(1.0, 1e-9), "a miner that lost everything fails any one sample");
        assertEquals(917, AuditParams.samplesFor(0.01, 1e-4));
        assertEquals(88, AuditParams.samplesFor(0.1, 1e-4));
        for (double delta : new double[] {0.001, 0.01, 0.05, 0.2, 0.7}) {
            for (double p : new double[] {0.5, 1e-2, 1e-4, 1e-9}) {
                int s = AuditParams.samplesFor(delta, p);
                assertTrue(s * Math.log1p(-delta) <= Math.log(p), delta + "/" + p + ": bound holds at " + s);
                assertTrue(s == 1 || (s - 1) * Math.log1p(-delta) > Math.log(p), delta + "/" + p + ": " + s + " is least");
            }
        }
    }

    @Test
    void theFormulaRefusesFractionsAndProbabilitiesOutOfRange() {
        assertTrue(refusal(() -> AuditParams.samplesFor(0, 1e-4)).contains("lost fraction"));
        assertTrue(refusal(() -> AuditParams.samplesFor(-0.1, 1e-4)).contains("lost fraction"));
        assertTrue(refusal(() -> AuditParams.samplesFor(1.5, 1e-4)).contains("lost fraction"));
        assertTrue(refusal(() -> AuditParams.samplesFor(Double.NaN, 1e-4)).contains("lost fraction"));
        assertTrue(refusal(() -> AuditParams.samplesFor(0.05, 0)).contains("pass probability"));
        assertTrue(refusal(() -> AuditParams.samplesFor(0.05, 1)).contains("pass probability"));
        assertTrue(refusal(() -> AuditParams.samplesFor(0.05, Double.NaN)).contains("pass probability"));
        assertTrue(refusal(() -> AuditParams.samplesFor(1e-15, 1e-4)).contains("samples"));
    }

    @Test
    void theDeadlineRateScalesWithTheBlockTime() {
        assertEquals(25_165_824L, AuditParams.serviceBytesPerBlock(6_000));
        assertEquals(25_165_824L, AuditParams.DEFAULT.serviceBytesPerBlock());
        assertEquals(4_194_304L, AuditParams.serviceBytesPerBlock(1_000));
        assertEquals(4_194L, AuditParams.serviceBytesPerBlock(1));
        assertThrows(IllegalArgumentException.class, () -> AuditParams.serviceBytesPerBlock(0));
    }

    @Test
    void theDefaultIsCessTable() {
        AuditParams p = AuditParams.DEFAULT;
        assertEquals(50, p.deadlineBaseBlocks());
        assertEquals(600, p.periodBlocks());
        assertEquals(500, p.secondMissBps());
        assertEquals(1500, p.laterMissBps());
        assertEquals(500, p.failedServiceBps());
        assertEquals(1000, p.failedIdleBps());
        assertEquals(1, p.serviceStrikes());
        assertEquals(100, p.forcedExitMisses());
        assertEquals(512 * 1024, p.maxProofBytes());
        assertEquals(0, p.missBps(1));
        assertEquals(500, p.missBps(2));
        assertEquals(1500, p.missBps(3));
        assertEquals(1500, p.missBps(99));
        AuditParams devnet = AuditParams.cess(1_000, 60);
        assertEquals(60, devnet.periodBlocks());
        assertEquals(4_194_304L, devnet.serviceBytesPerBlock());
    }

    @Test
    void everyUnusableValueIsRefusedWithItsName() {
        int ok = AuditParams.DEFAULT_MAX_PROOF_BYTES;
        assertTrue(refusal(() -> with(0, 600, 50, 1, 1, 100, ok)).contains("samples"));
        assertTrue(refusal(() -> with(AuditParams.MAX_SAMPLES + 1, 600, 50, 1, 1, 100, ok)).contains("samples"));
        assertTrue(refusal(() -> with(180, 600, 0, 1, 1, 100, ok)).contains("deadlineBaseBlocks"));
        assertTrue(refusal(() -> with(180, 49, 50, 1, 1, 100, ok)).contains("periodBlocks"));
        assertTrue(refusal(() -> with(180, 600, 50, 0, 1, 100, ok)).contains("serviceBytesPerBlock"));
        assertTrue(refusal(() -> with(180, 600, 50, 1, 0, 100, ok)).contains("serviceStrikes"));
        assertTrue(refusal(() -> with(180, 600, 50, 1, 1, 0, ok)).contains("forcedExitMisses"));
        assertTrue(refusal(() -> new AuditParams(180, 600, 50, 1, 10_001, 1500, 500, 1000, 1, 100, ok)).contains("secondMissBps"));
        assertTrue(refusal(() -> new AuditParams(180, 600, 50, 1, 500, -1, 500, 1000, 1, 100, ok)).contains("laterMissBps"));
        assertTrue(refusal(() -> new AuditParams(180, 600, 50, 1, 500, 1500, 20_000, 1000, 1, 100, ok)).contains("failedServiceBps"));
        assertTrue(refusal(() -> new AuditParams(180, 600, 50, 1, 500, 1500, 500, -5, 1, 100, ok)).contains("failedIdleBps"));
        assertTrue(refusal(() -> with(180, 600, 50, 1, 1, 100, 100_000)).contains("maxProofBytes"));
        assertTrue(refusal(() -> with(180, 600, 50, 1, 1, 100, 1024 * 1024)).contains("transaction"));
        // The least that holds 180 samples of fragments up to 4 TiB is accepted.
        int least = ServiceProof.encodedSize(180, 32);
        assertEquals(least, with(180, 600, 50, 1, 1, 100, least).maxProofBytes());
        assertEquals(50, with(180, 50, 50, 1, 1, 100, ok).periodBlocks(), "a period as long as the floor");
    }
}
