package cess.gateway.boundary;

import cess.ledger.wire.Jsons;
import cess.gateway.control.Gateway;
import cess.gateway.control.ObjectReads;
import cess.gateway.control.ObjectUpload;
import cess.gateway.control.StorageException;
import cess.gateway.model.ByteRange;
import cess.gateway.model.MultipartForm;
import cess.gateway.model.PayloadException;
import cess.platform.ApiException;
import cess.platform.BoundedBody;
import cess.platform.PathParams;
import cess.security.Caller;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.ObjectAcl;
import cess.storage.model.Names;
import cess.storage.model.ObjectMeta;
import cess.storage.model.Segment;
import cess.storage.control.FileHealthReads;
import cess.storage.wire.FileHealthJson;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The native (DeOSS-style) storage API. Every write, and every read of something private, is
 * signed by the owner's account ({@link cess.gateway.model.SignedRequest}: headers, or a
 * presigned link for a GET). Private by default: an account's listing needs its own signature;
 * a file's bytes go to anyone only while some object naming the FID is public
 * ({@link ObjectAcl#PUBLIC_READ}, chosen at upload), otherwise to an owner of an object naming it.
 * A FID read exposes the bytes and their size, never which objects, owners or names refer to
 * them. The file's layout ({@code /metadata}, {@code /location}) stays open: it is chain state that
 * every node replicates and that gateways and miners need.
 */
@Path("files")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
    /** Degraded segments a health answer lists; the counts cover them all. */
    static final int MAX_DEGRADED_LISTED = 1_000;
    @Inject
    Gateway gateway;
    @Inject
    ObjectUpload uploads;
    @Inject
    ObjectReads reads;
    @Inject
    ObjectHeaders objectHeaders;
    @Inject
    FileHealthReads health;
    @Context
    HttpServletRequest request;

    @PUT
    @Operation(summary = "Store the request body (raw, or the file part of a multipart/form-data body) as a file of "
            + "the signing account; 201 with its FID once the deal is admitted")
    public Response put(@QueryParam("name") String nameParam, @QueryParam("bucket") String bucketParam,
                        @QueryParam("territory") String territoryParam, @QueryParam("public") String publicParam,
                        @HeaderParam(Encryption.KEY_HEADER) String cipherKey,
                        @HeaderParam(Encryption.PASSPHRASE_HEADER) String passphrase,
                        @HeaderParam("Content-Type") String contentType,
                        @Context UriInfo uri, InputStream body) throws IOException {
        Address owner = signer();
        FileUpload upload;
        Optional<byte[]> key;
        String bucket;
        try {
            upload = MultipartForm.isForm(contentType)
                    ? FileUpload.fromForm(contentType, body, nameParam, bucketParam, territoryParam, publicParam)
                    : new FileUpload(nameParam, bucketParam, territoryParam, publicParam, contentType,
                            request.getContentLengthLong(), body);
            bucket = upload.bucket() == null || upload.bucket().isEmpty() ? Names.defaultBucket(owner) : upload.bucket();
            if (upload.name() == null || upload.name().isEmpty()) {
                throw ApiException.badRequest("missing_name", "the file name is required: query parameter 'name', "
                        + "or the file name of a multipart/form-data file part");
            }
            upload.acl(); // a bad 'public' is refused before any byte is stored
            key = Encryption.key(cipherKey, passphrase, owner);
            gateway.checkGranted(owner);
            ensureBucket(owner, bucket, upload.territory());
        } catch (ApiException | StorageException | PayloadException refused) {
            // Refused before reading the content: drain the body so that the client sees the answer.
            BoundedBody.drainIfSmall(body, request.getContentLengthLong());
            throw refusal(refused);
        }
        try {
            Gateway.PutResult r = uploads.put(new Gateway.PutRequest(owner, bucket, upload.name(),
                    new ObjectMeta(upload.contentType(), null, null, upload.acl()), upload.length(), key, Optional.empty()),
                    upload.content());
            JsonObject json = Jsons.createObjectBuilder().add("fid", r.fid().hex()).add("size", r.size())
                    .add("etag", r.etag()).add("bucket", bucket).add("name", upload.name()).add("owner", owner.ss58())
                    .add("encrypted", key.isPresent()).add("public", upload.acl() == ObjectAcl.PUBLIC_READ)
                    .add("deduplicated", r.deduplicated())
                    .add("transaction", r.transaction().hex()).build();
            return Response.created(uri.getBaseUriBuilder().path("files").path(r.fid().hex()).build()).entity(json).build();
        } catch (StorageException | PayloadException e) {
            BoundedBody.drainIfSmall(body, request.getContentLengthLong());
            throw refusal(e);
        }
    }

    private static RuntimeException refusal(Exception e) {
        if (e instanceof StorageException s) {
            return StorageErrors.json(s);
        }
        if (e instanceof PayloadException p) {
            return ApiException.badRequest(p.code(), p.getMessage());
        }
        return (RuntimeException) e;
    }

    private void ensureBucket(Address owner, String bucket, String territory) {
        try {
            gateway.bucket(owner, bucket);
        } catch (StorageException missing) {
            if (missing.kind() != StorageException.Kind.NO_SUCH_BUCKET) {
                throw missing;
            }
            gateway.createBucket(owner, bucket, territory == null || territory.isEmpty()
                    ? gateway.defaultTerritory(owner) : territory);
        }
    }

    @GET
    @Path("{fid}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download a file (Range supported); encrypted files need Cipher-Key or Cipher")
    public Response get(@PathParam("fid") String fidText, @HeaderParam("Range") String rangeHeader,
                        @HeaderParam(Encryption.KEY_HEADER) String cipherKey,
                        @HeaderParam(Encryption.PASSPHRASE_HEADER) String passphrase,
                        @QueryParam("owner") String ownerText) {
        return download(fidText, rangeHeader, cipherKey, passphrase, ownerText);
    }

    /**
     * Refuses a read of the file's bytes unless some object naming it is public or the caller
     * (signed, or by a presigned link) owns an object naming it: 401 for an anonymous caller, 403
     * for another account.
     */
    private void checkReadable(Hash fid) {
        if (gateway.filePublic(fid)) {
            return;
        }
        Address caller = Caller.account().orElseThrow(() -> new ApiException(401, "unauthorized", "file " + fid.hex()
                + " is private: sign the request as an owner of an object naming it, or use a presigned link"));
        if (objectsNaming(caller, fid).isEmpty()) {
            throw new ApiException(403, "forbidden", "account " + caller + " holds no object naming file " + fid.hex()
                    + ", and no object naming it is public");
        }
    }

    private List<Gateway.ObjectInfo> objectsNaming(Address owner, Hash fid) {
        return gateway.listOwner(owner, 100_000).stream().filter(o -> o.entry().fid().equals(fid)).toList();
    }

    @HEAD
    @Path("{fid}")
    @Produces(MediaType.WILDCARD)
    public Response head(@PathParam("fid") String fidText) {
        FileLayout layout = layout(fidText);
        checkReadable(fid(fidText));
        Response.ResponseBuilder b = Response.ok().header("Content-Length", layout.size()).header("Accept-Ranges", "bytes");
        objectHeaders.of(request, MediaType.APPLICATION_OCTET_STREAM, null).forEach(b::header);
        return b.build();
    }

    private Response download(String fidText, String rangeHeader, String cipherKey, String passphrase, String ownerText) {
        FileLayout layout = layout(fidText);
        checkReadable(fid(fidText));
        long size = layout.size();
        Optional<byte[]> key = Optional.empty();
        if (cipherKey != null || passphrase != null) {
            Address owner = Caller.account().orElseGet(() -> {
                if (passphrase != null && (ownerText == null || ownerText.isEmpty())) {
                    throw ApiException.badRequest("missing_owner", "a Cipher passphrase is salted with the owner's account: "
                            + "sign the request or pass ?owner=");
                }
                return ownerText == null ? null : PathParams.parse(ownerText, Address::parse, "invalid_address", "owner");
            });
            key = Encryption.key(cipherKey, passphrase, owner);
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).header("Content-Range", "bytes */" + size)
                    .entity(error(416, "invalid_range", e.getMessage())).type(MediaType.APPLICATION_JSON).build();
        }
        ByteRange r = range.orElse(new ByteRange(0, size - 1));
        ObjectReads.ObjectReader reader;
        try {
            reader = reads.open(layout, r, key);
        } catch (StorageException e) {
            throw StorageErrors.json(e);
        }
        StreamingOutput out = reader::writeTo;
        Response.ResponseBuilder b = Response.status(range.isPresent() ? 206 : 200).entity(out)
                .type(MediaType.APPLICATION_OCTET_STREAM).header("Accept-Ranges", "bytes")
                .header("Content-Length", Math.max(0, r.length())).header("ETag", "\"" + fidText + "\"");
        objectHeaders.of(request, MediaType.APPLICATION_OCTET_STREAM, null).forEach(b::header);
        if (range.isPresent()) {
            b.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
        }
        return b.build();
    }

    @GET
    @Path("{fid}/metadata")
    @Operation(summary = "A file's size, coding, segments and whether its deal is final")
    public JsonObject metadata(@PathParam("fid") String fidText) {
        Hash fid = fid(fidText);
        FileLayout l = layout(fidText);
        return Jsons.createObjectBuilder().add("fid", fid.hex()).add("size", l.size()).add("segmentSize", l.segmentSize())
                .add("segments", l.segments().size()).add("dataFragments", l.k()).add("parityFragments", l.m())
                .add("encrypted", l.encrypted()).add("final", gateway.isFinal(fid)).build();
    }

    @GET
    @Path("{fid}/location")
    @Operation(summary = "The miner of every fragment of a file, segment by segment")
    public JsonObject location(@PathParam("fid") String fidText) {
        FileLayout l = layout(fidText);
        JsonArrayBuilder segs = Jsons.createArrayBuilder();
        for (int i = 0; i < l.segments().size(); i++) {
            Segment s = l.segments().get(i);
            JsonArrayBuilder frags = Jsons.createArrayBuilder();
            for (int j = 0; j < s.fragments().size(); j++) {
                Fragment f = s.fragments().get(j);
                frags.add(Jsons.createObjectBuilder().add("index", j).add("kind", j < l.k() ? "data" : "parity")
                        .add("hash", f.hash().hex()).add("miner", f.miner().ss58()));
            }
            segs.add(Jsons.createObjectBuilder().add("index", i).add("hash", s.hash().hex())
                    .add("fragmentSize", l.fragmentSize(s)).add("fragments", frags));
        }
        return Jsons.createObjectBuilder().add("fid", fid(fidText).hex()).add("segments", segs).build();
    }

    @GET
    @Path("{fid}/health")
    @Operation(summary = "A file's redundancy as the chain knows it: fragments present and missing, degraded and lost "
            + "segments, restoral orders open and claimed (healthy, degraded or lost)")
    public JsonObject health(@PathParam("fid") String fidText) {
        Hash fid = fid(fidText);
        FileHealthReads.Reading r = health.of(fid).orElseThrow(() -> ApiException.notFound("no file " + fid.hex()
                + " is on chain (a file's deal counts once final)"));
        return FileHealthJson.toJson(fid, r.height(), r.health(), MAX_DEGRADED_LISTED);
    }

    @DELETE
    @Path("{fid}")
    @Operation(summary = "Delete every object of the signing account that names this file, freeing its territory space")
    public JsonObject delete(@PathParam("fid") String fidText) {
        Address owner = signer();
        Hash fid = fid(fidText);
        List<Gateway.ObjectInfo> named = objectsNaming(owner, fid);
        if (named.isEmpty()) {
            throw ApiException.notFound("account " + owner + " holds no object naming file " + fid.hex());
        }
        JsonArrayBuilder txs = Jsons.createArrayBuilder();
        try {
            for (Gateway.ObjectInfo o : named) {
                int slash = o.key().indexOf('/');
                txs.add(gateway.delete(owner, o.key().substring(0, slash), o.key().substring(slash + 1)).hex());
            }
        } catch (StorageException e) {
            throw StorageErrors.json(e);
        }
        return Jsons.createObjectBuilder().add("fid", fid.hex()).add("deleted", named.size()).add("transactions", txs).build();
    }

    @GET
    @Operation(summary = "The files of the signing account (?owner= must name it), as this gateway sees them "
            + "(pending deals included)")
    public JsonObject list(@QueryParam("owner") String ownerText, @QueryParam("limit") Integer limitParam) {
        if (ownerText == null || ownerText.isEmpty()) {
            throw ApiException.badRequest("missing_owner", "query parameter 'owner' is required");
        }
        Address owner = PathParams.parse(ownerText, Address::parse, "invalid_address", "owner");
        Address caller = signer();
        if (!caller.equals(owner)) {
            throw new ApiException(403, "forbidden", "an account's listing is private: " + caller
                    + " may list only its own files, not those of " + owner);
        }
        int limit = limitParam == null ? 1000 : Math.max(1, Math.min(10_000, limitParam));
        JsonArrayBuilder files = Jsons.createArrayBuilder();
        for (Gateway.ObjectInfo o : gateway.listOwner(owner, limit)) {
            int slash = o.key().indexOf('/');
            files.add(Jsons.createObjectBuilder().add("bucket", o.key().substring(0, slash))
                    .add("name", o.key().substring(slash + 1)).add("fid", o.entry().fid().hex())
                    .add("size", o.entry().size()).add("etag", o.entry().meta().etag())
                    .add("contentType", o.entry().meta().contentType()).add("public", o.entry().meta().publicRead())
                    .add("created", o.entry().createdMillis()));
        }
        return Jsons.createObjectBuilder().add("owner", owner.ss58()).add("files", files).build();
    }

    private Address signer() {
        return Caller.account().orElseThrow(() -> new ApiException(401, "unauthorized",
                "this request needs the account's signature (headers Account, Expires, Nonce, Body-SHA256, Signature)"));
    }

    private static Hash fid(String text) {
        return PathParams.parse(text, Hash::parse, "invalid_fid", "file id");
    }

    private FileLayout layout(String fidText) {
        Hash fid = fid(fidText);
        return gateway.file(fid).orElseThrow(() -> ApiException.notFound("no file " + fid.hex() + " is known to this gateway"));
    }

    private static JsonObject error(int status, String code, String message) {
        return Jsons.createObjectBuilder().add("status", status).add("error", code).add("message", message).build();
    }
}
