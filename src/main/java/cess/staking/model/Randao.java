package cess.staking.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * The chain's running RANDAO mix: every onion layer a proposer reveals is hashed into it, and
 * each epoch's draw of the on-duty set reads it. One entry.
 *
 * @param mix     the mix after the last reveal
 * @param reveals how many reveals went into it
 */
public record Randao(Hash mix, long reveals) implements StateValue {
    public static final StateKey KEY = new StateKey(Staking.RANDAO, "mix");

    public Randao {
        if (mix == null || reveals < 0) {
            throw new IllegalArgumentException("malformed randao mix");
        }
    }

    @Override
    public byte[] encode() {
        return new Encoder().hash(mix).u64(reveals).toBytes();
    }

    public static Randao decode(Decoder d) {
        return new Randao(d.hash(), d.u64());
    }
}
