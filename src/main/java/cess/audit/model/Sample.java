package cess.audit.model;

import cess.shared.Hash;

/**
 * One drawn sample: chunk {@code chunk} of the fragment at position {@code seq} of the miner's
 * {@link Holdings}, and the root that fragment had when the sample was drawn (so that a later
 * change of the index is recognised, not mistaken for lost data).
 */
public record Sample(long seq, long chunk, Hash root) {
    public Sample {
        if (seq < 0 || chunk < 0 || root == null) {
            throw new IllegalArgumentException("a sample needs a position, a chunk index and a root, got " + seq + "/" + chunk);
        }
    }
}
