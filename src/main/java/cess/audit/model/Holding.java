package cess.audit.model;

import cess.shared.ChunkTree;
import cess.shared.Hash;

/**
 * One fragment a miner holds, as the audit sees it: which fragment of which file it is, its
 * commitment (the {@link ChunkTree} root over its bytes, recorded in the file's layout) and its
 * length, which fixes the tree's shape. The verifier takes both from the chain, never from the
 * prover.
 *
 * @param fid      the file
 * @param segment  the segment's index in the file
 * @param fragment the fragment's index in the segment (data then parity), 0..254
 * @param root     the fragment's chunk-tree root
 * @param length   the fragment's length in bytes, at least 1
 */
public record Holding(Hash fid, int segment, int fragment, Hash root, long length) {
    public Holding {
        if (fid == null || root == null) {
            throw new IllegalArgumentException("a holding needs its file id and its root");
        }
        if (segment < 0) {
            throw new IllegalArgumentException("segment index must not be negative, got " + segment);
        }
        if (fragment < 0 || fragment > 254) {
            throw new IllegalArgumentException("fragment index must be 0..254, got " + fragment);
        }
        if (length < 1) {
            throw new IllegalArgumentException("a fragment has at least one byte, got " + length);
        }
    }

    /** Its chunks: what a sample picks among. */
    public long chunks() {
        return ChunkTree.chunks(length);
    }
}
