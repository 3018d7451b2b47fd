package cess.governance.wire;

import cess.governance.model.Action;
import cess.governance.model.GovernanceCall;
import cess.governance.model.Vote;
import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.ledger.wire.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;
import java.util.Optional;

/** Governance calls in JSON: {@code propose} (action, description, link), {@code vote} and {@code cancel}. */
public final class GovernanceJson implements CallJson {
    @Override
    public Optional<Call> read(String type, JsonObject c) {
        return Optional.ofNullable(switch (type) {
            case "propose" -> new GovernanceCall.Propose(action(Json.object(c, "action")), Json.string(c, "description"),
                    c.containsKey("link") ? Json.string(c, "link") : "");
            case "vote" -> new GovernanceCall.Cast(Json.nonNegativeLong(c, "proposal"), choice(c), Json.amount(c, "amount"));
            case "cancel" -> new GovernanceCall.Cancel(Json.nonNegativeLong(c, "proposal"));
            default -> null;
        });
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof GovernanceCall.Propose c) {
            b.add("action", actionJson(c.action())).add("description", c.description()).add("link", c.link());
        } else if (call instanceof GovernanceCall.Cast c) {
            b.add("proposal", c.proposal()).add("choice", c.choice().name().toLowerCase(Locale.ROOT))
                    .add("amount", c.amount().toString());
        } else if (call instanceof GovernanceCall.Cancel c) {
            b.add("proposal", c.proposal());
        } else {
            return false;
        }
        return true;
    }

    /** A proposal's action: {@code {"type":"funding","beneficiary":…,"amount":…}} or {@code {"type":"param_change","name":…,"value":…}}. */
    public static JsonObjectBuilder actionJson(Action a) {
        if (a instanceof Action.Funding f) {
            return Jsons.createObjectBuilder().add("type", "funding").add("beneficiary", f.beneficiary().ss58())
                    .add("amount", f.amount().toString());
        }
        Action.ParamChange c = (Action.ParamChange) a;
        return Jsons.createObjectBuilder().add("type", "param_change").add("name", c.name()).add("value", c.value());
    }

    static Action action(JsonObject a) {
        String type = Json.string(a, "type");
        return switch (type) {
            case "funding" -> new Action.Funding(Json.address(a, "beneficiary"), Json.amount(a, "amount"));
            case "param_change" -> new Action.ParamChange(Json.string(a, "name"), Json.string(a, "value"));
            default -> throw new IllegalArgumentException("field 'call.action.type': unknown action '" + type
                    + "' (funding or param_change)");
        };
    }

    static Vote.Choice choice(JsonObject c) {
        String v = Json.string(c, "choice");
        return switch (v) {
            case "aye" -> Vote.Choice.AYE;
            case "nay" -> Vote.Choice.NAY;
            case "abstain" -> Vote.Choice.ABSTAIN;
            default -> throw new IllegalArgumentException("field 'call.choice': aye, nay or abstain, not '" + v + "'");
        };
    }
}
