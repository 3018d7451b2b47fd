package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A miner presumed to have lost its data: it missed {@link RestoralParams#missesBeforeRepair}
 * challenge deadlines in a row (from block {@code sinceHeight}). One entry, whatever the miner
 * holds: each of its fragments then implies a restoral order ({@link RestoralRules#orderFor}),
 * written only when another miner claims it, as an exiting miner's do. Removed when the miner
 * passes a storage proof again: the implied orders nobody claimed lapse with it, so an honest
 * miner back from a long restart keeps its data; orders already claimed stand and complete as
 * usual (the claimant may already hold the rebuilt bytes). Kept while it lasts; immutable.
 *
 * @param sinceHeight the block whose missed deadline made the run long enough
 * @param misses      the run's length then
 */
public record MinerAbsence(long sinceHeight, int misses) implements StateValue {
    public MinerAbsence {
        if (sinceHeight < 0 || misses < 1) {
            throw new IllegalArgumentException("an absence starts at a height, after at least one miss");
        }
    }

    public static StateKey key(Address miner) {
        return new StateKey(Storage.MINER_ABSENCE, miner.ss58());
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(sinceHeight).u32(misses).toBytes();
    }

    public static MinerAbsence decode(Decoder d) {
        long since = d.u64();
        long misses = d.u32();
        if (misses > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an absence of " + misses + " misses is out of range");
        }
        return new MinerAbsence(since, (int) misses);
    }
}
