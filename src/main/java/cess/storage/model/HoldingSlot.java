package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * Where fragment {@code fragment} of segment {@code segment} of file {@code fid} sits in its
 * miner's holdings index: the reverse entry that lets a released file's holdings be removed
 * without a scan ({@link HoldingIndex#remove}).
 */
public record HoldingSlot(long seq) implements StateValue {
    public HoldingSlot {
        if (seq < 0) {
            throw new IllegalArgumentException("a holding's position is not negative");
        }
    }

    public static StateKey key(Address miner, Hash fid, int segment, int fragment) {
        return new StateKey(Storage.HOLDING_SLOT, miner.ss58() + "/" + fid.hex() + "/" + segment + "/" + fragment);
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(seq).toBytes();
    }

    public static HoldingSlot decode(Decoder d) {
        return new HoldingSlot(d.u64());
    }
}
