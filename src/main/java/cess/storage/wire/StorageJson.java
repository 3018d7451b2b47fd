package cess.storage.wire;

import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.storage.model.StorageCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * The storage market's calls in JSON. Miners' and territories' calls are read from clients; file
 * deals and bucket calls are sent by a gateway (they are written, for views, but not read).
 */
public final class StorageJson implements CallJson {
    @Override
    public Optional<Call> read(String type, JsonObject c) {
        return Optional.ofNullable(switch (type) {
            case "register_miner" -> new StorageCall.RegisterMiner(Json.string(c, "endpoint"),
                    Json.nonNegativeLong(c, "declaredBytes"), Json.amount(c, "stake"));
            case "exit_miner" -> new StorageCall.ExitMiner();
            case "withdraw_miner" -> new StorageCall.WithdrawMiner();
            case "update_miner" -> new StorageCall.UpdateMiner(Json.string(c, "endpoint"));
            case "add_stake" -> new StorageCall.AddStake(Json.amount(c, "amount"));
            case "declare_space" -> new StorageCall.DeclareSpace(Json.nonNegativeLong(c, "declaredBytes"));
            case "buy_territory" -> new StorageCall.BuyTerritory(Json.string(c, "name"), Json.intInRange(c, "gib", 1, 1 << 20),
                    Json.intInRange(c, "days", 1, 36_500));
            case "expand_territory" -> new StorageCall.ExpandTerritory(Json.string(c, "name"),
                    Json.intInRange(c, "gib", 1, 1 << 20));
            case "renew_territory" -> new StorageCall.RenewTerritory(Json.string(c, "name"),
                    Json.intInRange(c, "days", 1, 36_500));
            case "grant_gateway" -> new StorageCall.GrantGateway(Json.address(c, "gateway"));
            case "revoke_gateway" -> new StorageCall.RevokeGateway(Json.address(c, "gateway"));
            case "claim_restoral" -> new StorageCall.ClaimRestoral(Json.hash(c, "fid"), Json.intInRange(c, "segment", 0,
                    Integer.MAX_VALUE), Json.intInRange(c, "fragment", 0, 254));
            case "complete_restoral" -> new StorageCall.CompleteRestoral(Json.hash(c, "fid"), Json.intInRange(c, "segment", 0,
                    Integer.MAX_VALUE), Json.intInRange(c, "fragment", 0, 254), Json.hash(c, "root"));
            default -> null;
        });
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (!(call instanceof StorageCall)) {
            return false;
        }
        if (call instanceof StorageCall.RegisterMiner c) {
            b.add("endpoint", c.endpoint()).add("declaredBytes", c.declaredBytes()).add("stake", c.stake().toString());
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
        } else if (call instanceof StorageCall.ClaimRestoral c) {
            b.add("fid", c.fid().hex()).add("segment", c.segment()).add("fragment", c.fragment());
        } else if (call instanceof StorageCall.CompleteRestoral c) {
            b.add("fid", c.fid().hex()).add("segment", c.segment()).add("fragment", c.fragment()).add("root", c.root().hex());
        }
        return true;
    }
}
