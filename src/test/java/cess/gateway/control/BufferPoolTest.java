package cess.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void largeArraysAreReusedBySizeUpToACap() {
        BufferPool pool = new BufferPool();
        byte[] a = pool.take(BufferPool.MIN_LENGTH);
        assertEquals(BufferPool.MIN_LENGTH, a.length);
        pool.give(a);
        assertSame(a, pool.take(BufferPool.MIN_LENGTH), "given back, handed out again");
        assertNotSame(a, pool.take(BufferPool.MIN_LENGTH), "handed out once, not twice");
        assertEquals(BufferPool.MIN_LENGTH + 1, pool.take(BufferPool.MIN_LENGTH + 1).length, "exact lengths only");
        byte[] small = new byte[100];
        pool.give(small);
        assertNotSame(small, pool.take(100), "small arrays are left to the collector");
        int big = 64 << 20;
        int cap = (int) (BufferPool.MAX_BYTES_PER_LENGTH / big);
        byte[][] many = new byte[cap + 2][];
        for (int i = 0; i < many.length; i++) {
            many[i] = pool.take(big);
        }
        pool.give(many);
        int reused = 0;
        for (int i = 0; i < many.length; i++) {
            byte[] b = pool.take(big);
            for (byte[] m : many) {
                reused += b == m ? 1 : 0;
            }
        }
        assertEquals(cap, reused, "the pool keeps at most " + BufferPool.MAX_BYTES_PER_LENGTH + " bytes of one length");
    }

    @Test
    void theLengthsUsedLeastRecentlyAreDroppedOnceThePoolIsFull() {
        BufferPool pool = new BufferPool();
        int size = 32 << 20;
        byte[] old = pool.take(size + 1);
        pool.give(old);
        // Two other lengths, neither over its own cap, together fill the pool.
        int each = (int) (BufferPool.MAX_BYTES / size / 2);
        byte[][] recent = new byte[2 * each][];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = pool.take(size + 2 + i % 2);
        }
        pool.give(recent);
        assertTrue(pool.held() <= BufferPool.MAX_BYTES, "held " + pool.held());
        assertNotSame(old, pool.take(size + 1), "the length not used since was dropped");
        byte[] again = pool.take(size + 3);
        assertTrue(java.util.Arrays.stream(recent).anyMatch(b -> b == again), "a recent length is kept");
        assertEquals(0, new BufferPool().held());
    }
}
