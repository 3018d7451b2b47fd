package cess.storage.boundary;

import cess.platform.ApiException;
import cess.platform.BoundedBody;
import cess.platform.PathParams;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import cess.storage.control.FragmentGc;
import cess.storage.control.FragmentSigners;
import cess.storage.control.FragmentStore;
import cess.storage.control.HostedMiners;
import cess.storage.model.Fragment;
import cess.storage.model.NodeRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Node-to-node fragment transfer for the miners this node hosts. Every request carries a
 * signature over method, path, miner and expiry ({@link NodeRequest}) by a validator, a
 * registered miner or a gateway ({@link cess.storage.model.FragmentPeers}): a missing, malformed,
 * expired or forged signature is refused with 401, a signer of no such standing with 403, and
 * nothing is stored or dropped. A fragment that some file (pending deals included) still names is
 * not dropped on request (409): only this node's own sweep removes what no file refers to.
 */
@Path("fragments/{hash}")
@RequestScoped
public class FragmentsResource {
    /** The largest fragment accepted: a whole 64 MiB segment with k = 1. */
    static final int MAX_FRAGMENT_BYTES = 64 << 20;

    @Inject
    HostedMiners hosted;
    @Inject
    FragmentSigners signers;
    @Inject
    FragmentGc gc;

    @PUT
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a fragment on a hosted miner (node signature required); its bytes must hash to {hash}")
    public Response put(@PathParam("hash") String hashText, @QueryParam("miner") String minerText, InputStream body,
                        @HeaderParam(NodeRequest.NODE_HEADER) String node,
                        @HeaderParam(NodeRequest.EXPIRES_HEADER) String expires,
                        @HeaderParam(NodeRequest.SIGNATURE_HEADER) String signature) throws IOException {
        Hash hash = PathParams.parse(hashText, Hash::parse, "invalid_hash", "fragment hash");
        HostedMiners.Hosted miner = authorize("PUT", hash, minerText, node, expires, signature);
        byte[] data = BoundedBody.read(body, MAX_FRAGMENT_BYTES);
        try {
            miner.store().put(hash, data);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("hash_mismatch", e.getMessage());
        }
        return Response.status(201).entity(java.util.Map.of("hash", hash.hex(), "size", data.length)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Read a fragment from a hosted miner (node signature required), verified against {hash}")
    public byte[] get(@PathParam("hash") String hashText, @QueryParam("miner") String minerText,
                      @HeaderParam(NodeRequest.NODE_HEADER) String node,
                      @HeaderParam(NodeRequest.EXPIRES_HEADER) String expires,
                      @HeaderParam(NodeRequest.SIGNATURE_HEADER) String signature) throws IOException {
        Hash hash = PathParams.parse(hashText, Hash::parse, "invalid_hash", "fragment hash");
        HostedMiners.Hosted miner = authorize("GET", hash, minerText, node, expires, signature);
        try {
            return miner.store().get(hash).orElseThrow(() -> ApiException.notFound("miner does not hold fragment " + hash));
        } catch (FragmentStore.CorruptFragmentException e) {
            throw new ApiException(500, "corrupt_fragment", e.getMessage());
        }
    }

    @DELETE
    @Operation(summary = "Drop a fragment from a hosted miner (node signature required)")
    public Response delete(@PathParam("hash") String hashText, @QueryParam("miner") String minerText,
                           @HeaderParam(NodeRequest.NODE_HEADER) String node,
                           @HeaderParam(NodeRequest.EXPIRES_HEADER) String expires,
                           @HeaderParam(NodeRequest.SIGNATURE_HEADER) String signature) throws IOException {
        Hash hash = PathParams.parse(hashText, Hash::parse, "invalid_hash", "fragment hash");
        HostedMiners.Hosted miner = authorize("DELETE", hash, minerText, node, expires, signature);
        if (gc.inUse(new Fragment(hash, miner.key().address()))) {
            throw new ApiException(409, "fragment_in_use", "a file on chain (or an upload on this node) still refers to "
                    + "fragment " + hash + " on miner " + miner.key().address() + "; it is kept");
        }
        miner.store().delete(hash);
        return Response.noContent().build();
    }

    private HostedMiners.Hosted authorize(String method, Hash hash, String minerText, String node, String expires,
                                          String signature) {
        if (minerText == null || minerText.isBlank()) {
            throw ApiException.badRequest("missing_miner", "query parameter 'miner' names the miner addressed");
        }
        Address minerAddress = PathParams.parse(minerText, Address::parse, "invalid_address", "miner account");
        if (node == null || expires == null || signature == null) {
            throw new ApiException(401, "unauthorized", "fragment requests need the headers " + NodeRequest.NODE_HEADER
                    + ", " + NodeRequest.EXPIRES_HEADER + " and " + NodeRequest.SIGNATURE_HEADER);
        }
        Address signer;
        long until;
        Signature sig;
        try {
            signer = Address.parse(node);
            until = Long.parseLong(expires);
            sig = Signature.parse(signature);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "unauthorized", "malformed node signature headers: " + e.getMessage());
        }
        long now = System.currentTimeMillis();
        if (until < now || until > now + NodeRequest.MAX_VALIDITY_MILLIS) {
            throw new ApiException(401, "unauthorized", "the node signature has expired or is valid for too long");
        }
        String path = "/api/fragments/" + hash.hex();
        if (!KeyPair.verify(signer, NodeRequest.payload(method, path, minerAddress, until), sig)) {
            throw new ApiException(401, "unauthorized", "the node signature does not verify");
        }
        signers.refusal(signer).ifPresent(why -> {
            throw new ApiException(403, "forbidden", why);
        });
        return hosted.get(minerAddress).orElseThrow(() -> ApiException.notFound("this node does not host miner " + minerAddress));
    }
}
