package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * Who holds a bucket name. Bucket names form one namespace across all accounts, as S3's do: the
 * entry is written with the owner's {@link Bucket} and removed with it, so a name another account
 * holds cannot be created again until that account deletes its bucket. Immutable.
 */
public record BucketName(Address owner) implements StateValue {
    public static StateKey key(String bucket) {
        return new StateKey(Storage.BUCKET_NAME, bucket);
    }

    @Override
    public byte[] encode() {
        return new Encoder().address(owner).toBytes();
    }

    public static BucketName decode(Decoder d) {
        return new BucketName(d.address());
    }
}
