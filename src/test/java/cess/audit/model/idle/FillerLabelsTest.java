package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FillerLabelsTest {
    static final IdleParams P = new IdleParams(1 << 16, 5, 12, 3);
    static final Hash NET = Hash.sha256("test network".getBytes(StandardCharsets.US_ASCII));
    static final Address MINER = Address.of(Hash.sha256("miner".getBytes(StandardCharsets.US_ASCII)).bytes());

    static byte[] fill(IdleParams p, Hash seed) {
        byte[] l = new byte[p.unitBytes()];
        new FillerLabels(p).fill(seed, l);
        return l;
    }

    static Hash at(byte[] labels, int i) {
        return Hash.of(Arrays.copyOfRange(labels, i * 32, i * 32 + 32));
    }

    /** The parents as the class comment specifies them, written again from the text. */
    static int[] referenceParents(Hash seed, int i, int d) {
        int[] out = new int[d];
        int scales = 31 - Integer.numberOfLeadingZeros(i);
        byte[] h = null;
        for (int j = 0; j < d; j++) {
            if (j % 5 == 0) {
                h = Hash.sha256(seed.bytes(), new byte[] {'P', (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i,
                        (byte) (j / 5)}).bytes();
            }
            int o = 6 * (j % 5);
            int scaleBits = ((h[o] & 0xFF) << 8) | (h[o + 1] & 0xFF);
            long dist = ((h[o + 2] & 0xFFL) << 24) | ((h[o + 3] & 0xFFL) << 16) | ((h[o + 4] & 0xFFL) << 8) | (h[o + 5] & 0xFFL);
            int g = 1 + (int) ((long) scaleBits * scales >> 16);
            int lo = 1 << g;
            int hi = Math.min((1 << (g + 1)) - 1, i);
            out[j] = i - (int) (lo + dist % (hi - lo + 1));
        }
        return out;
    }

    @Test
    void fillFollowsTheSpecifiedFormula() {
        Hash seed = FillerLabels.unitSeed(NET, MINER, 3);
        byte[] u = new byte[8];
        u[7] = 3;
        assertEquals(Hash.sha256("cess/idle/unit/v1".getBytes(StandardCharsets.US_ASCII), NET.bytes(), MINER.bytes(), u), seed);
        byte[] labels = fill(P, seed);
        assertEquals(Hash.sha256(seed.bytes(), new byte[] {'L', 0, 0, 0, 0}), at(labels, 0));
        assertEquals(Hash.sha256(seed.bytes(), new byte[] {'L', 0, 0, 0, 1}, at(labels, 0).bytes()), at(labels, 1));
        for (int i : new int[] {2, 3, 4, 5, 100, 1000, 2047}) {
            int[] parents = referenceParents(seed, i, P.parents());
            assertArrayEquals(parents, new FillerLabels(P).parents(seed, i), "parents of " + i);
            List<byte[]> parts = new ArrayList<>(List.of(seed.bytes(), new byte[] {'L', (byte) (i >>> 24), (byte) (i >>> 16),
                    (byte) (i >>> 8), (byte) i}, at(labels, i - 1).bytes()));
            for (int p : parents) {
                parts.add(at(labels, p).bytes());
            }
            assertEquals(Hash.sha256(parts.toArray(new byte[0][])), at(labels, i), "label " + i);
        }
    }

    @Test
    void aLabelRecomputedFromItsParentsIsTheFilledOne() {
        Hash seed = FillerLabels.unitSeed(NET, MINER, 0);
        byte[] labels = fill(P, seed);
        FillerLabels fl = new FillerLabels(P);
        for (int i = 0; i < P.labels(); i += 37) {
            List<Hash> parents = new ArrayList<>();
            for (int p : fl.parents(seed, i)) {
                parents.add(at(labels, p));
            }
            assertEquals(at(labels, i), fl.label(seed, i, i > 0 ? at(labels, i - 1) : null, parents));
        }
        assertThrows(IllegalArgumentException.class, () -> fl.label(seed, 5, at(labels, 4), List.of()));
    }

    @Test
    void parentsAreEarlierThanThePredecessorAndSpanEveryScale() {
        Hash seed = FillerLabels.unitSeed(NET, MINER, 1);
        FillerLabels fl = new FillerLabels(new IdleParams(1 << 20, 8, 1, 1));
        int[] scales = new int[16];
        for (int i = 2; i < 1 << 15; i++) {
            for (int p : fl.parents(seed, i)) {
                assertTrue(p >= 0 && p <= i - 2, "parent " + p + " of " + i);
                scales[31 - Integer.numberOfLeadingZeros(i - p)]++;
            }
        }
        for (int g = 1; g < 15; g++) {
            assertTrue(scales[g] > 1000, "distances of scale 2^" + g + ": " + scales[g]);
        }
        assertEquals(0, fl.parents(seed, 0).length);
        assertEquals(0, fl.parents(seed, 1).length);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, fl.parents(seed, 2));
    }

    @Test
    void fillIsDeterministicAndRangesCompose() {
        Hash seed = FillerLabels.unitSeed(NET, MINER, 7);
        byte[] whole = fill(P, seed);
        assertArrayEquals(whole, fill(P, seed));
        byte[] parts = new byte[P.unitBytes()];
        FillerLabels fl = new FillerLabels(P);
        fl.fillRange(seed, parts, 0, 1000);
        fl.fillRange(seed, parts, 1000, P.labels());
        assertArrayEquals(whole, parts);
        assertThrows(IllegalArgumentException.class, () -> fl.fill(seed, new byte[P.unitBytes() - 32]));
        assertThrows(IllegalArgumentException.class, () -> fl.fillRange(seed, parts, 10, P.labels() + 1));
    }

    @Test
    void everyMinerUnitAndNetworkHasItsOwnFiller() {
        byte[] a = fill(P, FillerLabels.unitSeed(NET, MINER, 0));
        Address other = Address.of(Hash.sha256("other".getBytes(StandardCharsets.US_ASCII)).bytes());
        assertFalse(Arrays.equals(a, fill(P, FillerLabels.unitSeed(NET, other, 0))));
        assertFalse(Arrays.equals(a, fill(P, FillerLabels.unitSeed(NET, MINER, 1))));
        assertFalse(Arrays.equals(a, fill(P, FillerLabels.unitSeed(Hash.ZERO, MINER, 0))));
        assertNotEquals(FillerLabels.unitSeed(NET, MINER, 0), FillerLabels.unitSeed(NET, MINER, 1L << 40));
        assertThrows(IllegalArgumentException.class, () -> FillerLabels.unitSeed(NET, MINER, -1));
    }

    @Test
    void knownAnswer() {
        // pins the protocol: any change to the labels changes every committed root
        byte[] labels = fill(P, FillerLabels.unitSeed(NET, MINER, 0));
        assertEquals(KNOWN_ROOT, FillerCommitment.root(labels).hex());
    }

    static final String KNOWN_ROOT = "0x1e2a7bf41e4de54234bb3eeb856be1ca237955b046902f0adcf8c3434e44d69b";
}
