package cess.gateway.model;

import cess.erasure.ErasureParams;
import cess.erasure.ReedSolomon;
import cess.storage.model.Segment;

/**
 * Turns a stored segment into its k data and m parity fragments and back. The segment is
 * zero-padded to {@code k * fragmentSize}; data fragment i holds bytes
 * {@code [i * fragmentSize, (i+1) * fragmentSize)}. Thread-safe.
 */
public final class SegmentCodec {
    private final ReedSolomon rs;
    private final int k;
    private final int m;

    public SegmentCodec(int k, int m) {
        this.rs = new ReedSolomon(new ErasureParams(k, m));
        this.k = k;
        this.m = m;
    }

    public int k() {
        return k;
    }

    public int m() {
        return m;
    }

    /** The k + m fragments of {@code segment[0..length)}. */
    public byte[][] encode(byte[] segment, int length) {
        int size = Segment.fragmentSize(length, k);
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k + m; i++) {
            shards[i] = new byte[size];
        }
        return encode(segment, length, shards);
    }

    /**
     * {@link #encode(byte[], int)} into {@code shards}: k + m arrays of exactly the fragment size
     * for {@code length}, whatever they held before (padding is zeroed here). Returns them.
     */
    public byte[][] encode(byte[] segment, int length, byte[][] shards) {
        layOut(segment, length, shards);
        parity(shards, 0, Segment.fragmentSize(length, k));
        return shards;
    }

    /**
     * The first half of {@link #encode(byte[], int, byte[][])}: copies {@code segment[0..length)}
     * into the k data fragments, zero-padding the last. The parity can then be computed over
     * separate ranges in parallel ({@link #parity}).
     */
    public void layOut(byte[] segment, int length, byte[][] shards) {
        int size = Segment.fragmentSize(length, k);
        if (shards.length != k + m) {
            throw new IllegalArgumentException("expected " + (k + m) + " fragment arrays, got " + shards.length);
        }
        for (int i = 0; i < k + m; i++) {
            if (shards[i].length != size) {
                throw new IllegalArgumentException("fragment " + i + " holds " + shards[i].length + " bytes, expected " + size);
            }
        }
        for (int i = 0; i < k; i++) {
            int from = i * size;
            int n = Math.max(0, Math.min(size, length - from));
            if (n > 0) {
                System.arraycopy(segment, from, shards[i], 0, n);
            }
            java.util.Arrays.fill(shards[i], n, size, (byte) 0);
        }
    }

    /**
     * Computes bytes {@code [offset, offset + length)} of the m parity fragments from the data
     * fragments laid out by {@link #layOut}. Calls on disjoint ranges may run at once.
     */
    public void parity(byte[][] shards, int offset, int length) {
        rs.encode(shards, offset, length);
    }

    /**
     * Rebuilds the stored segment of {@code length} bytes from the fragments that are present
     * (any k suffice; missing ones are null).
     */
    public byte[] decode(byte[][] fragments, int length) {
        int size = Segment.fragmentSize(length, k);
        for (int i = 0; i < fragments.length; i++) {
            if (fragments[i] != null && fragments[i].length != size) {
                throw new IllegalArgumentException("fragment " + i + " holds " + fragments[i].length + " bytes, expected " + size);
            }
        }
        byte[][] all = fragments.clone();
        rebuildData(all, size);
        byte[] out = new byte[length];
        new StoredSegment(java.util.Arrays.copyOf(all, k), size, length).copy(0, out, 0, length);
        return out;
    }

    /**
     * Rebuilds, in place, the data fragments missing from {@code fragments} (k + m entries, null
     * where missing; any k present suffice), each of {@code fragmentSize} bytes. The arrays
     * present may be longer than that (pooled); only their first {@code fragmentSize} bytes count.
     * Returns whether any data fragment had to be rebuilt.
     */
    public boolean rebuildData(byte[][] fragments, int fragmentSize) {
        if (fragments.length != k + m) {
            throw new IllegalArgumentException("expected " + (k + m) + " fragment slots, got " + fragments.length);
        }
        boolean[] present = new boolean[k + m];
        boolean dataComplete = true;
        for (int i = 0; i < k + m; i++) {
            present[i] = fragments[i] != null;
            if (present[i] && fragments[i].length < fragmentSize) {
                throw new IllegalArgumentException("fragment " + i + " holds " + fragments[i].length + " bytes, expected "
                        + fragmentSize);
            }
            dataComplete &= i >= k || present[i];
        }
        if (dataComplete) {
            return false;
        }
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k + m; i++) {
            shards[i] = present[i] ? fragments[i] : new byte[fragmentSize];
        }
        rs.reconstruct(shards, present, 0, fragmentSize);
        for (int i = 0; i < k; i++) {
            fragments[i] = shards[i];
        }
        return true;
    }

    /**
     * The segment hash its k data fragments give: the parity coded again and all k + m fragments
     * hashed, as {@link Segment#hashOf}. How a reader checks data fragments it rebuilt from parity.
     */
    public cess.shared.Hash hashFromData(byte[][] data, int fragmentSize) {
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k; i++) {
            shards[i] = data[i].length == fragmentSize ? data[i] : java.util.Arrays.copyOf(data[i], fragmentSize);
        }
        for (int i = k; i < k + m; i++) {
            shards[i] = new byte[fragmentSize];
        }
        rs.encode(shards, 0, fragmentSize);
        return Segment.hashOf(java.util.Arrays.stream(shards).map(cess.shared.ChunkTree::root).toList());
    }
}
