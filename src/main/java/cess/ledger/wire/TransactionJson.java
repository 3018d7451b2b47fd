package cess.ledger.wire;

import cess.governance.model.Action;
import cess.governance.model.GovernanceCall;
import cess.governance.model.Vote;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.shared.Hash;
import cess.shared.Signature;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import cess.storage.model.StorageCall;

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

    public static JsonObjectBuilder callJson(Call call) {
        JsonObjectBuilder b = Jsons.createObjectBuilder().add("type", call.type());
        if (call instanceof Transfer t) {
            b.add("dest", t.dest().ss58()).add("amount", t.amount().toString());
        } else if (call instanceof StorageCall.RegisterMiner c) {
            b.add("endpoint", c.endpoint()).add("declaredBytes", c.declaredBytes()).add("stake", c.stake().toString());
        } else if (call instanceof cess.staking.model.StakingCall.Bond c) {
            b.add("amount", c.amount().toString()).add("onion", c.onion().hex());
        } else if (call instanceof StorageCall.UpdateMiner c) {
            b.add("endpoint", c.endpoint());
        } else if (call instanceof StorageCall.AddStake c) {
            b.add("amount", c.amount().toString());
        } else if (call instanceof StorageCall.DeclareSpace c) {
            b.add("declaredBytes", c.declaredBytes());
        } else if (call instanceof StorageCall.BuyTerritory c) {
            b.add("name", c.name()).add("gib", c.gib()).add("days", c.days());
        } else if (call instanceof StorageCall.ExpandTerritory c) {
            b.add("name", c.name()).add("gib", c.gib());
        } else if (call instanceof StorageCall.RenewTerritory c) {
            b.add("name", c.name()).add("days", c.days());
        } else if (call instanceof StorageCall.GrantGateway c) {
            b.add("gateway", c.gateway().ss58());
        } else if (call instanceof StorageCall.RevokeGateway c) {
            b.add("gateway", c.gateway().ss58());
        } else if (call instanceof StorageCall.CreateBucket c) {
            b.add("owner", c.owner().ss58()).add("bucket", c.bucket()).add("territory", c.territory());
        } else if (call instanceof StorageCall.DeleteBucket c) {
            b.add("owner", c.owner().ss58()).add("bucket", c.bucket());
        } else if (call instanceof StorageCall.PutObject c) {
            b.add("owner", c.owner().ss58()).add("bucket", c.bucket()).add("key", c.key()).add("fid", c.fid().hex())
                    .add("size", c.size()).add("withLayout", c.layout().isPresent());
        } else if (call instanceof StorageCall.DeleteObject c) {
            b.add("owner", c.owner().ss58()).add("bucket", c.bucket()).add("key", c.key());
        } else if (call instanceof GovernanceCall.Propose c) {
            b.add("action", actionJson(c.action())).add("description", c.description()).add("link", c.link());
        } else if (call instanceof GovernanceCall.Cast c) {
            b.add("proposal", c.proposal()).add("choice", c.choice().name().toLowerCase(java.util.Locale.ROOT))
                    .add("amount", c.amount().toString());
        } else if (call instanceof GovernanceCall.Cancel c) {
            b.add("proposal", c.proposal());
        }
        return b;
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
        String type = cess.ledger.wire.Json.string(a, "type");
        return switch (type) {
            case "funding" -> new Action.Funding(cess.ledger.wire.Json.address(a, "beneficiary"),
                    cess.ledger.wire.Json.amount(a, "amount"));
            case "param_change" -> new Action.ParamChange(cess.ledger.wire.Json.string(a, "name"),
                    cess.ledger.wire.Json.string(a, "value"));
            default -> throw new IllegalArgumentException("field 'call.action.type': unknown action '" + type
                    + "' (funding or param_change)");
        };
    }

    static Vote.Choice choice(JsonObject c) {
        String v = cess.ledger.wire.Json.string(c, "choice");
        return switch (v) {
            case "aye" -> Vote.Choice.AYE;
            case "nay" -> Vote.Choice.NAY;
            case "abstain" -> Vote.Choice.ABSTAIN;
            default -> throw new IllegalArgumentException("field 'call.choice': aye, nay or abstain, not '" + v + "'");
        };
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

    private static Hash hash(JsonObject c, String field) {
        try {
            return Hash.parse(cess.ledger.wire.Json.string(c, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'call." + field + "': " + e.getMessage());
        }
    }

    /** A call from its JSON form (the {@code call} member of a transaction). */
    public static Call call(JsonObject c) {
        String type = cess.ledger.wire.Json.string(c, "type");
        return switch (type) {
            case "transfer" -> new Transfer(cess.ledger.wire.Json.address(c, "dest"), cess.ledger.wire.Json.amount(c, "amount"));
            case "register_miner" -> new StorageCall.RegisterMiner(cess.ledger.wire.Json.string(c, "endpoint"), cess.ledger.wire.Json.nonNegativeLong(c, "declaredBytes"),
                    cess.ledger.wire.Json.amount(c, "stake"));
            case "exit_miner" -> new StorageCall.ExitMiner();
            case "bond" -> new cess.staking.model.StakingCall.Bond(cess.ledger.wire.Json.amount(c, "amount"),
                    hash(c, "onion"));
            case "unbond" -> new cess.staking.model.StakingCall.Unbond();
            case "update_miner" -> new StorageCall.UpdateMiner(cess.ledger.wire.Json.string(c, "endpoint"));
            case "add_stake" -> new StorageCall.AddStake(cess.ledger.wire.Json.amount(c, "amount"));
            case "declare_space" -> new StorageCall.DeclareSpace(cess.ledger.wire.Json.nonNegativeLong(c, "declaredBytes"));
            case "buy_territory" -> new StorageCall.BuyTerritory(cess.ledger.wire.Json.string(c, "name"), cess.ledger.wire.Json.intInRange(c, "gib", 1, 1 << 20),
                    cess.ledger.wire.Json.intInRange(c, "days", 1, 36_500));
            case "expand_territory" -> new StorageCall.ExpandTerritory(cess.ledger.wire.Json.string(c, "name"), cess.ledger.wire.Json.intInRange(c, "gib", 1, 1 << 20));
            case "renew_territory" -> new StorageCall.RenewTerritory(cess.ledger.wire.Json.string(c, "name"), cess.ledger.wire.Json.intInRange(c, "days", 1, 36_500));
            case "grant_gateway" -> new StorageCall.GrantGateway(cess.ledger.wire.Json.address(c, "gateway"));
            case "revoke_gateway" -> new StorageCall.RevokeGateway(cess.ledger.wire.Json.address(c, "gateway"));
            case "propose" -> new GovernanceCall.Propose(action(cess.ledger.wire.Json.object(c, "action")),
                    cess.ledger.wire.Json.string(c, "description"),
                    c.containsKey("link") ? cess.ledger.wire.Json.string(c, "link") : "");
            case "vote" -> new GovernanceCall.Cast(cess.ledger.wire.Json.nonNegativeLong(c, "proposal"), choice(c),
                    cess.ledger.wire.Json.amount(c, "amount"));
            case "cancel" -> new GovernanceCall.Cancel(cess.ledger.wire.Json.nonNegativeLong(c, "proposal"));
            default -> throw new IllegalArgumentException("field 'call.type': unknown call type '" + type + "' (file deals "
                    + "and bucket calls are sent by a gateway, not as JSON)");
        };
    }
}
