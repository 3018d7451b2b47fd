package cess.audit.model;

import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** The audit module's transactions: a miner's answer to a challenge. */
public sealed interface AuditCall extends Call {
    int SUBMIT_PROOF = 0;

    @Override
    default int module() {
        return Audit.INDEX;
    }

    /**
     * Reads a call body. A proof is bounded here only by what any genesis allows (at most
     * {@link AuditParams#MAX_SAMPLES} samples, a transaction's size); the chain's own sample
     * count and proof size are checked when the proof is judged.
     */
    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case SUBMIT_PROOF -> new SubmitProof(ServiceProof.decode(d, AuditParams.MAX_SAMPLES,
                    SignedTransaction.MAX_ENCODED_BYTES));
            default -> throw new IllegalArgumentException("audit has no call " + tag);
        };
    }

    /** The challenged miner's service proof: the sampled chunks with their paths. */
    record SubmitProof(ServiceProof proof) implements AuditCall {
        public int index() { return SUBMIT_PROOF; }
        public String type() { return "submit_proof"; }
        public void encodeBody(Encoder e) { proof.encode(e); }
    }
}
