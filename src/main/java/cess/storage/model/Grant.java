package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** An owner's authorization of a gateway account to store and delete objects on its behalf. */
public record Grant(long grantedMillis) implements StateValue {
    public static StateKey key(Address owner, Address gateway) {
        return new StateKey(Storage.GRANT, owner.ss58() + "/" + gateway.ss58());
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(grantedMillis).toBytes();
    }

    public static Grant decode(Decoder d) {
        return new Grant(d.u64());
    }
}
