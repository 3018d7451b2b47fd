package cess.staking.wire;

import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.shared.Hash;
import cess.staking.model.StakingCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/** Candidacy calls in JSON: {@code bond} (amount, onion) and {@code unbond}. */
public final class StakingJson implements CallJson {
    @Override
    public Optional<Call> read(String type, JsonObject c) {
        return switch (type) {
            case "bond" -> Optional.of(new StakingCall.Bond(Json.amount(c, "amount"), hash(c, "onion")));
            case "unbond" -> Optional.of(new StakingCall.Unbond());
            default -> Optional.empty();
        };
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof StakingCall.Bond c) {
            b.add("amount", c.amount().toString()).add("onion", c.onion().hex());
            return true;
        }
        return call instanceof StakingCall;
    }

    private static Hash hash(JsonObject c, String field) {
        try {
            return Hash.parse(Json.string(c, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'call." + field + "': " + e.getMessage());
        }
    }
}
