package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A miner's run of missed service challenges (idle-space challenges do not count: they say
 * nothing of its fragments), and whether it is long enough that its data is presumed lost:
 * {@link RestoralParams#missesBeforeRepair} in a row. One entry, whatever the miner holds: once
 * presumed, each of its fragments implies a restoral order ({@link RestoralRules#orderFor}),
 * written only when another miner claims it, as an exiting miner's do. Removed when the miner
 * passes a service proof again: the implied orders nobody claimed lapse with it, so an honest
 * miner back from a long restart keeps its data; orders already claimed stand and complete as
 * usual (the claimant may already hold the rebuilt bytes). Immutable.
 *
 * @param firstMissHeight the block that closed the run's first missed challenge
 * @param misses          missed service challenges in the run, at least 1
 * @param presumedHeight  the block from which its data is presumed lost, or -1 while the run is shorter
 */
public record MinerAbsence(long firstMissHeight, int misses, long presumedHeight) implements StateValue {
    public MinerAbsence {
        if (firstMissHeight < 0 || misses < 1 || presumedHeight < -1) {
            throw new IllegalArgumentException("an absence starts at a height, after at least one miss");
        }
    }

    public static StateKey key(Address miner) {
        return new StateKey(Storage.MINER_ABSENCE, miner.ss58());
    }

    /** Whether its data is presumed lost. */
    public boolean presumed() {
        return presumedHeight >= 0;
    }

    /** The run with one more miss at {@code height}, presumed lost from there if that makes {@code threshold}. */
    public MinerAbsence plusMiss(long height, int threshold) {
        int n = misses == Integer.MAX_VALUE ? misses : misses + 1;
        return new MinerAbsence(firstMissHeight, n, presumed() ? presumedHeight : n >= threshold ? height : -1);
    }

    /** A run's first miss at {@code height}. */
    public static MinerAbsence first(long height, int threshold) {
        return new MinerAbsence(height, 1, threshold <= 1 ? height : -1);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u64(firstMissHeight).u32(misses);
        return (presumed() ? e.u8(1).u64(presumedHeight) : e.u8(0)).toBytes();
    }

    public static MinerAbsence decode(Decoder d) {
        long first = d.u64();
        long misses = d.u32();
        if (misses > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a run of " + misses + " misses is out of range");
        }
        int flag = d.u8();
        return switch (flag) {
            case 0 -> new MinerAbsence(first, (int) misses, -1);
            case 1 -> new MinerAbsence(first, (int) misses, d.u64());
            default -> throw new IllegalArgumentException("miner absence flag " + flag);
        };
    }
}
