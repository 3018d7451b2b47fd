package cess.storage.boundary;

import cess.consensus.control.ChainReads;
import cess.ledger.wire.Jsons;
import cess.platform.ApiException;
import cess.storage.control.RedundancyReads;
import cess.storage.model.Redundancy;
import cess.storage.model.RestoralTally;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/storage/redundancy}: the network's redundancy at the head ({@link Redundancy}),
 * shared by the console's dashboard and {@code cess-cli storage redundancy}.
 */
@Path("storage/redundancy")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RedundancyResource {
    /** The repair rate's default window. */
    static final long DEFAULT_BLOCKS = 100;

    @Inject
    RedundancyReads redundancy;
    @Inject
    ChainReads reads;

    @GET
    @Operation(summary = "Degraded segments (open restoral orders by segment), by fragments missing, and the repair rate over the"
            + " last ?blocks= blocks (default 100)")
    public JsonObject get(@QueryParam("blocks") String blocksText) {
        return toJson(redundancy.now(blocks(blocksText)), reads.blockTimeMillis());
    }

    static long blocks(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_BLOCKS;
        }
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > RestoralTally.WINDOW_BLOCKS) {
            throw ApiException.badRequest("invalid_blocks", "blocks must be 1.." + RestoralTally.WINDOW_BLOCKS + ", not '"
                    + text + "'");
        }
        return n;
    }

    static JsonObject toJson(Redundancy r, long blockMillis) {
        JsonArrayBuilder levels = Jsons.createArrayBuilder();
        r.levels().forEach(l -> levels.add(Jsons.createObjectBuilder().add("missing", l.missing())
                .add("parityLeft", l.parityLeft()).add("segments", l.segments())));
        JsonObjectBuilder repair = Jsons.createObjectBuilder().add("windowBlocks", r.windowBlocks())
                .add("windowMillis", r.windowBlocks() * blockMillis).add("completedInWindow", r.completedInWindow())
                .add("completedTotal", r.completedTotal());
        r.blocksToRepairAll().ifPresent(b -> repair.add("blocksToRepairAll", b));
        return Jsons.createObjectBuilder().add("height", r.height()).add("healthy", r.degradedSegments() == 0)
                .add("degradedSegments", r.degradedSegments()).add("atRisk", r.atRisk())
                .add("unrecoverable", r.unrecoverable()).add("levels", levels)
                .add("openOrders", r.openOrders()).add("claimedOrders", r.claimedOrders())
                .add("impliedOrders", r.impliedOrders()).add("repair", repair).add("partial", r.partial()).build();
    }
}
