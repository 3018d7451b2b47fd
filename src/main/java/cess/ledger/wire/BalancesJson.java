package cess.ledger.wire;

import cess.ledger.model.Call;
import cess.ledger.model.Transfer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/** The balances module's call in JSON: {@code {"type":"transfer","dest":"cX…","amount":"…"}}. */
public final class BalancesJson implements CallJson {
    @Override
    public Optional<Call> read(String type, JsonObject c) {
        return "transfer".equals(type) ? Optional.of(new Transfer(Json.address(c, "dest"), Json.amount(c, "amount")))
                : Optional.empty();
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof Transfer t) {
            b.add("dest", t.dest().ss58()).add("amount", t.amount().toString());
            return true;
        }
        return false;
    }
}
