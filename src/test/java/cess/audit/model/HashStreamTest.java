package cess.audit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Encoder;
import cess.shared.Hash;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashStreamTest {
    private static HashStream stream(String domain, int context) {
        return new HashStream(domain, new Encoder().u32(context).toBytes());
    }

    @Test
    void wordsAreTheCounterModeHashOfThePrefix() {
        HashStream s = stream("d", 7);
        byte[] prefix = new Encoder().string("d").u32(7).toBytes();
        for (long block = 0; block < 3; block++) {
            byte[] h = Hash.sha256(prefix, new Encoder().u64(block).toBytes()).bytes();
            for (int w = 0; w < 4; w++) {
                long expected = 0;
                for (int i = 0; i < 8; i++) {
                    expected = (expected << 8) | (h[w * 8 + i] & 0xFF);
                }
                assertEquals(expected, s.next(), "block " + block + " word " + w);
            }
        }
        assertEquals(3, s.hashes());
    }

    @Test
    void streamsAreDeterministicAndSeparatedByDomainAndContext() {
        HashStream a = stream("x", 1);
        HashStream b = stream("x", 1);
        for (int i = 0; i < 20; i++) {
            assertEquals(a.next(), b.next());
        }
        assertNotEquals(stream("x", 1).next(), stream("y", 1).next());
        assertNotEquals(stream("x", 1).next(), stream("x", 2).next());
    }

    @Test
    void theHighWordOfTheUnsignedProductIsExact() {
        Random r = new Random(3);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < 10_000; i++) {
            long x = r.nextLong();
            long n = (r.nextLong() >>> 1) >>> r.nextInt(63); // bounds are never negative
            BigInteger ux = new BigInteger(Long.toUnsignedString(x));
            long expected = ux.multiply(BigInteger.valueOf(n)).divide(two64).longValue();
            assertEquals(expected, HashStream.unsignedMultiplyHigh(x, n), x + " * " + n);
        }
        // (2^64 - 1)(2^63 - 1) = 2^127 - 2^64 - 2^63 + 1, whose high word is 2^63 - 2.
        assertEquals(Long.MAX_VALUE - 1, HashStream.unsignedMultiplyHigh(-1L, Long.MAX_VALUE));
    }

    @Test
    void drawsStayBelowTheirBoundAndCoverIt() {
        HashStream s = stream("below", 0);
        int[] seen = new int[7];
        for (int i = 0; i < 7_000; i++) {
            long v = s.below(7);
            assertTrue(v >= 0 && v < 7);
            seen[(int) v]++;
        }
        for (int c : seen) {
            assertTrue(c > 850 && c < 1150, "each of 7 values about 1,000 times: " + c);
        }
        assertEquals(0, s.below(1));
        long big = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            long v = s.below(big);
            assertTrue(v >= 0 && v < big);
        }
        assertThrows(IllegalArgumentException.class, () -> s.below(0));
        assertThrows(IllegalArgumentException.class, () -> s.below(-3));
    }

    @Test
    void aBoundNearTwoToTheSixtyThreeRejectsBiasedWordsYetEnds() {
        // 2^62 + 1 rejects about a quarter of the words: a draw then reads more than one.
        HashStream s = stream("reject", 0);
        long n = (1L << 62) + 1;
        for (int i = 0; i < 1_000; i++) {
            assertTrue(s.below(n) < n);
        }
        assertTrue(s.hashes() > 300, "more than one word per draw: " + s.hashes() + " hashes for 1,000 draws");
    }
}
