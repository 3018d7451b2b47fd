package cess.audit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
    static final Address MINER = account(1);
    private static final int C = ChunkTree.CHUNK;

    static Address account(int n) {
        byte[] k = new byte[32];
        k[0] = (byte) n;
        k[31] = 7;
        return Address.of(k);
    }

    static Hash seed(int n) {
        return Sampler.seed(Hash.sha256(new byte[] {(byte) n, 9}), MINER, n);
    }

    /** Fragments of 1, 4 (the last short), 10, 33 and 100 chunks: 148 in all. */
    private static MemoryHoldings mixed() {
        MemoryHoldings h = new MemoryHoldings();
        int[] lengths = {C, 3 * C + 5, 10 * C, 33 * C, 100 * C};
        for (int i = 0; i < lengths.length; i++) {
            h.addRandom(MINER, lengths[i], i);
        }
        return h;
    }

    @Test
    void samplesAreAFunctionOfTheSeedAndTheHoldings() {
        MemoryHoldings h = mixed();
        List<Sample> a = Sampler.draw(seed(1), MINER, h, 180);
        assertEquals(180, a.size());
        assertEquals(a, Sampler.draw(seed(1), MINER, h, 180));
        assertEquals(a, Sampler.draw(seed(1), MINER, mixed(), 180), "the same holdings rebuilt");
        assertEquals(a.subList(0, 20), Sampler.draw(seed(1), MINER, h, 20), "sample j does not depend on the count");
        List<Sample> b = Sampler.draw(seed(2), MINER, h, 180);
        assertNotEquals(a, b);
        int same = 0;
        for (int j = 0; j < 180; j++) {
            same += a.get(j).equals(b.get(j)) ? 1 : 0;
        }
        assertTrue(same < 10, "two seeds agree on about 1/148 of their samples, not " + same);
        for (Sample s : a) {
            Holding held = h.at(MINER, s.seq());
            assertTrue(s.chunk() < held.chunks());
            assertEquals(held.root(), s.root());
        }
    }

    @Test
    void theSeedSeparatesBlocksMinersAndChallenges() {
        Hash block = Hash.sha256(new byte[] {1});
        Hash other = Hash.sha256(new byte[] {2});
        Hash s = Sampler.seed(block, MINER, 5);
        assertEquals(s, Sampler.seed(block, MINER, 5));
        Set<Hash> all = new HashSet<>(List.of(s, Sampler.seed(other, MINER, 5), Sampler.seed(block, account(2), 5),
                Sampler.seed(block, MINER, 6), block));
        assertEquals(5, all.size());
    }

    @Test
    void aMinerHoldingNothingIsNotSampled() {
        MemoryHoldings h = new MemoryHoldings();
        assertEquals(List.of(), Sampler.draw(seed(1), MINER, h, 180));
        h.addRandom(account(2), C, 1);
        assertEquals(List.of(), Sampler.draw(seed(1), MINER, h, 180), "another miner's fragments are not its own");
        assertEquals(List.of(), Sampler.draw(seed(1), account(2), h, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.draw(seed(1), account(2), h, -1));
    }

    @Test
    void samplesAreUniformOverChunksNotFragments() {
        MemoryHoldings h = mixed();
        long[] offset = new long[6];
        for (int i = 0; i < 5; i++) {
            offset[i + 1] = offset[i] + h.at(MINER, i).chunks();
        }
        int cells = (int) offset[5];
        assertEquals(148, cells);
        int n = 29_600;
        long[] seen = new long[cells];
        long[] perFragment = new long[5];
        for (Sample s : Sampler.draw(seed(3), MINER, h, n)) {
            seen[(int) (offset[(int) s.seq()] + s.chunk())]++;
            perFragment[(int) s.seq()]++;
        }
        double expected = (double) n / cells;
        double chi2 = 0;
        for (long c : seen) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 147 degrees of freedom: mean 147, the 0.1 % tail starts near 205. Fixed seed, so not flaky.
        assertTrue(chi2 < 205, "chunks drawn uniformly: chi-square " + chi2);
        assertTrue(chi2 > 100, "and not suspiciously even: chi-square " + chi2);
        for (int i = 0; i < 5; i++) {
            double share = (double) perFragment[i] / n;
            double want = (double) h.at(MINER, i).chunks() / cells;
            assertEquals(want, share, 0.02, "fragment " + i + " is drawn by its size");
        }
    }

    @Test
    void oneLargeFragmentAmongManyTinyOnesIsSampledByItsSize() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 1000 * C, 1);
        for (int i = 0; i < 100; i++) {
            h.addRandom(MINER, 100, 10 + i);
        }
        int onLarge = 0;
        int n = 5_000;
        for (Sample s : Sampler.draw(seed(4), MINER, h, n)) {
            onLarge += s.seq() == 0 ? 1 : 0;
        }
        // 1,000 of 1,100 chunks; drawing fragments first would give 1 in 101.
        assertEquals(1000.0 / 1100, (double) onLarge / n, 0.02);
    }

    @Test
    void aLooseBoundFallsBackWithinTheDrawnFragmentAndStillEnds() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 5 * C, 1);
        h.addRandom(MINER, 2 * C, 2);
        h.addRandom(MINER, C, 3);
        h.forceMaxChunks(MINER, 1_000_000_000L);
        List<Sample> samples = Sampler.draw(seed(5), MINER, h, 12);
        assertEquals(12, samples.size());
        assertEquals(samples, Sampler.draw(seed(5), MINER, h, 12));
        Set<Long> fragments = new HashSet<>();
        for (Sample s : samples) {
            assertTrue(s.chunk() < h.at(MINER, s.seq()).chunks());
            fragments.add(s.seq());
        }
        assertEquals(3, fragments.size(), "the fallback is uniform over fragments");
    }

    @Test
    void holdingsThatBreakTheirBoundAreAnErrorNotASilentGap() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 5 * C, 1);
        h.forceMaxChunks(MINER, 4);
        assertTrue(assertThrows(IllegalStateException.class, () -> Sampler.draw(seed(1), MINER, h, 3)).getMessage()
                .contains("above the holdings' bound of 4"));
        h.forceMaxChunks(MINER, 0);
        assertThrows(IllegalStateException.class, () -> Sampler.draw(seed(1), MINER, h, 3));
    }

    /**
     * Known answers: the draw is consensus (the miner and every validator must agree), so any
     * change to the domain tags, the encoding or the draw shows here first.
     */
    @Test
    void knownAnswers() {
        Address zero = Address.of(new byte[32]);
        List<Holding> list = new java.util.ArrayList<>();
        long[] lengths = {8L << 20, 5000, 1 << 20, 1024};
        for (int i = 0; i < lengths.length; i++) {
            list.add(new Holding(Hash.sha256(new byte[] {(byte) i}), i, 0, Hash.sha256(new byte[] {(byte) (10 + i)}), lengths[i]));
        }
        Holdings fixed = new Holdings() {
            public long count(Address m) {
                return list.size();
            }

            public Holding at(Address m, long seq) {
                return list.get((int) seq);
            }

            public long maxChunks(Address m) {
                return 8192;
            }
        };
        Hash seed = Sampler.seed(Hash.sha256(new byte[] {1}), zero, 0);
        assertEquals(Hash.parse("b98669bb20a70c12d49614ae967cdf03d4a4509ffd6435ce02d0ff64aea7ee9a"), seed);
        List<Sample> drawn = Sampler.draw(seed, zero, fixed, 5);
        long[][] expected = {{0, 1898}, {0, 3190}, {0, 2710}, {0, 1794}, {0, 6976}};
        for (int j = 0; j < 5; j++) {
            assertEquals(expected[j][0], drawn.get(j).seq(), "sample " + j);
            assertEquals(expected[j][1], drawn.get(j).chunk(), "sample " + j);
            assertEquals(list.get((int) expected[j][0]).root(), drawn.get(j).root());
        }
        assertEquals(590, ChallengeSchedule.challengeHeight(ChallengeSchedule.periodSeed(Hash.ZERO, 0), zero, 0, 600));
    }
}
