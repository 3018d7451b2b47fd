package cess.storage.boundary;

import cess.ledger.model.StateKind;
import cess.storage.model.Storage;
import cess.ledger.wire.Jsons;
import cess.consensus.control.ChainReads;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.platform.ApiException;
import cess.platform.PathParams;
import cess.shared.Address;
import cess.storage.model.Bucket;
import cess.storage.model.Miner;
import cess.storage.model.RestoralOrder;
import cess.storage.model.Territory;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The storage market as this node sees it: miners, an account's territories and buckets. With
 * {@code pending=true} the pool's admitted transactions are applied (what this gateway has
 * acknowledged); otherwise only finalized state.
 */
@Path("storage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {
    @Inject
    ChainReads reads;
    @Inject
    Clock clock;

    @GET
    @Path("miners")
    @Operation(summary = "Registered storage miners: endpoint, declared and used space, stake, state")
    public JsonObject miners(@QueryParam("pending") boolean pending) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : all(Storage.MINER, "", pending)) {
            Miner m = (Miner) e.getValue();
            out.add(Jsons.createObjectBuilder().add("account", e.getKey().id()).add("endpoint", m.endpoint())
                    .add("declaredBytes", m.declaredBytes()).add("usedBytes", m.usedBytes()).add("freeBytes", m.freeBytes())
                    .add("stake", m.stake().toString()).add("state", m.state().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return Jsons.createObjectBuilder().add("miners", out).build();
    }

    @GET
    @Path("territories")
    @Operation(summary = "An account's territories (?owner=): size, use, expiry")
    public JsonObject territories(@QueryParam("owner") String ownerText, @QueryParam("pending") boolean pending) {
        Address owner = owner(ownerText);
        long now = clock.millis();
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        String prefix = owner.ss58() + "/";
        for (Map.Entry<StateKey, StateValue> e : all(Storage.TERRITORY, prefix, pending)) {
            Territory t = (Territory) e.getValue();
            out.add(Jsons.createObjectBuilder().add("name", e.getKey().id().substring(prefix.length())).add("gib", t.gib())
                    .add("capacityBytes", t.capacityBytes()).add("usedBytes", t.usedBytes()).add("freeBytes", t.freeBytes())
                    .add("expires", t.expiresMillis()).add("live", t.liveAt(now)));
        }
        return Jsons.createObjectBuilder().add("owner", owner.ss58()).add("territories", out).build();
    }

    @GET
    @Path("buckets")
    @Operation(summary = "An account's buckets (?owner=): territory and object count")
    public JsonObject buckets(@QueryParam("owner") String ownerText, @QueryParam("pending") boolean pending) {
        Address owner = owner(ownerText);
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        String prefix = owner.ss58() + "/";
        for (Map.Entry<StateKey, StateValue> e : all(Storage.BUCKET, prefix, pending)) {
            Bucket b = (Bucket) e.getValue();
            out.add(Jsons.createObjectBuilder().add("name", e.getKey().id().substring(prefix.length()))
                    .add("territory", b.territory()).add("objects", b.objects()).add("created", b.createdMillis()));
        }
        return Jsons.createObjectBuilder().add("owner", owner.ss58()).add("buckets", out).build();
    }

    @GET
    @Path("restorals")
    @Operation(summary = "Open restoral orders: which fragment is lost from which miner and why, who rebuilds it, by when")
    public JsonObject restorals(@QueryParam("limit") String limitText) {
        int limit = limit(limitText);
        long height = reads.head().height();
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        List<Map.Entry<StateKey, StateValue>> orders = reads.entries(Storage.RESTORAL, "", false, limit);
        for (Map.Entry<StateKey, StateValue> e : orders) {
            RestoralOrder o = (RestoralOrder) e.getValue();
            var b = Jsons.createObjectBuilder().add("fid", o.fid().hex()).add("segment", o.segment())
                    .add("fragment", o.fragment()).add("lostFrom", o.lost().ss58()).add("reason", o.reason().label())
                    .add("created", o.createdHeight()).add("state", o.stateAt(height));
            o.claim().ifPresent(c -> b.add("claimant", c.claimant().ss58()).add("claimDeadline", c.deadlineHeight()));
            out.add(b);
        }
        return Jsons.createObjectBuilder().add("height", height).add("restorals", out).build();
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return 100;
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 1000) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1..1000, not '" + text + "'");
        }
        return n;
    }

    private List<Map.Entry<StateKey, StateValue>> all(StateKind kind, String prefix, boolean pending) {
        return reads.entries(kind, prefix, pending, 100_000);
    }

    private static Address owner(String text) {
        if (text == null || text.isEmpty()) {
            throw ApiException.badRequest("missing_owner", "query parameter 'owner' is required");
        }
        return PathParams.parse(text, Address::parse, "invalid_address", "owner");
    }
}
