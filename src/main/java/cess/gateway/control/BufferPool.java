package cess.gateway.control;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Large byte arrays (segments, sealed segments, fragments read and written) handed back and
 * reused, so that a steady stream of uploads and downloads does not make garbage at the rate it
 * moves bytes: without it the collector grows the heap by hundreds of MiB during one large
 * upload, and every download zeroes fresh arrays before reading into them. Arrays are kept by
 * exact length, at most {@link #MAX_BYTES_PER_LENGTH} bytes of one length and
 * {@link #MAX_BYTES} in all; when full, the lengths used least recently are dropped first (objects
 * of many odd sizes leave fragments of many lengths behind). A caller finds an empty pool by
 * getting a new array. An array is given back only once nothing can still read or write it.
 * Thread-safe.
 */
final class BufferPool {
    /** Arrays shorter than this are not pooled: the collector handles them well. */
    static final int MIN_LENGTH = 64 << 10;
    static final long MAX_BYTES_PER_LENGTH = 256L << 20;
    static final long MAX_BYTES = 384L << 20;

    /** Free arrays by length, least recently used length first. Guarded by itself. */
    private final LinkedHashMap<Integer, ArrayDeque<byte[]>> free = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    /** An array of exactly {@code length} bytes, of undefined content. */
    byte[] take(int length) {
        if (length >= MIN_LENGTH) {
            synchronized (free) {
                ArrayDeque<byte[]> q = free.get(length);
                byte[] b = q == null ? null : q.poll();
                if (b != null) {
                    held -= b.length;
                    if (q.isEmpty()) {
                        free.remove(length);
                    }
                    return b;
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
            synchronized (free) {
                ArrayDeque<byte[]> q = free.computeIfAbsent(b.length, n -> new ArrayDeque<>());
                if ((long) (q.size() + 1) * b.length > MAX_BYTES_PER_LENGTH) {
                    continue; // q holds arrays already, so it is no empty entry left behind
                }
                q.push(b);
                held += b.length;
                trim();
            }
        }
    }

    /** Bytes held for reuse now. */
    long held() {
        synchronized (free) {
            return held;
        }
    }

    /** Drops arrays of the least recently used lengths until at most {@link #MAX_BYTES} are held. */
    private void trim() {
        Iterator<Map.Entry<Integer, ArrayDeque<byte[]>>> it = free.entrySet().iterator();
        while (held > MAX_BYTES && it.hasNext()) {
            ArrayDeque<byte[]> q = it.next().getValue();
            while (held > MAX_BYTES && !q.isEmpty()) {
                held -= q.pollLast().length;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }
}
