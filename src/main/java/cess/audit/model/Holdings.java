package cess.audit.model;

import cess.shared.Address;

/**
 * The narrow view of what each miner holds that the audit rules need: a dense, ordered index of
 * the miner's fragments, {@code 0 .. count - 1}. The storage module implements it over its state
 * (a per-miner index it keeps as fragments are placed, moved and deleted); reads must be
 * deterministic, the same on every validator at the same state.
 *
 * <p>The index may change between a challenge and its answer (a file deleted, a fragment moved
 * by repair): a challenge therefore records, for each sample, the root it was drawn against, and
 * a sample whose position now holds another root is void (see {@link ProofCheck}).
 */
public interface Holdings {
    /** How many fragments {@code miner} holds; 0 for an account that is no miner. */
    long count(Address miner);

    /**
     * The fragment at position {@code seq} of {@code miner}'s index.
     *
     * @throws IllegalArgumentException unless {@code 0 <= seq < count(miner)}
     */
    Holding at(Address miner, long seq);

    /**
     * An upper bound on the chunks of any one fragment {@code miner} holds: at least
     * {@link Holding#chunks()} of each. The sampler draws chunk indexes below it and rejects those
     * past the drawn fragment's end, so the tighter it is the fewer draws a sample takes (the
     * expected number is {@code count × maxChunks / total chunks}). Any true bound is correct: a
     * high-water mark that never falls, or the protocol's largest fragment (segment size / k); a
     * loose one only costs draws, and past {@link Sampler#MAX_ATTEMPTS} per sample some strength
     * (see {@link Sampler}). At least 1 when the miner holds anything.
     */
    long maxChunks(Address miner);
}
