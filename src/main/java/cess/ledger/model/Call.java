package cess.ledger.model;

import cess.shared.Encoder;

/**
 * What a transaction asks the chain to do. A call belongs to one module: its canonical encoding
 * is the module's index, the call's index within the module (never reused), then the body. The
 * runtime's {@link Schema} decodes it.
 */
public interface Call {
    /** The index of the module whose call this is. */
    int module();

    /** The call's index within its module. */
    int index();

    /** The type name used in JSON ({@code "transfer"}), unique across the runtime. */
    String type();

    void encodeBody(Encoder e);

    /** Writes module index, call index and body. */
    static void encode(Encoder e, Call call) {
        e.u8(call.module()).u8(call.index());
        call.encodeBody(e);
    }
}
