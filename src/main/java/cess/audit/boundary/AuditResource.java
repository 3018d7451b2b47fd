package cess.audit.boundary;

import cess.audit.control.StorageMiners;
import cess.audit.model.AuditKeys;
import cess.audit.model.AuditParams;
import cess.audit.model.Challenge;
import cess.audit.wire.AuditViews;
import cess.audit.wire.MinerAudit;
import cess.consensus.control.ChainReads;
import cess.platform.ApiException;
import cess.platform.PathParams;
import cess.shared.Address;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Storage proofs as the final head has them: the challenges not yet closed, with the blocks left
 * to answer them, and each miner's audit standing (passed, missed, failed, punished, why, and
 * what it waits for). Read-only; proofs are transactions sent by miner nodes.
 */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    @Inject
    ChainReads reads;
    @Inject
    StorageMiners storage;

    @GET
    @Path("challenges")
    @Operation(summary = "Challenges not yet closed (open, or answered before their deadline), by id; "
            + "?miner= for one miner's, ?after=ID&limit=N to page (nextAfter names the next page)")
    public JsonObject challenges(@QueryParam("miner") String minerText, @QueryParam("after") String afterText,
                                 @QueryParam("limit") String limitText) {
        int limit = limit(limitText);
        OptionalLong after = afterText == null || afterText.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(PathParams.parse(afterText, AuditResource::challengeId, "invalid_after", "after"));
        long head = reads.head().height();
        AuditReads state = new AuditReads(reads);
        List<Challenge> found = minerText == null || minerText.isEmpty() ? state.challenges(after, limit + 1)
                : state.challengesOf(address(minerText, "miner"), after, limit + 1);
        if (found.size() <= limit) {
            return AuditViews.challenges(found, head, OptionalLong.empty(), state::report);
        }
        List<Challenge> page = found.subList(0, limit);
        return AuditViews.challenges(page, head, OptionalLong.of(page.get(limit - 1).id()), state::report);
    }

    @GET
    @Path("miners")
    @Operation(summary = "Every registered or audited miner's audit line: counts, punished, next challenge, status")
    public JsonObject miners() {
        long head = reads.head().height();
        return AuditViews.miners(new AuditReads(reads).miners(storage.miners()), head, periodBlocks());
    }

    @GET
    @Path("miners/{address}")
    @Operation(summary = "One miner's audit standing: record, challenges with deadlines, faults kept for repair, "
            + "the next scheduled challenge and a status line saying what it waits for")
    public JsonObject miner(@PathParam("address") String addressText) {
        Address miner = address(addressText, "miner address");
        long head = reads.head().height();
        MinerAudit m = new AuditReads(reads).miner(miner, storage.miner(miner));
        if (!m.known()) {
            throw ApiException.notFound(miner.ss58() + " is not a registered storage miner and has no audit history");
        }
        return AuditViews.miner(m, head, periodBlocks());
    }

    private long periodBlocks() {
        return reads.params().get(AuditParams.class).periodBlocks();
    }

    static int limit(String text) {
        return PathParams.limit(text, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A challenge id: a whole number, not negative (the key's form is checked by {@link AuditKeys#challenge}). */
    static long challengeId(String text) {
        long id = Long.parseLong(text);
        if (id < 0) {
            throw new IllegalArgumentException("a challenge id is not negative, got " + id);
        }
        return id;
    }

    private static Address address(String text, String what) {
        return PathParams.parse(text, Address::parse, "invalid_address", what);
    }
}
