package cess.node;

import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.platform.NodeConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator-only views of the node. Guarded by Shiro ({@code roles[admin]} in shiro.ini). */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    NodeConfig config;

    /** The node's identity and effective configuration, secrets masked. */
    public record NodeInfo(String account, List<String> roles, boolean validator, String chainId, String genesisHash,
                           long headHeight, int pendingTransactions, String dataDir, Map<String, String> config) {
    }

    @GET
    @Path("node")
    @Operation(summary = "The node's identity and effective configuration (admin only; secrets masked)")
    public NodeInfo node() {
        return new NodeInfo(chain.nodeAccount().ss58(),
                config.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList(),
                chain.isValidator(), chain.genesis().chainId(), chain.genesisHash().hex(), reads.head().height(),
                reads.poolSize(), config.dataDir().toString(), config.effective());
    }
}
