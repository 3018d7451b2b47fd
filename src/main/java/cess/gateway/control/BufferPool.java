package cess.gateway.control;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Large byte arrays (segments, sealed segments, fragments) handed back and reused, so that a
 * steady stream of uploads does not make garbage at the rate it moves bytes: without it the
 * collector grows the heap by hundreds of MiB during one large upload. Arrays are kept by exact
 * length, at most {@link #MAX_BYTES_PER_LENGTH} bytes of each; a caller finds an empty pool by
 * getting a new array. An array is given back only once nothing can still read or write it.
 * Thread-safe.
 */
final class BufferPool {
    /** Arrays shorter than this are not pooled: the collector handles them well. */
    static final int MIN_LENGTH = 1 << 20;
    static final long MAX_BYTES_PER_LENGTH = 256L << 20;

    private final Map<Integer, ArrayDeque<byte[]>> free = new ConcurrentHashMap<>();

    /** An array of exactly {@code length} bytes, of undefined content. */
    byte[] take(int length) {
        if (length >= MIN_LENGTH) {
            ArrayDeque<byte[]> q = free.get(length);
            if (q != null) {
                synchronized (q) {
                    byte[] b = q.poll();
                    if (b != null) {
                        return b;
                    }
                }
            }
        }
        return new byte[length];
    }

    /** Gives arrays back; the caller must not touch them afterwards. */
    void give(byte[]... arrays) {
        for (byte[] b : arrays) {
            if (b == null || b.length < MIN_LENGTH) {
                continue;
            }
            ArrayDeque<byte[]> q = free.computeIfAbsent(b.length, n -> new ArrayDeque<>());
            synchronized (q) {
                if ((long) (q.size() + 1) * b.length <= MAX_BYTES_PER_LENGTH) {
                    q.push(b);
                }
            }
        }
    }
}
