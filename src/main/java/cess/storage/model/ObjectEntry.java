package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/** An owner's object: a key in a bucket naming a file, with the client's metadata. */
public record ObjectEntry(Hash fid, long size, ObjectMeta meta, long createdMillis) implements StateValue {
    public static StateKey key(Address owner, String bucket, String key) {
        return new StateKey(Storage.OBJECT, prefix(owner, bucket) + key);
    }

    /** The id prefix every object of a bucket shares. */
    public static String prefix(Address owner, String bucket) {
        return owner.ss58() + "/" + bucket + "/";
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().hash(fid).u64(size);
        meta.encode(e);
        return e.u64(createdMillis).toBytes();
    }

    public static ObjectEntry decode(Decoder d) {
        return new ObjectEntry(d.hash(), d.u64(), ObjectMeta.decode(d), d.u64());
    }
}
