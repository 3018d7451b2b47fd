package cess.audit.model;

import cess.ledger.model.SignedTransaction;

/**
 * The audit's security and punishment parameters, fixed by the genesis. Immutable; every
 * component is checked here, so a genesis with an unusable value fails to load with the reason.
 *
 * @param samples              chunks a service challenge samples ({@link #samplesFor}: 180 makes
 *                             a miner that lost 5 % of its chunks pass with probability at most 10^-4)
 * @param periodBlocks         blocks per challenge period: every miner holding data is challenged
 *                             once in each
 * @param deadlineBaseBlocks   the floor of every deadline (CESS: 50 blocks)
 * @param serviceBytesPerBlock service bytes that add one block to a deadline (CESS: 25,165,824
 *                             for 6 s blocks, 4 MiB a second; {@link #serviceBytesPerBlock(long)}
 *                             scales it to another block time)
 * @param secondMissBps        the slash for the 2nd consecutive missed deadline, in basis points of
 *                             the collateral (CESS: 500, 5 %)
 * @param laterMissBps         the slash for the 3rd and every later consecutive miss (CESS: 1500)
 * @param failedServiceBps     the slash for a failed service proof (CESS: 500)
 * @param failedIdleBps        the slash for a failed idle proof (CESS: 1000)
 * @param serviceStrikes       the consecutive failed service proofs from which each one slashes:
 *                             1 slashes every failure; CESS uses 2 (its TEE verdicts could be
 *                             wrong); see {@link Punishment}
 * @param forcedExitMisses     missed deadlines in all (not consecutive) that force the miner out
 *                             (CESS: 100)
 * @param maxProofBytes        the largest encoded service proof accepted
 */
public record AuditParams(int samples, long periodBlocks, long deadlineBaseBlocks, long serviceBytesPerBlock,
                          int secondMissBps, int laterMissBps, int failedServiceBps, int failedIdleBps,
                          int serviceStrikes, int forcedExitMisses, int maxProofBytes) {
    /** Basis points in one whole. */
    public static final int BPS = 10_000;
    /** The most samples any genesis may ask for: bounds decoding before the parameters are known. */
    public static final int MAX_SAMPLES = 4096;
    /** CESS's deadline rate: 25,165,824 service bytes per 6 s block. */
    public static final long CESS_SERVICE_BYTES_PER_SECOND = 25_165_824L / 6;
    /** The fraction of lost chunks the default sample count catches ... */
    public static final double DEFAULT_LOST_FRACTION = 0.05;
    /** ... except with at most this probability per challenge. */
    public static final double DEFAULT_PASS_PROBABILITY = 1e-4;
    /** 180: {@code samplesFor(0.05, 1e-4)}. */
    public static final int DEFAULT_SAMPLES = samplesFor(DEFAULT_LOST_FRACTION, DEFAULT_PASS_PROBABILITY);
    /** 512 KiB: 180 samples of fragments up to 2^57 chunks fit, and a transaction (1 MiB) carries it. */
    public static final int DEFAULT_MAX_PROOF_BYTES = 512 * 1024;
    /** What a transaction needs besides the proof (sender, nonce, fee, signature, call header). */
    static final int TX_HEADROOM = 4096;
    /** Fragments up to 2^32 chunks (4 TiB) must always fit into {@link #maxProofBytes}. */
    static final int GUARANTEED_SIBLINGS = 32;

    /** CESS's table with 6 s blocks and one-hour periods. */
    public static final AuditParams DEFAULT = cess(6_000, 600);

    public AuditParams {
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be 1.." + MAX_SAMPLES + ", got " + samples);
        }
        if (deadlineBaseBlocks < 1) {
            throw new IllegalArgumentException("deadlineBaseBlocks must be at least 1, got " + deadlineBaseBlocks);
        }
        if (periodBlocks < deadlineBaseBlocks) {
            throw new IllegalArgumentException("periodBlocks (" + periodBlocks + ") must be at least deadlineBaseBlocks ("
                    + deadlineBaseBlocks + "): a deadline is capped at one period, so that a miner has at most two open challenges");
        }
        if (serviceBytesPerBlock < 1) {
            throw new IllegalArgumentException("serviceBytesPerBlock must be positive, got " + serviceBytesPerBlock);
        }
        basisPoints("secondMissBps", secondMissBps);
        basisPoints("laterMissBps", laterMissBps);
        basisPoints("failedServiceBps", failedServiceBps);
        basisPoints("failedIdleBps", failedIdleBps);
        if (serviceStrikes < 1) {
            throw new IllegalArgumentException("serviceStrikes must be at least 1, got " + serviceStrikes);
        }
        if (forcedExitMisses < 1) {
            throw new IllegalArgumentException("forcedExitMisses must be at least 1, got " + forcedExitMisses);
        }
        long least = ServiceProof.encodedSize(samples, GUARANTEED_SIBLINGS);
        if (maxProofBytes < least) {
            throw new IllegalArgumentException("maxProofBytes (" + maxProofBytes + ") must hold " + samples
                    + " samples of fragments up to 4 TiB: at least " + least + " bytes");
        }
        if (maxProofBytes > SignedTransaction.MAX_ENCODED_BYTES - TX_HEADROOM) {
            throw new IllegalArgumentException("maxProofBytes (" + maxProofBytes + ") must leave a transaction room: at most "
                    + (SignedTransaction.MAX_ENCODED_BYTES - TX_HEADROOM));
        }
    }

    /**
     * CESS's table (180 samples, 50-block floor, 4 MiB of service data a second, 5 %/15 % for
     * the 2nd/later consecutive miss, 5 % failed service, 10 % failed idle, 100 misses) for blocks
     * of {@code blockMillis} and periods of {@code periodBlocks}. Failed service proofs slash from
     * the first ({@code serviceStrikes} 1): here a failure is evidence every validator checked.
     */
    public static AuditParams cess(long blockMillis, long periodBlocks) {
        return new AuditParams(DEFAULT_SAMPLES, periodBlocks, 50, serviceBytesPerBlock(blockMillis), 500, 1500, 500, 1000,
                1, 100, DEFAULT_MAX_PROOF_BYTES);
    }

    /**
     * CESS's table with periods and a deadline floor given in time: {@code periodMillis} a
     * period, at least {@code floorMillis} to answer, in blocks of {@code blockMillis} (both
     * rounded to whole blocks, the floor up, the period at least the floor).
     */
    public static AuditParams forTimes(long blockMillis, long periodMillis, long floorMillis) {
        if (blockMillis < 1 || periodMillis < 1 || floorMillis < 1) {
            throw new IllegalArgumentException("block time, period and floor must be positive");
        }
        long floor = Math.max(1, (floorMillis + blockMillis - 1) / blockMillis);
        long period = Math.max(floor, periodMillis / blockMillis);
        return new AuditParams(DEFAULT_SAMPLES, period, floor, serviceBytesPerBlock(blockMillis), 500, 1500, 500, 1000,
                1, 100, DEFAULT_MAX_PROOF_BYTES);
    }

    /** A production network's: one challenge an hour, at least five minutes to answer (CESS: 50 blocks of 6 s). */
    public static AuditParams production(long blockMillis) {
        return forTimes(blockMillis, 3_600_000, 300_000);
    }

    /** A local network's (the devnet, {@code cess-cli genesis}): one challenge a minute, at least 20 s to answer. */
    public static AuditParams local(long blockMillis) {
        return forTimes(blockMillis, 60_000, 20_000);
    }

    /** CESS's deadline rate (4 MiB a second) in bytes per block of {@code blockMillis}. */
    public static long serviceBytesPerBlock(long blockMillis) {
        if (blockMillis < 1) {
            throw new IllegalArgumentException("a block takes at least 1 ms, got " + blockMillis);
        }
        return Math.max(1, Math.multiplyExact(CESS_SERVICE_BYTES_PER_SECOND, blockMillis) / 1000);
    }

    /**
     * The samples that catch a miner which lost a fraction {@code lostFraction} (δ) of its chunks
     * except with probability at most {@code passProbability} (p): {@code s = ceil(ln p / ln(1 − δ))}.
     *
     * <p>Why: each sample is a chunk drawn uniformly over all the miner's chunks, independently of
     * the others (with replacement), from randomness the miner does not know in advance. A miner
     * missing a fraction δ can answer one sample only if it lands on a chunk it still has,
     * probability at most {@code 1 − δ} (a chunk it lacks it cannot forge: the answer must hash to
     * the committed root). It passes all {@code s} with probability at most {@code (1 − δ)^s},
     * which is at most {@code p} exactly when {@code s ≥ ln p / ln(1 − δ)} (both logarithms are
     * negative). δ = 0.05, p = 10^-4: 9.2103 / 0.051293 = 179.56, so 180; a miner that lost 1 %
     * then passes with probability 0.99^180 = 16 %, one that lost 10 % with 5.8·10^-9.
     *
     * @param lostFraction    δ, in (0, 1]
     * @param passProbability p, in (0, 1)
     * @throws IllegalArgumentException outside those ranges, or when more than
     *     {@code Integer.MAX_VALUE} samples would be needed
     */
    public static int samplesFor(double lostFraction, double passProbability) {
        if (!(lostFraction > 0 && lostFraction <= 1)) {
            throw new IllegalArgumentException("the lost fraction must be in (0, 1], got " + lostFraction);
        }
        if (!(passProbability > 0 && passProbability < 1)) {
            throw new IllegalArgumentException("the pass probability must be in (0, 1), got " + passProbability);
        }
        if (lostFraction == 1) {
            return 1;
        }
        double logKeep = StrictMath.log1p(-lostFraction);
        double exact = StrictMath.log(passProbability) / logKeep;
        if (exact > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("catching a lost fraction of " + lostFraction + " with probability "
                    + passProbability + " needs " + exact + " samples");
        }
        long s = Math.max(1, (long) Math.ceil(exact));
        // The quotient of two logarithms can land a hair above an integer (ln 0.25 / ln 0.5):
        // settle on the least s whose bound holds, computed the same way.
        while (s > 1 && (s - 1) * logKeep <= StrictMath.log(passProbability)) {
            s--;
        }
        while (s * logKeep > StrictMath.log(passProbability)) {
            s++;
        }
        return (int) s;
    }

    /** The slash in basis points for the {@code consecutive}-th consecutive missed deadline. */
    public int missBps(int consecutive) {
        return consecutive <= 1 ? 0 : consecutive == 2 ? secondMissBps : laterMissBps;
    }

    private static void basisPoints(String name, int bps) {
        if (bps < 0 || bps > BPS) {
            throw new IllegalArgumentException(name + " must be 0.." + BPS + " basis points, got " + bps);
        }
    }
}
