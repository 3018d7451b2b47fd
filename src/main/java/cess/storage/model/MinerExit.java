package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * When a miner started to exit (by its own {@code exit_miner}, or forced out by its audits), and
 * the first block at which it may withdraw its stake, provided that by then every fragment it
 * held was rebuilt elsewhere. Kept until the withdrawal.
 */
public record MinerExit(long startedHeight, long withdrawableHeight, boolean forced) implements StateValue {
    public MinerExit {
        if (startedHeight < 0 || withdrawableHeight < startedHeight) {
            throw new IllegalArgumentException("an exit starts at a height and is withdrawable no earlier");
        }
    }

    public static StateKey key(Address miner) {
        return new StateKey(Storage.MINER_EXIT, miner.ss58());
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(startedHeight).u64(withdrawableHeight).u8(forced ? 1 : 0).toBytes();
    }

    public static MinerExit decode(Decoder d) {
        long started = d.u64();
        long withdrawable = d.u64();
        int forced = d.u8();
        if (forced > 1) {
            throw new IllegalArgumentException("miner exit flag " + forced);
        }
        return new MinerExit(started, withdrawable, forced == 1);
    }
}
