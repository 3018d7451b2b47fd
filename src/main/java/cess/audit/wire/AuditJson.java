package cess.audit.wire;

import cess.audit.model.AuditCall;
import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * The audit module's call in JSON, for views only: {@code {"type":"submit_proof","challenge":N,
 * "samples":K,"bytes":B}}, the challenge answered, the samples carried and the proof's encoded
 * size. The chunks and paths stay out (a proof is about 257 KiB of binary). A proof is never read
 * from JSON: it is built and signed by a miner node and travels in binary. Stateless.
 */
public final class AuditJson implements CallJson {
    static final String SUBMIT_PROOF = "submit_proof";

    @Override
    public Optional<Call> read(String type, JsonObject c) {
        if (SUBMIT_PROOF.equals(type)) {
            throw new IllegalArgumentException("field 'call.type': " + SUBMIT_PROOF
                    + ": proofs are sent by miner nodes in binary, not as JSON");
        }
        return Optional.empty();
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof AuditCall.SubmitProof p) {
            b.add("challenge", p.proof().challengeId()).add("samples", p.proof().entries().size())
                    .add("bytes", p.proof().encodedSize());
            return true;
        }
        return false;
    }
}
