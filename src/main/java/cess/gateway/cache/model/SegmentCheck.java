package cess.gateway.cache.model;

import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.storage.model.Segment;

/**
 * Checks a segment's stored bytes against the chain, as they arrive in order: the bytes are cut
 * into the segment's k data fragments (the last zero-padded, as {@code SegmentCodec} lays them
 * out) and each fragment's {@link ChunkTree} root must be the one the layout lists. With the
 * layout's own check ({@link Segment#hashMatchesFragments}, the segment hash is the Merkle root of
 * all k + m fragment roots), bytes that pass are exactly the segment the chain's hash commits to;
 * the parity fragments need not be computed, as they are a function of the data fragments.
 * Not thread-safe (one per segment being checked).
 */
public final class SegmentCheck {
    private final Segment segment;
    private final int k;
    private final int fragmentSize;
    private final Hash[] roots;
    private ChunkTree.Hasher hasher = new ChunkTree.Hasher();
    private long fed;
    private int fragment;

    public SegmentCheck(Segment segment, int k) {
        if (k < 1 || segment.fragments().size() < k) {
            throw new IllegalArgumentException("a segment of " + segment.fragments().size() + " fragments has no " + k
                    + " data fragments");
        }
        this.segment = segment;
        this.k = k;
        this.fragmentSize = Segment.fragmentSize(segment.storedLength(), k);
        this.roots = new Hash[k];
    }

    /** Feeds the next {@code len} stored bytes. */
    public SegmentCheck update(byte[] b, int off, int len) {
        if (fed + len > segment.storedLength()) {
            throw new IllegalArgumentException("more bytes than the segment's " + segment.storedLength());
        }
        while (len > 0) {
            int inFragment = (int) (fed - (long) fragment * fragmentSize);
            int take = Math.min(len, fragmentSize - inFragment);
            hasher.update(b, off, take);
            fed += take;
            off += take;
            len -= take;
            if (fed == (long) (fragment + 1) * fragmentSize) {
                nextFragment();
            }
        }
        return this;
    }

    /** Whether the bytes fed, all of the segment's, are the chain's. */
    public boolean matches() {
        if (fed != segment.storedLength()) {
            return false;
        }
        byte[] zeros = new byte[Math.min(fragmentSize, 1 << 16)];
        while (fragment < k) {
            int inFragment = (int) (fed - (long) fragment * fragmentSize);
            int pad = fragmentSize - inFragment;
            while (pad > 0) {
                int n = Math.min(pad, zeros.length);
                hasher.update(zeros, 0, n);
                fed += n;
                pad -= n;
            }
            nextFragment();
        }
        if (!segment.hashMatchesFragments()) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (!roots[i].equals(segment.fragments().get(i).hash())) {
                return false;
            }
        }
        return true;
    }

    private void nextFragment() {
        roots[fragment++] = hasher.finish();
        hasher = new ChunkTree.Hasher();
    }
}
