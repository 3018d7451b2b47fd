package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/** The committed root of one filler unit ({@link cess.audit.model.idle.FillerCommitment}), kept per miner and unit. */
public record IdleRoot(Hash root) implements StateValue {
    public IdleRoot {
        if (root == null) {
            throw new IllegalArgumentException("a unit's root is a hash");
        }
    }

    @Override
    public byte[] encode() {
        return new Encoder().hash(root).toBytes();
    }

    public static IdleRoot decode(Decoder d) {
        return new IdleRoot(d.hash());
    }
}
