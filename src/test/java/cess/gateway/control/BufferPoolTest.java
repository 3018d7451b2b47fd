package cess.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
