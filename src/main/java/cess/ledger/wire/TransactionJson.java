package cess.ledger.wire;

import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.shared.Signature;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

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
        return Json.createObjectBuilder()
                .add("sender", tx.sender().ss58())
                .add("nonce", tx.nonce())
                .add("fee", tx.fee().toString())
                .add("call", callJson(tx.call()))
                .add("signature", stx.signature().hex())
                .build();
    }

    public static JsonObjectBuilder callJson(Call call) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("type", call.type());
        if (call instanceof Transfer t) {
            b.add("dest", t.dest().ss58()).add("amount", t.amount().toString());
        }
        return b;
    }

    /** @throws IllegalArgumentException naming the field that is missing or malformed */
    public static SignedTransaction fromJson(JsonObject o) {
        Transaction tx = new Transaction(
                cess.ledger.wire.Json.address(o, "sender"),
                cess.ledger.wire.Json.nonNegativeLong(o, "nonce"),
                cess.ledger.wire.Json.amount(o, "fee"),
                call(cess.ledger.wire.Json.object(o, "call")));
        Signature sig;
        try {
            sig = Signature.parse(cess.ledger.wire.Json.string(o, "signature"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'signature': " + e.getMessage());
        }
        return new SignedTransaction(tx, sig);
    }

    static Call call(JsonObject c) {
        String type = cess.ledger.wire.Json.string(c, "type");
        if ("transfer".equals(type)) {
            return new Transfer(cess.ledger.wire.Json.address(c, "dest"), cess.ledger.wire.Json.amount(c, "amount"));
        }
        throw new IllegalArgumentException("field 'call.type': unknown call type '" + type + "'");
    }
}
