package cess.runtime.wire;

import cess.audit.wire.AuditJson;
import cess.governance.wire.GovernanceJson;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.wire.BalancesJson;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.ledger.wire.Jsons;
import cess.oss.wire.OssJson;
import cess.shared.Signature;
import cess.staking.wire.StakingJson;
import cess.storage.wire.StorageJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Optional;

/**
 * A signed transaction as JSON:
 * <pre>{"sender":"cX…","nonce":0,"fee":"1000000000000000",
 *  "call":{"type":"transfer","dest":"cX…","amount":"1000000000000000000"},
 *  "signature":"0x…"}</pre>
 * Amounts are strings of smallest units.
 */
public final class TransactionJson {

    private TransactionJson() {
    }

    public static JsonObject toJson(SignedTransaction stx) {
        Transaction tx = stx.tx();
        return Jsons.createObjectBuilder()
                .add("sender", tx.sender().ss58())
                .add("nonce", tx.nonce())
                .add("fee", tx.fee().toString())
                .add("call", callJson(tx.call()))
                .add("signature", stx.signature().hex())
                .build();
    }

    /** The modules' JSON forms, in the runtime's order. */
    private static final List<CallJson> MODULES = List.of(new BalancesJson(), new StorageJson(), new GovernanceJson(),
            new StakingJson(), new AuditJson(), new OssJson());

    public static JsonObjectBuilder callJson(Call call) {
        JsonObjectBuilder b = Jsons.createObjectBuilder().add("type", call.type());
        for (CallJson m : MODULES) {
            if (m.write(call, b)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no module writes call " + call.type() + " as JSON");
    }

    /** @throws IllegalArgumentException naming the field that is missing or malformed */
    public static SignedTransaction fromJson(JsonObject o) {
        Transaction tx = new Transaction(
                Json.address(o, "sender"),
                Json.nonNegativeLong(o, "nonce"),
                Json.amount(o, "fee"),
                call(Json.object(o, "call")));
        Signature sig;
        try {
            sig = Signature.parse(Json.string(o, "signature"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'signature': " + e.getMessage());
        }
        return new SignedTransaction(tx, sig);
    }

    /** A call from its JSON form (the {@code call} member of a transaction). */
    public static Call call(JsonObject c) {
        String type = Json.string(c, "type");
        for (CallJson m : MODULES) {
            Optional<Call> call = m.read(type, c);
            if (call.isPresent()) {
                return call.get();
            }
        }
        throw new IllegalArgumentException("field 'call.type': unknown call type '" + type + "' (file deals "
                + "and bucket calls are sent by a gateway, not as JSON)");
    }
}
