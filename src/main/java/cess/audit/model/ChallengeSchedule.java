package cess.audit.model;

import cess.shared.Address;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * When each miner is challenged and by when it must answer. Periods are fixed runs of
 * {@link AuditParams#periodBlocks} blocks from height 0; in each, every miner that holds service
 * data or certified idle space is challenged once, at a block drawn uniformly over the whole
 * period from the period's seed, so no block is predictable from the last period and the load is
 * spread evenly.
 *
 * <p><b>Deadlines may end after the period.</b> A challenge issued late in a period keeps its
 * full deadline and runs into the next period; rather than squeeze it (or keep the last blocks of
 * every period free of challenges, which would tell miners when they are safe), the deadline is
 * capped at one period, so a miner has at most two open challenges at once: the last period's
 * and this one's. The audit module keys challenges by id, not by miner. Knowing its challenge
 * block in advance helps a miner nothing: the samples come from the randomness of that block.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChallengeSchedule {
    static final String PERIOD_DOMAIN = "cess/audit/period/v1";
    static final String WHEN_DOMAIN = "cess/audit/when/v1";

    private ChallengeSchedule() {
    }

    /** The period {@code height} belongs to (0 from height 0). */
    public static long period(long height, long periodBlocks) {
        positive(periodBlocks);
        if (height < 0) {
            throw new IllegalArgumentException("height must not be negative, got " + height);
        }
        return height / periodBlocks;
    }

    /** The first height of the period {@code height} belongs to. */
    public static long periodStart(long height, long periodBlocks) {
        return period(height, periodBlocks) * periodBlocks;
    }

    /**
     * A period's seed, from the RANDAO mix as it stood at the period's first block (every
     * validator reads the same value there; no miner knew it before).
     */
    public static Hash periodSeed(Hash randaoMix, long period) {
        return Hash.sha256(new Encoder().string(PERIOD_DOMAIN).hash(randaoMix).u64(period).toBytes());
    }

    /** Whether a miner is challenged at all: it holds service data or certified idle space. */
    public static boolean challenged(long serviceBytes, long certifiedIdleBytes) {
        return serviceBytes > 0 || certifiedIdleBytes > 0;
    }

    /**
     * The block of the period starting at {@code periodStart} at which {@code miner} is
     * challenged: uniform over {@code [periodStart, periodStart + periodBlocks)}, drawn from
     * {@code SHA-256("cess/audit/when/v1" || periodSeed || miner || counter)} without bias.
     */
    public static long challengeHeight(Hash periodSeed, Address miner, long periodStart, long periodBlocks) {
        positive(periodBlocks);
        if (periodStart < 0 || periodStart > Long.MAX_VALUE - periodBlocks) {
            throw new IllegalArgumentException("period start out of range: " + periodStart);
        }
        HashStream words = new HashStream(WHEN_DOMAIN, new Encoder().hash(periodSeed).address(miner).toBytes());
        return periodStart + words.below(periodBlocks);
    }

    /**
     * The blocks a miner holding {@code serviceBytes} has to answer, CESS's formula with a cap:
     * {@code min(deadlineBaseBlocks + serviceBytes / serviceBytesPerBlock, periodBlocks)}
     * (rounded down, as CESS does). A proof is accepted up to and including the deadline height.
     * A sampled proof reads the same number of chunks however much the miner holds, so the cap
     * costs an honest miner nothing; the floor covers getting the challenge and the proof across
     * the network.
     */
    public static long deadlineBlocks(long serviceBytes, AuditParams p) {
        if (serviceBytes < 0) {
            throw new IllegalArgumentException("service bytes must not be negative, got " + serviceBytes);
        }
        long extra = serviceBytes / p.serviceBytesPerBlock();
        long room = p.periodBlocks() - p.deadlineBaseBlocks(); // never negative: AuditParams checks it
        return p.deadlineBaseBlocks() + Math.min(extra, room);
    }

    /** The last height at which a challenge issued at {@code issuedHeight} can be answered. */
    public static long deadline(long issuedHeight, long serviceBytes, AuditParams p) {
        if (issuedHeight < 0) {
            throw new IllegalArgumentException("issued height must not be negative, got " + issuedHeight);
        }
        return Math.addExact(issuedHeight, deadlineBlocks(serviceBytes, p));
    }

    private static void positive(long periodBlocks) {
        if (periodBlocks < 1) {
            throw new IllegalArgumentException("a period has at least one block, got " + periodBlocks);
        }
    }
}
