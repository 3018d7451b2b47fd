package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleSamplerTest {
    private static final Hash SEED = Hash.sha256(new byte[] {42});

    private static IdleChallenge challenge(long first, long count) {
        return new IdleChallenge(Hash.sha256(new byte[] {1}), FillerLabelsTest.MINER, SEED, first, count);
    }

    @Test
    void samplesAreDeterministicInRangeAndDependOnTheSeed() {
        IdleParams p = new IdleParams(1 << 16, 5, 64, 1);
        IdleChallenge c = challenge(10, 7);
        Hash s0 = IdleSampler.firstSeed(SEED);
        List<IdleSampler.Sample> a = IdleSampler.round(s0, c, p);
        assertEquals(a, IdleSampler.round(s0, c, p));
        assertEquals(64, a.size());
        for (IdleSampler.Sample s : a) {
            assertTrue(s.unit() >= 10 && s.unit() < 17 && s.index() < p.labels(), s.toString());
        }
        assertNotEquals(a, IdleSampler.round(IdleSampler.firstSeed(Hash.ZERO), c, p));
    }

    @Test
    void everyLabelIsEquallyLikely() {
        // 3 units of 2,048 labels: 6,144 positions in 6 bins of 1,024; 60,000 draws, 10,000 a bin
        IdleParams p = new IdleParams(1 << 16, 5, 4000, 1);
        IdleChallenge c = challenge(0, 3);
        int[] bins = new int[6];
        Hash seed = IdleSampler.firstSeed(SEED);
        for (int r = 1; r <= 15; r++) {
            for (IdleSampler.Sample s : IdleSampler.round(seed, c, p)) {
                bins[(int) s.unit() * 2 + s.index() / 1024]++;
            }
            seed = IdleSampler.nextSeed(seed, r, List.of());
        }
        double chi2 = 0;
        for (int b : bins) {
            chi2 += (b - 10_000.0) * (b - 10_000.0) / 10_000.0;
        }
        assertTrue(chi2 < 20.5, "chi-square over 5 degrees of freedom (p = 0.001 at 20.5): " + chi2);
    }

    @Test
    void aRoundsSeedDependsOnTheLabelsBeforeIt() {
        Hash s0 = IdleSampler.firstSeed(SEED);
        Hash a = IdleSampler.nextSeed(s0, 1, List.of(Hash.ZERO));
        assertNotEquals(a, IdleSampler.nextSeed(s0, 1, List.of(Hash.sha256(new byte[0]))));
        assertNotEquals(a, IdleSampler.nextSeed(s0, 2, List.of(Hash.ZERO)));
        assertNotEquals(a, IdleSampler.nextSeed(IdleSampler.firstSeed(Hash.ZERO), 1, List.of(Hash.ZERO)));
        assertEquals(a, IdleSampler.nextSeed(s0, 1, List.of(Hash.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> IdleSampler.nextSeed(s0, 0, List.of()));
    }

    @Test
    void aChallengeCoversAPlausibleRange() {
        assertThrows(IllegalArgumentException.class, () -> challenge(0, 0));
        assertThrows(IllegalArgumentException.class, () -> challenge(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> challenge(0, IdleChallenge.MAX_UNITS + 1));
        assertThrows(IllegalArgumentException.class, () -> challenge(Long.MAX_VALUE, 2));
        assertThrows(IllegalArgumentException.class, () -> new IdleChallenge(null, FillerLabelsTest.MINER, SEED, 0, 1));
    }
}
