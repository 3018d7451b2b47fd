package cess.oss.boundary;

import cess.consensus.control.ChainReads;
import cess.oss.model.Gateway;
import cess.oss.model.Oss;
import cess.oss.wire.GatewayViews;
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
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The gateway registry as the final head has it ({@code ?pending=true}: with the transactions
 * this node has accepted), so that clients and other gateways find gateways. Read-only.
 */
@Path("gateways")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    @Inject
    ChainReads reads;

    @GET
    @Operation(summary = "Registered gateways in account order: endpoint, state, registered and updated heights; "
            + "?state=active (default), deregistered or all; ?after=ACCOUNT&limit=N to page (nextAfter names the next page)")
    public JsonObject list(@QueryParam("state") String stateText, @QueryParam("after") String afterText,
                           @QueryParam("limit") String limitText, @QueryParam("pending") boolean pending) {
        Predicate<Gateway> keep = filter(stateText);
        int limit = PathParams.limit(limitText, DEFAULT_LIMIT, MAX_LIMIT);
        Optional<Address> after = afterText == null || afterText.isEmpty() ? Optional.empty()
                : Optional.of(PathParams.parse(afterText, Address::parse, "invalid_after", "after"));
        long head = reads.head().height();
        GatewayListing.Page page = GatewayListing.page((from, n) -> reads.entriesAfter(Oss.GATEWAY, "", from, pending, n),
                keep, after, limit);
        return GatewayViews.page(page.gateways(), head, page.nextAfter());
    }

    @GET
    @Path("{account}")
    @Operation(summary = "One gateway's record, active or deregistered; 404 if the account never registered one")
    public JsonObject one(@PathParam("account") String accountText, @QueryParam("pending") boolean pending) {
        Address account = PathParams.parse(accountText, Address::parse, "invalid_address", "gateway account");
        long head = reads.head().height();
        Gateway g = reads.read(pending, v -> v.find(Gateway.key(account), Gateway.class))
                .orElseThrow(() -> ApiException.notFound(account.ss58() + " has never registered a gateway"));
        return GatewayViews.one(account, g, head);
    }

    /** {@code ?state=}: active (absent or empty), deregistered, or all. */
    static Predicate<Gateway> filter(String text) {
        if (text == null || text.isEmpty()) {
            return Gateway::active;
        }
        if (text.equals("all")) {
            return g -> true;
        }
        Gateway.State s = PathParams.parse(text, GatewayViews::parseState, "invalid_state", "state");
        return g -> g.state() == s;
    }
}
