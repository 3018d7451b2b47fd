package cess.audit.wire;

import cess.audit.model.AuditCall;
import cess.audit.model.CorruptReport;
import cess.audit.model.IdleAuditParams;
import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.ledger.wire.Jsons;
import cess.shared.Hash;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit module's calls in JSON.
 * <ul>
 *   <li>{@code {"type":"commit_filler","firstUnit":0,"roots":["0x…",…]}}: read and written; a
 *       miner may send its commitment as JSON (hosted miners send it in binary).
 *   <li>{@code {"type":"submit_proof","challenge":N,"samples":K,"bytes":B}} and
 *       {@code {"type":"submit_idle_proof","challenge":N,"bytes":B}}: for views only, the challenge
 *       answered and the proof's size (and samples). The chunks, labels and paths stay out (a proof is
 *       hundreds of KiB of binary); a proof is never read from JSON: it is built and signed by a
 *       miner node and travels in binary.
 *   <li>{@code {"type":"report_corrupt","miner":"cX…","fid":"0x…","segment":0,"fragment":3,"suspects":[17]}}:
 *       read and written; a gateway's report of a corrupt read ({@code suspects}, the chunks found
 *       wrong, may be left out or empty).
 * </ul>
 * Stateless.
 */
public final class AuditJson implements CallJson {
    static final String SUBMIT_PROOF = "submit_proof";
    static final String SUBMIT_IDLE_PROOF = "submit_idle_proof";
    static final String COMMIT_FILLER = "commit_filler";
    static final String REPORT_CORRUPT = "report_corrupt";

    @Override
    public Optional<Call> read(String type, JsonObject c) {
        if (SUBMIT_PROOF.equals(type) || SUBMIT_IDLE_PROOF.equals(type)) {
            throw new IllegalArgumentException("field 'call.type': " + type
                    + ": proofs are sent by miner nodes in binary, not as JSON");
        }
        if (COMMIT_FILLER.equals(type)) {
            return Optional.of(commitFiller(c));
        }
        if (REPORT_CORRUPT.equals(type)) {
            return Optional.of(reportCorrupt(c));
        }
        return Optional.empty();
    }

    private static AuditCall.ReportCorrupt reportCorrupt(JsonObject c) {
        List<Long> suspects = new ArrayList<>();
        if (c.containsKey("suspects")) {
            if (!(c.get("suspects") instanceof JsonArray a) || a.size() > CorruptReport.MAX_SUSPECTS) {
                throw new IllegalArgumentException("field 'suspects': an array of at most " + CorruptReport.MAX_SUSPECTS
                        + " chunk indexes");
            }
            for (int i = 0; i < a.size(); i++) {
                if (!(a.get(i) instanceof jakarta.json.JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
                    throw new IllegalArgumentException("field 'suspects[" + i + "]': a chunk index is a whole number, not negative");
                }
                suspects.add(n.longValueExact());
            }
        }
        return new AuditCall.ReportCorrupt(Json.address(c, "miner"), Json.hash(c, "fid"),
                Json.intInRange(c, "segment", 0, Integer.MAX_VALUE), Json.intInRange(c, "fragment", 0, 254), suspects);
    }

    private static AuditCall.CommitFiller commitFiller(JsonObject c) {
        long first = Json.nonNegativeLong(c, "firstUnit");
        JsonValue v = Json.field(c, "roots");
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("field 'roots': an array of unit roots (0x + 64 hex digits)");
        }
        if (a.isEmpty() || a.size() > IdleAuditParams.MAX_ROOTS) {
            throw new IllegalArgumentException("field 'roots': 1.." + IdleAuditParams.MAX_ROOTS + " roots, not " + a.size());
        }
        List<Hash> roots = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof JsonString s)) {
                throw new IllegalArgumentException("field 'roots[" + i + "]': a root is a string of 0x + 64 hex digits");
            }
            try {
                roots.add(Hash.parse(s.getString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'roots[" + i + "]': " + e.getMessage());
            }
        }
        return new AuditCall.CommitFiller(first, roots);
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof AuditCall.SubmitProof p) {
            b.add("challenge", p.proof().challengeId()).add("samples", p.proof().entries().size())
                    .add("bytes", p.proof().encodedSize());
            return true;
        }
        if (call instanceof AuditCall.SubmitIdleProof p) {
            b.add("challenge", p.challenge()).add("bytes", p.proof().length);
            return true;
        }
        if (call instanceof AuditCall.ReportCorrupt r) {
            var suspects = Jsons.createArrayBuilder();
            r.suspects().forEach(suspects::add);
            b.add("miner", r.miner().ss58()).add("fid", r.fid().hex()).add("segment", r.segment())
                    .add("fragment", r.fragment()).add("suspects", suspects);
            return true;
        }
        if (call instanceof AuditCall.CommitFiller f) {
            var roots = Jsons.createArrayBuilder();
            f.roots().forEach(r -> roots.add(r.hex()));
            b.add("firstUnit", f.firstUnit()).add("roots", roots);
            return true;
        }
        return false;
    }
}
