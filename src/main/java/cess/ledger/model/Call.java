package cess.ledger.model;

import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * What a transaction asks the chain to do. Each kind has a one-byte tag in the canonical
 * encoding; tags are never reused.
 */
public sealed interface Call permits Transfer {
    int TRANSFER = 1;

    int tag();

    /** The type name used in JSON ({@code "transfer"}). */
    String type();

    void encodeBody(Encoder e);

    static Call decode(Decoder d) {
        int tag = d.u8();
        return switch (tag) {
            case TRANSFER -> Transfer.decodeBody(d);
            default -> throw new IllegalArgumentException("unknown call tag " + tag);
        };
    }
}
