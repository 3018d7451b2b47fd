package cess.gateway.cache.boundary;

import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.gateway.cache.control.CachePeers;
import cess.gateway.cache.control.SegmentCache;
import cess.oss.model.Gateway;
import cess.platform.ApiException;
import cess.platform.NodeConfig;
import cess.platform.PathParams;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.model.Miner;
import cess.storage.model.NodeRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A gateway's cached segments, for peer gateways (see {@code CachePeers}): the stored bytes of
 * one segment, streamed from the cache file with each block's checksum checked. Every request
 * carries a node signature addressed to this node ({@link NodeRequest}, the path naming the
 * segment) by a gateway heard on the cache topic or active in the gateway registry, a validator
 * or a registered miner; anything else is refused with 401 or 403. Only the chain's stored bytes are served — ciphertext for an
 * encrypted object.
 */
@Path("segments/{hash}")
@RequestScoped
public class SegmentsResource {
    @Inject
    SegmentCache cache;
    @Inject
    CachePeers peers;
    @Inject
    NodeConfig config;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Read a segment from this gateway's cache (node signature required)")
    public Response get(@PathParam("hash") String hashText, @HeaderParam(NodeRequest.NODE_HEADER) String node,
                        @HeaderParam(NodeRequest.EXPIRES_HEADER) String expires,
                        @HeaderParam(NodeRequest.SIGNATURE_HEADER) String signature) throws IOException {
        Hash hash = PathParams.parse(hashText, Hash::parse, "invalid_hash", "segment hash");
        Address signer;
        try {
            signer = NodeRequest.signer("GET", "/api/segments/" + hash.hex(), config.nodeKey().address(), node, expires,
                    signature, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "unauthorized", e.getMessage());
        }
        boolean known = peers.isPeer(signer) || chain.genesis().validatorSet().contains(signer)
                || reads.read(false, v -> v.get(Miner.key(signer)) != null
                        || v.find(Gateway.key(signer), Gateway.class).map(Gateway::active).orElse(false));
        if (!known) {
            throw new ApiException(403, "forbidden", signer + " is neither a peer gateway (heard on the cache topic or "
                    + "registered with register_gateway), a validator nor a registered miner");
        }
        long length = cache.storedLength(hash).orElseThrow(() -> ApiException.notFound("segment " + hash
                + " is not in this gateway's cache"));
        StreamingOutput body = out -> {
            if (!cache.copy(hash, out)) {
                throw new IOException("cached segment " + hash + " went bad or away while it was sent");
            }
        };
        return Response.ok(body).header("Content-Length", length).build();
    }
}
