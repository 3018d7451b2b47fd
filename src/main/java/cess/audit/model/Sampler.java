package cess.audit.model;

import cess.shared.Address;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Which chunks a service challenge asks for: a pure function of the challenge's seed and the
 * miner's {@link Holdings}, so the miner and every validator draw the same list.
 *
 * <p><b>Uniform over chunks, not fragments.</b> Each sample is one chunk drawn uniformly over
 * all the chunks the miner holds: a miner holding one large fragment and many small ones cannot
 * drop the large one cheaply, as it could if fragments were drawn first. Method: rejection
 * sampling. Sample {@code j} reads words from its own counter-mode stream
 * {@code SHA-256("cess/audit/sample/v1" || seed || u32 j || u64 block)}; each attempt draws a
 * position {@code seq} uniform in {@code [0, count)} and a chunk index uniform in
 * {@code [0, maxChunks)} (exact draws, no modulo bias) and keeps them if the chunk is inside that
 * fragment. Every chunk of every fragment is then kept with the same probability
 * {@code 1 / (count × maxChunks)} per attempt, so a kept sample is exactly uniform over chunks.
 * Samples are drawn with replacement and independently (a chunk may be asked twice), as
 * {@link AuditParams#samplesFor}'s bound assumes.
 *
 * <p><b>Bounded.</b> An attempt is kept with probability {@code a = total chunks / (count ×
 * maxChunks)}, the mean fragment over the largest; after {@value #MAX_ATTEMPTS} rejected attempts
 * the sample falls back to a chunk drawn uniformly within the fragment of the last attempt, so a
 * block can never loop. The fallback is biased towards small fragments (it is uniform over
 * fragments, not chunks) and happens with probability {@code (1 − a)^1024}: 5.5·10^-12 when the
 * mean fragment is 1/40 of the largest, 3.4·10^-5 at 1/100, 36 % at 1/1,000. Whatever the
 * fallbacks, a miner that lost a fraction δ of its chunks fails each sample with probability at
 * least {@code δ (1 − (1 − a)^1024)}; the storage module keeps {@code a} high by keeping
 * {@link Holdings#maxChunks} tight (the largest fragment held now rather than ever). Cost: one
 * SHA-256 (two compression blocks) per two attempts and one {@link Holdings#at} per attempt; when
 * all fragments have one size, 180 samples take 180 hashes; the worst case is 180 × 1,024
 * attempts, about 92,000 hashes.
 *
 * <p>Stateless; thread-safe.
 */
public final class Sampler {
    /** Attempts per sample before the fallback. */
    public static final int MAX_ATTEMPTS = 1024;
    static final String SEED_DOMAIN = "cess/audit/seed/v1";
    static final String SAMPLE_DOMAIN = "cess/audit/sample/v1";
    static final String TARGET_DOMAIN = "cess/audit/target/v1";

    private Sampler() {
    }

    /**
     * A challenge's seed: {@code SHA-256} over a domain tag, the challenge block's seed, the miner
     * and the challenge id, so that two miners, or two challenges of one miner, never share
     * samples, and no other hash of the chain collides with it.
     *
     * <p>{@code blockSeed} is the seed the runtime hands the block's hooks
     * ({@link cess.ledger.model.BlockStart#seed}): the hash of the parent block, final before the
     * challenge block is built, and of the RANDAO mix before it. The challenge block's own hash
     * would let a proposer colluding with the miner grind transactions for easy samples; the mix
     * is what many validators revealed into, which no proposer sets alone.
     */
    public static Hash seed(Hash blockSeed, Address miner, long challengeId) {
        return Hash.sha256(new Encoder().string(SEED_DOMAIN).hash(blockSeed).address(miner).u64(challengeId).toBytes());
    }

    /**
     * The {@code samples} samples of {@code miner}'s holdings for {@code seed}, in order; none when
     * the miner holds nothing (it is not challenged on service data).
     *
     * @throws IllegalArgumentException if {@code samples} is negative
     * @throws IllegalStateException if the holdings break their contract: a fragment with more
     *     chunks than {@link Holdings#maxChunks} (its tail could never be sampled), or no bound
     */
    public static List<Sample> draw(Hash seed, Address miner, Holdings holdings, int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, got " + samples);
        }
        long count = holdings.count(miner);
        if (count == 0 || samples == 0) {
            return List.of();
        }
        long max = holdings.maxChunks(miner);
        if (count < 0 || max < 1) {
            throw new IllegalStateException("holdings of " + miner + " report " + count + " fragments and at most "
                    + max + " chunks each");
        }
        List<Sample> out = new ArrayList<>(samples);
        for (int j = 0; j < samples; j++) {
            out.add(one(new HashStream(SAMPLE_DOMAIN, new Encoder().hash(seed).u32(j).toBytes()), miner, holdings, count, max));
        }
        return List.copyOf(out);
    }

    /**
     * The samples of a targeted challenge of one fragment, at position {@code seq} of the miner's
     * holdings: first each distinct suspect chunk (in the order given), then chunks drawn uniformly
     * over the fragment, with replacement, from {@code SHA-256("cess/audit/target/v1" || seed ||
     * u32 j || u64 block)}, until there are {@code samples} in all. A miner that lost a fraction δ
     * of the fragment's chunks passes the drawn part with probability at most (1 − δ)^drawn, and
     * fails at once if a suspect chunk is one it lost.
     *
     * @throws IllegalArgumentException if a suspect chunk is past the fragment's end, or
     *     {@code samples} is below 1
     */
    public static List<Sample> drawWithin(Hash seed, long seq, Holding fragment, List<Long> suspects, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be positive, got " + samples);
        }
        List<Sample> out = new ArrayList<>(samples);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long c : suspects) {
            if (c < 0 || c >= fragment.chunks()) {
                throw new IllegalArgumentException("chunk " + c + " is past the fragment's " + fragment.chunks() + " chunks");
            }
            if (seen.add(c) && out.size() < samples) {
                out.add(new Sample(seq, c, fragment.root()));
            }
        }
        for (int j = 0; out.size() < samples; j++) {
            HashStream words = new HashStream(TARGET_DOMAIN, new Encoder().hash(seed).u32(j).toBytes());
            out.add(new Sample(seq, words.below(fragment.chunks()), fragment.root()));
        }
        return List.copyOf(out);
    }

    private static Sample one(HashStream words, Address miner, Holdings holdings, long count, long max) {
        Holding h = null;
        long seq = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            seq = words.below(count);
            long chunk = words.below(max);
            h = holdings.at(miner, seq);
            long n = h.chunks();
            if (n > max) {
                throw new IllegalStateException("fragment " + seq + " of " + miner + " has " + n
                        + " chunks, above the holdings' bound of " + max);
            }
            if (chunk < n) {
                return new Sample(seq, chunk, h.root());
            }
        }
        return new Sample(seq, words.below(h.chunks()), h.root());
    }
}
