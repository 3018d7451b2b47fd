package cess.audit.model.idle;

/**
 * The genesis parameters of idle-space proofs.
 *
 * <p>Soundness is a race: a miner that deleted a fraction δ of its filler is caught only if it
 * cannot regenerate the sampled units it lacks before the challenge's deadline. With {@code samples}
 * drawn uniformly over the labels, a miner that lacks (or committed wrong labels at) a fraction δ
 * and cannot regenerate in time passes with probability {@code (1 − δ)^samples}, so
 * {@code samples = ceil(ln p / ln(1 − δ))} ({@link #samplesFor}). Splitting the samples into
 * {@code rounds}, each drawn from the labels the previous round revealed, makes the regenerations a
 * cheater needs sequential: more cores do not shorten them. The deadline must lie between the
 * honest answer (milliseconds) and one unit's regeneration (seconds at the defaults, see
 * {@code bench/README.md}); a deadline of minutes, as CESS gives its TEE-checked idle proofs, makes
 * this construction unsound.
 *
 * @param unitBytes bytes per filler unit, a power of two from 64 KiB to 1 GiB; its labels
 *                  ({@code unitBytes / 32}) are what one regeneration must recompute, so the unit is
 *                  the security lever (and what an honest filler holds in memory while filling)
 * @param parents   pseudo-random earlier labels each label hashes besides its predecessor (2..10);
 *                  up to 5 cost no more hashing than 2 (one more compression block at 6)
 * @param samples   labels a challenge samples (1..4,096)
 * @param rounds    rounds the samples are drawn in (1..samples, dividing samples)
 */
public record IdleParams(int unitBytes, int parents, int samples, int rounds) {
    public static final int MIN_UNIT_BYTES = 1 << 16;
    public static final int MAX_UNIT_BYTES = 1 << 30;
    public static final int MIN_PARENTS = 2;
    public static final int MAX_PARENTS = 10;
    public static final int MAX_SAMPLES = 4096;

    public IdleParams {
        if (unitBytes < MIN_UNIT_BYTES || unitBytes > MAX_UNIT_BYTES || Integer.bitCount(unitBytes) != 1) {
            throw new IllegalArgumentException("unitBytes must be a power of two from 64 KiB to 1 GiB, not " + unitBytes);
        }
        if (parents < MIN_PARENTS || parents > MAX_PARENTS) {
            throw new IllegalArgumentException("parents must be " + MIN_PARENTS + ".." + MAX_PARENTS + ", not " + parents);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be 1.." + MAX_SAMPLES + ", not " + samples);
        }
        if (rounds < 1 || rounds > samples || samples % rounds != 0) {
            throw new IllegalArgumentException("rounds must divide samples (" + samples + "), not " + rounds);
        }
    }

    /** The devnet's: 1 MiB units (a laptop fills one in well under a second). */
    public static IdleParams devnet() {
        return new IdleParams(1 << 20, 5, 66, 22);
    }

    /** What a production network should start from (see bench/README.md for the margin behind it). */
    public static IdleParams production() {
        return new IdleParams(1 << 30, 5, 66, 22);
    }

    /** Labels per unit. */
    public int labels() {
        return unitBytes / FillerLabels.LABEL;
    }

    /** Samples per round. */
    public int samplesPerRound() {
        return samples / rounds;
    }

    /** Hashes in each Merkle path: log2 of the labels. */
    public int pathLength() {
        return Integer.numberOfTrailingZeros(labels());
    }

    /** Labels a sample opens at most: itself, its predecessor and its parents. */
    public int openingsPerSample() {
        return parents + 2;
    }

    /**
     * The samples after which a miner that lacks a fraction {@code loss} of its labels, and cannot
     * regenerate them in time, passes with probability at most {@code pass}:
     * {@code ceil(ln pass / ln(1 − loss))}. {@link StrictMath} so that every node computes the same.
     */
    public static int samplesFor(double loss, double pass) {
        if (!(loss > 0 && loss < 1) || !(pass > 0 && pass < 1)) {
            throw new IllegalArgumentException("loss and pass must lie strictly between 0 and 1");
        }
        double s = Math.ceil(StrictMath.log(pass) / StrictMath.log1p(-loss));
        if (s > MAX_SAMPLES) {
            throw new IllegalArgumentException("a loss of " + loss + " at " + pass + " needs " + (long) s + " samples, above " + MAX_SAMPLES);
        }
        return (int) s;
    }
}
