package cess.audit.model.idle;

import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Which labels a challenge samples: {@link IdleParams#samples()} (unit, label) pairs, uniform over
 * every label of the challenged units and independent of each other (with replacement, so that the
 * pass probability of a miner lacking a fraction δ is exactly {@code (1 − δ)^samples}), drawn in
 * {@link IdleParams#rounds()} rounds:
 *
 * <pre>
 * seed_0 = H("cess/idle/round/v1" || challenge seed || u32 0)
 * seed_r = H("cess/idle/round/v1" || seed_{r-1} || u32 r || the labels sampled in round r − 1, in order)
 * round r: positions from H(seed_r || 'S' || u32 k), k = 0, 1, ..., 8 bytes each (top bit cleared),
 *          rejection-sampled into [0, units × labels): unbiased
 * </pre>
 *
 * A round's positions are unknown until the labels of the round before are known: a miner that
 * must regenerate a unit to answer one round cannot start on the next, however many cores it has.
 * The labels are bound by the unit roots, so nobody can steer the positions. Stateless.
 */
public final class IdleSampler {
    private static final byte[] DOMAIN = "cess/idle/round/v1".getBytes(StandardCharsets.US_ASCII);

    private IdleSampler() {
    }

    /** A sampled label: unit and index within it. */
    public record Sample(long unit, int index) {
        public Sample {
            if (unit < 0 || index < 0) {
                throw new IllegalArgumentException("a sample has a non-negative unit and index, not " + unit + "/" + index);
            }
        }
    }

    /** The seed of round 0 of a challenge. */
    public static Hash firstSeed(Hash challengeSeed) {
        return Hash.sha256(DOMAIN, challengeSeed.bytes(), u32(0));
    }

    /** The seed of round {@code round ≥ 1}, from the seed of the round before and the labels it sampled. */
    public static Hash nextSeed(Hash previousSeed, int round, List<Hash> previousLabels) {
        if (round < 1) {
            throw new IllegalArgumentException("round 0 takes its seed from the challenge");
        }
        MessageDigest md = Hash.newSha256();
        md.update(DOMAIN);
        previousSeed.updateDigest(md);
        md.update(u32(round));
        for (Hash l : previousLabels) {
            l.updateDigest(md);
        }
        return Hash.of(md.digest());
    }

    /** The samples of the round whose seed is {@code roundSeed}, over the challenged units. */
    public static List<Sample> round(Hash roundSeed, IdleChallenge challenge, IdleParams params) {
        int labels = params.labels();
        long range = challenge.unitCount() * labels;
        long bound = Long.MAX_VALUE / range * range;
        int count = params.samplesPerRound();
        List<Sample> out = new ArrayList<>(count);
        MessageDigest md = Hash.newSha256();
        byte[] seed = roundSeed.bytes();
        int block = 0;
        while (out.size() < count) {
            md.update(seed);
            md.update((byte) 'S');
            md.update(u32(block++));
            byte[] h = md.digest();
            for (int k = 0; k < 4 && out.size() < count; k++) {
                long v = 0;
                for (int b = 0; b < 8; b++) {
                    v = (v << 8) | (h[8 * k + b] & 0xFF);
                }
                v &= Long.MAX_VALUE;
                if (v < bound) {
                    long p = v % range;
                    out.add(new Sample(challenge.firstUnit() + p / labels, (int) (p % labels)));
                }
            }
        }
        return out;
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
