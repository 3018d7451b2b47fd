package cess.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReedSolomonTest {

    @Test
    void fieldIdentities() {
        assertEquals(0x1D, Galois.mul(2, 128), "x^8 reduces to x^4+x^3+x^2+1 under 0x11D");
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Galois.mul(a, Galois.inverse(a)), "a * a^-1 for a=" + a);
            assertEquals(a, Galois.mul(a, 1));
            assertEquals(0, Galois.mul(a, 0));
        }
        assertEquals(255, java.util.stream.IntStream.range(0, 255).map(i -> Galois.EXP[i] & 0xFF).distinct().count(),
                "2 generates the multiplicative group");
    }

    @Test
    void oneDataShardIsReplication() {
        ReedSolomon rs = new ReedSolomon(new ErasureParams(1, 3));
        byte[][] shards = shards(1, 3, 64, new Random(1));
        rs.encode(shards, 0, 64);
        for (int p = 1; p < 4; p++) {
            assertArrayEquals(shards[0], shards[p]);
        }
    }

    @Test
    void parityIsTheCodingRowTimesTheDataIndependentlyComputed() {
        // The systematic matrix's parity rows are V_parity · (V_top)^-1; recompute one byte by hand.
        ErasureParams p = new ErasureParams(4, 2);
        ReedSolomon rs = new ReedSolomon(p);
        byte[][] shards = shards(4, 2, 1, new Random(7));
        rs.encode(shards, 0, 1);
        int[][] v = Matrix.vandermonde(6, 4);
        int[][] top = Matrix.invert(Matrix.rows(v, new int[] {0, 1, 2, 3}));
        for (int parity = 4; parity < 6; parity++) {
            int expected = 0;
            for (int d = 0; d < 4; d++) {
                int coefficient = 0;
                for (int i = 0; i < 4; i++) {
                    coefficient ^= Galois.mul(v[parity][i], top[i][d]);
                }
                expected ^= Galois.mul(coefficient, shards[d][0] & 0xFF);
            }
            assertEquals(expected, shards[parity][0] & 0xFF);
        }
    }

    @Test
    void encodingIsLinear() {
        ReedSolomon rs = new ReedSolomon(new ErasureParams(4, 2));
        Random r = new Random(3);
        byte[][] a = shards(4, 2, 100, r);
        byte[][] b = shards(4, 2, 100, r);
        byte[][] sum = new byte[6][100];
        for (int d = 0; d < 4; d++) {
            for (int i = 0; i < 100; i++) {
                sum[d][i] = (byte) (a[d][i] ^ b[d][i]);
            }
        }
        rs.encode(a, 0, 100);
        rs.encode(b, 0, 100);
        rs.encode(sum, 0, 100);
        for (int p = 4; p < 6; p++) {
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) (a[p][i] ^ b[p][i]), sum[p][i]);
            }
        }
    }

    @ParameterizedTest(name = "RS({0}+{1})")
    @CsvSource({"4,2", "4,8", "3,1", "10,4"})
    void everyErasurePatternUpToParityIsRebuilt(int k, int m) {
        ReedSolomon rs = new ReedSolomon(new ErasureParams(k, m));
        int n = k + m;
        int size = 97; // odd, to exercise every byte position
        byte[][] original = shards(k, m, size, new Random(k * 31L + m));
        rs.encode(original, 0, size);
        int patterns = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) > m) {
                continue;
            }
            byte[][] damaged = new byte[n][];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (mask & (1 << i)) == 0;
                damaged[i] = present[i] ? original[i].clone() : new byte[size];
                if (!present[i]) {
                    java.util.Arrays.fill(damaged[i], (byte) 0x5A); // garbage that must be overwritten
                }
            }
            rs.reconstruct(damaged, present, 0, size);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(original[i], damaged[i], "shard " + i + " with erasure mask " + Integer.toBinaryString(mask));
            }
            patterns++;
        }
        assertTrue(patterns > n, "tried " + patterns + " patterns");
    }

    @Test
    void refusesMoreThanParityMissingAndBadShapes() {
        ReedSolomon rs = new ReedSolomon(new ErasureParams(4, 2));
        byte[][] s = shards(4, 2, 8, new Random(5));
        rs.encode(s, 0, 8);
        var e = assertThrows(IllegalArgumentException.class,
                () -> rs.reconstruct(s, new boolean[] {true, true, true, false, false, false}, 0, 8));
        assertTrue(e.getMessage().contains("need 4 of 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rs.encode(new byte[5][8], 0, 8));
        assertThrows(IllegalArgumentException.class, () -> rs.encode(s, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new ErasureParams(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ErasureParams(200, 57));
    }

    @Test
    void codesASubRangeOnly() {
        ReedSolomon rs = new ReedSolomon(new ErasureParams(4, 2));
        byte[][] s = shards(4, 2, 32, new Random(9));
        byte[] before = s[4].clone();
        rs.encode(s, 8, 16);
        for (int i = 0; i < 8; i++) {
            assertEquals(before[i], s[4][i], "bytes outside the range are untouched");
        }
    }

    static byte[][] shards(int k, int m, int size, Random r) {
        byte[][] s = new byte[k + m][size];
        for (int i = 0; i < k; i++) {
            r.nextBytes(s[i]);
        }
        return s;
    }
}
