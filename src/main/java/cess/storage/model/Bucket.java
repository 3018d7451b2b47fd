package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** An owner's named group of objects, whose space comes from one of the owner's territories. */
public record Bucket(String territory, long objects, long createdMillis) implements StateValue {
    public static StateKey key(Address owner, String bucket) {
        return new StateKey(Storage.BUCKET, owner.ss58() + "/" + bucket);
    }

    public Bucket withObjects(long n) {
        return new Bucket(territory, n, createdMillis);
    }

    @Override
    public byte[] encode() {
        return new Encoder().string(territory).u64(objects).u64(createdMillis).toBytes();
    }

    public static Bucket decode(Decoder d) {
        return new Bucket(d.string(Names.MAX_NAME), d.u64(), d.u64());
    }
}
