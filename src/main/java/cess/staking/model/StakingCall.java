package cess.staking.model;

import cess.ledger.model.Call;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/** Validator candidacy transactions. */
public sealed interface StakingCall extends Call {
    int BOND = 0;
    int UNBOND = 1;

    @Override
    default int module() {
        return Staking.INDEX;
    }

    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case BOND -> new Bond(d.amount(), d.hash());
            case UNBOND -> new Unbond();
            default -> throw new IllegalArgumentException("staking has no call " + tag);
        };
    }

    /**
     * Bonds {@code amount} from the sender's free balance. The first bond (at least the genesis's
     * minimum) makes the sender a candidate and publishes {@code onion}, the outer layer of its
     * RANDAO hash onion; later bonds add stake and must name the same onion.
     */
    record Bond(Amount amount, Hash onion) implements StakingCall {
        public int index() { return BOND; }
        public String type() { return "bond"; }
        public void encodeBody(Encoder e) { e.amount(amount).hash(onion); }
    }

    /**
     * The sender stops being a candidate: it is not drawn again, and its stake returns at the
     * first epoch start at which it is on duty neither in the epoch starting nor the next.
     */
    record Unbond() implements StakingCall {
        public int index() { return UNBOND; }
        public String type() { return "unbond"; }
        public void encodeBody(Encoder e) { }
    }
}
