package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * The size of a miner's holdings index: how many holdings it has (positions 0..count-1 are all
 * filled) and the longest fragment it has ever held, the bound a sampler draws chunk positions
 * under. The bound never shrinks (keeping a true maximum under removals would need another
 * index); a stale bound only makes sampling reject more draws, never biases it.
 */
public record HoldingTally(long count, long maxLength) implements StateValue {
    public static final HoldingTally NONE = new HoldingTally(0, 0);

    public HoldingTally {
        if (count < 0 || maxLength < 0 || (count > 0 && maxLength == 0)) {
            throw new IllegalArgumentException("a holdings tally needs a count and a longest length, neither negative");
        }
    }

    public static StateKey key(Address miner) {
        return new StateKey(Storage.HOLDING_TALLY, miner.ss58());
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(count).u64(maxLength).toBytes();
    }

    public static HoldingTally decode(Decoder d) {
        return new HoldingTally(d.u64(), d.u64());
    }
}
