package cess.incentive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IssuanceTest {
    static final IncentiveParams P = IncentiveParams.production();

    @Test
    void cessScheduleFirstYearSplitsTwoToOneAndDecaysByPoint841() {
        assertEquals(Amount.cess(715_500_000), Issuance.yearly(P, 0));
        assertEquals(Amount.cess(601_735_500), Issuance.yearly(P, 1), "x0.841");
        assertEquals(Amount.ZERO, Issuance.yearly(P, 30), "nothing after 30 years");
        assertEquals(1460, P.erasPerYear(), "eras of 6 hours at 6 s blocks");
        Issuance.EraMint first = Issuance.era(P, 0);
        // 715.5 M / 1460 eras, two thirds storage: about 326,712 CESS to storage, 163,356 to consensus
        assertEquals(Amount.cess(715_500_000).share(1, 1460), first.total());
        assertTrue(first.storage().units().subtract(first.consensus().units().shiftLeft(1)).abs().compareTo(BigInteger.TWO) <= 0,
                first.toString());
    }

    @Test
    void theErasOfAYearAddUpToItsMintExactly() {
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            long eraBlocks = 1 + r.nextInt(50);
            long eras = 1 + r.nextInt(300);
            IncentiveParams p = new IncentiveParams(eraBlocks, eraBlocks * eras, new Amount(BigInteger.valueOf(r.nextLong() >>> 1)
                    .multiply(BigInteger.valueOf(1 + r.nextInt(1000)))), r.nextInt(IncentiveParams.PPM + 1), 1 + r.nextInt(5),
                    r.nextInt(4), 1 + r.nextInt(4), 8_000, 500, 10, 5_000, 3, 10);
            for (long year = 0; year <= p.years(); year++) {
                BigInteger sum = BigInteger.ZERO;
                for (long k = 0; k < eras; k++) {
                    Issuance.EraMint m = Issuance.era(p, year * eras + k);
                    assertTrue(m.storage().units().signum() >= 0 && m.consensus().units().signum() >= 0);
                    sum = sum.add(m.total().units());
                }
                assertEquals(Issuance.yearly(p, year).units(), sum, "year " + year + " of " + p);
            }
            long upTo = r.nextInt((int) (eras * (p.years() + 1)));
            BigInteger byEra = BigInteger.ZERO;
            for (long e = 0; e < upTo; e++) {
                byEra = byEra.add(Issuance.era(p, e).total().units());
            }
            assertEquals(byEra, Issuance.mintedBefore(p, upTo).units(), "total issuance after " + upTo + " eras");
        }
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IncentiveParams(7, 100, Amount.ZERO, 1, 1, 2, 1,
                8_000, 500, 10, 5_000, 3, 10)).getMessage().contains("whole number of eras"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IncentiveParams(10, 100, Amount.ZERO, 1, 1, 0, 0,
                8_000, 500, 10, 5_000, 3, 10)).getMessage().contains("storageParts"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IncentiveParams(10, 100, Amount.ZERO, 1, 1, 2, 1,
                10_001, 500, 10, 5_000, 3, 10)).getMessage().contains("basis points"));
        assertThrows(IllegalArgumentException.class, () -> Issuance.era(P, -1));
    }
}
