package cess.ledger.model;

import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.storage.model.StorageCall;

/**
 * What a transaction asks the chain to do. Each kind has a one-byte tag in the canonical
 * encoding; tags are never reused. Tags 2 to 12 are the storage market's ({@link StorageCall}).
 */
public interface Call {
    int TRANSFER = 1;

    int tag();

    /** The type name used in JSON ({@code "transfer"}). */
    String type();

    void encodeBody(Encoder e);

    static Call decode(Decoder d) {
        int tag = d.u8();
        if (tag == TRANSFER) {
            return Transfer.decodeBody(d);
        }
        return StorageCall.decodeBody(tag, d);
    }
}
