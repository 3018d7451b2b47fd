package cess.gateway.boundary;

import cess.gateway.wire.S3Xml;
import cess.gateway.control.Gateway;
import cess.gateway.control.ObjectReads;
import cess.gateway.control.ObjectUpload;
import cess.gateway.control.StorageException;
import cess.gateway.model.ByteRange;
import cess.gateway.model.PayloadException;
import cess.gateway.model.S3Listing;
import cess.gateway.model.SigV4;
import cess.platform.BoundedBody;
import cess.security.Caller;
import cess.shared.Address;
import cess.storage.model.Bucket;
import cess.storage.model.FileLayout;
import cess.storage.model.Names;
import cess.storage.model.ObjectEntry;
import cess.storage.model.ObjectMeta;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The S3-compatible API at the node's root, path-style ({@code /bucket/key}). Buckets and keys
 * belong to the account the request's access key is bound to; every request is authenticated by
 * {@link cess.security.S3AuthFilter} before it gets here. Objects stream through the same
 * gateway pipeline as the native API; errors are S3's XML with S3's codes.
 */
@WebServlet(name = "s3", urlPatterns = "/")
public class S3Servlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(S3Servlet.class.getName());
    /** The largest object a single PUT may carry (S3's limit); larger ones use multipart uploads. */
    static final long MAX_PUT_BYTES = 5L << 30;
    private static final int MAX_DELETE_KEYS = 1000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);
    /** Bucket and object sub-resources this gateway does not offer; asking for one is a clear 501. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "policyStatus", "cors", "lifecycle", "tagging",
            "encryption", "replication", "website", "logging", "notification", "object-lock", "retention", "legal-hold",
            "torrent", "restore", "select", "attributes", "versions", "versionId", "requestPayment", "accelerate",
            "analytics", "inventory", "metrics", "intelligent-tiering", "ownershipControls", "publicAccessBlock");

    @Inject
    Gateway gateway;
    @Inject
    ObjectUpload uploads;
    @Inject
    ObjectReads reads;
    @Inject
    ObjectHeaders objectHeaders;
    @Inject
    S3Multipart multipart;

    @Override
    protected void service(HttpServletRequest http, HttpServletResponse response) throws IOException {
        S3Request req = null;
        try {
            req = S3Request.of(http);
            Address owner = Caller.account().orElseThrow(() -> new S3Error(403, "AccessDenied", "sign the request"));
            dispatch(req, owner, response);
        } catch (S3Error e) {
            refuse(http, response, req, e.status, e.code, e.getMessage());
        } catch (StorageException e) {
            S3Error mapped = S3Error.of(e);
            refuse(http, response, req, mapped.status, mapped.code, e.getMessage());
        } catch (PayloadException e) {
            refuse(http, response, req, "SignatureDoesNotMatch".equals(e.code()) ? 403 : 400, e.code(), e.getMessage());
        } catch (SigV4.SigV4Exception e) {
            refuse(http, response, req, 400, e.code(), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.FINE, "S3 request ended early", e);
            refuse(http, response, req, 400, "IncompleteBody", "the request body ended early: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "S3 request failed: " + http.getMethod() + " " + http.getRequestURI(), e);
            refuse(http, response, req, 500, "InternalError", "We encountered an internal error. Please try again.");
        }
    }

    private static void refuse(HttpServletRequest http, HttpServletResponse response, S3Request req, int status,
                               String code, String message) throws IOException {
        if (!response.isCommitted()) {
            BoundedBody.drainIfSmall(http.getInputStream(), http.getContentLengthLong());
        }
        S3Xml.error(response, "HEAD".equals(http.getMethod()), status, code, message, "Resource",
                req == null ? http.getRequestURI() : req.resource());
    }

    private void dispatch(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        String method = req.method();
        if (req.bucket.isEmpty()) {
            if (!"GET".equals(method)) {
                throw new S3Error(405, "MethodNotAllowed", "the service root only answers GET (ListBuckets)");
            }
            listBuckets(owner, out);
            return;
        }
        if (req.has("tagging") && !req.key.isEmpty() && "GET".equals(method)) {
            // Objects carry no tags here; clients (aws s3 cp between buckets) read them before copying.
            gateway.bucket(owner, req.bucket);
            gateway.object(owner, req.bucket, req.key).orElseThrow(() -> new S3Error(404, "NoSuchKey",
                    "The specified key does not exist."));
            S3Xml.send(out, 200, S3Xml.document("Tagging").open("TagSet").close("TagSet").finish("Tagging"));
            return;
        }
        for (String p : req.query.keySet()) {
            if (UNSUPPORTED.contains(p)) {
                throw new S3Error(501, "NotImplemented", "this gateway does not offer the '" + p + "' sub-resource");
            }
        }
        if (req.key.isEmpty()) {
            switch (method) {
                case "PUT" -> createBucket(req, owner, out);
                case "DELETE" -> deleteBucket(req, owner, out);
                case "HEAD" -> headBucket(req, owner, out);
                case "GET" -> {
                    if (req.has("location")) {
                        gateway.bucket(owner, req.bucket);
                        S3Xml.send(out, 200, S3Xml.document("LocationConstraint").finish("LocationConstraint"));
                    } else if (req.has("versioning")) {
                        gateway.bucket(owner, req.bucket);
                        S3Xml.send(out, 200, S3Xml.document("VersioningConfiguration").finish("VersioningConfiguration"));
                    } else if (req.has("uploads")) {
                        multipart.listUploads(req, owner, out);
                    } else {
                        listObjects(req, owner, out);
                    }
                }
                case "POST" -> {
                    if (!req.has("delete")) {
                        throw new S3Error(501, "NotImplemented", "POST on a bucket is only DeleteObjects (?delete)");
                    }
                    deleteObjects(req, owner, out);
                }
                default -> throw new S3Error(405, "MethodNotAllowed", method + " is not allowed on a bucket");
            }
            return;
        }
        switch (method) {
            case "PUT" -> {
                if (req.has("uploadId") || req.has("partNumber")) {
                    multipart.uploadPart(req, owner, out);
                } else if (req.header("x-amz-copy-source") != null) {
                    copyObject(req, owner, out);
                } else {
                    putObject(req, owner, out);
                }
            }
            case "GET", "HEAD" -> {
                if (req.has("uploadId")) {
                    multipart.listParts(req, owner, out);
                } else {
                    getObject(req, owner, out);
                }
            }
            case "DELETE" -> {
                if (req.has("uploadId")) {
                    multipart.abort(req, owner, out);
                } else {
                    deleteObject(req, owner, out);
                }
            }
            case "POST" -> {
                if (req.has("uploads")) {
                    multipart.create(req, owner, out);
                } else if (req.has("uploadId")) {
                    multipart.complete(req, owner, out);
                } else {
                    throw new S3Error(501, "NotImplemented", "POST on an object is only for multipart uploads");
                }
            }
            default -> throw new S3Error(405, "MethodNotAllowed", method + " is not allowed on an object");
        }
    }

    // ---------------------------------------------------------------- buckets

    private void listBuckets(Address owner, HttpServletResponse out) throws IOException {
        S3Xml x = S3Xml.document("ListAllMyBucketsResult");
        x.open("Owner").element("ID", owner.ss58()).element("DisplayName", owner.ss58()).close("Owner").open("Buckets");
        for (Gateway.BucketInfo b : gateway.listBuckets(owner)) {
            x.open("Bucket").element("Name", b.name()).element("CreationDate", S3Xml.iso(b.bucket().createdMillis())).close("Bucket");
        }
        S3Xml.send(out, 200, x.close("Buckets").finish("ListAllMyBucketsResult"));
    }

    private void createBucket(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        Names.bucketProblem(req.bucket).ifPresent(p -> {
            throw new S3Error(400, "InvalidBucketName", "The specified bucket is not valid: " + p);
        });
        String territory = req.header("x-cess-territory");
        byte[] body = req.smallBody(Caller.signingKey(), 64 * 1024);
        if (body.length > 0) {
            String constraint = S3Error.parseXml(body, "CreateBucketConfiguration").text("LocationConstraint").orElse("").trim();
            // A region name is client configuration, not a choice of territory: it means "the default".
            if (!constraint.isEmpty() && !constraint.matches("[a-z]{2}(-[a-z]+)+-\\d+|EU")) {
                if (territory != null && !territory.equals(constraint)) {
                    throw new S3Error(400, "InvalidLocationConstraint", "x-cess-territory and LocationConstraint differ");
                }
                territory = constraint;
            }
        }
        if (territory == null || territory.isBlank()) {
            territory = gateway.defaultTerritory(owner);
        } else {
            String t = territory;
            boolean live = gateway.listTerritories(owner).contains(t);
            if (!live) {
                throw new S3Error(400, "InvalidLocationConstraint", "account " + owner + " has no live territory '" + t
                        + "': a bucket's LocationConstraint (or x-cess-territory) names one of your territories");
            }
        }
        gateway.createBucket(owner, req.bucket, territory);
        out.setHeader("Location", "/" + req.bucket);
        out.setStatus(200);
    }

    private void deleteBucket(S3Request req, Address owner, HttpServletResponse out) {
        gateway.deleteBucket(owner, req.bucket);
        multipart.abortAll(owner, req.bucket);
        out.setStatus(204);
    }

    private void headBucket(S3Request req, Address owner, HttpServletResponse out) {
        Bucket b = gateway.bucket(owner, req.bucket);
        out.setHeader("x-amz-bucket-region", cess.security.S3AuthFilter.region());
        out.setHeader("x-cess-territory", b.territory());
        out.setStatus(200);
    }

    // ---------------------------------------------------------------- listings

    private void listObjects(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        boolean v2 = "2".equals(req.param("list-type"));
        String prefix = req.query.getOrDefault("prefix", "");
        String delimiter = req.query.getOrDefault("delimiter", "");
        int maxKeys = req.intParam("max-keys", 1000, 0, Integer.MAX_VALUE);
        maxKeys = Math.min(maxKeys, 1000);
        boolean url = "url".equals(req.param("encoding-type"));
        if (req.has("encoding-type") && !url) {
            throw new S3Error(400, "InvalidArgument", "Invalid Encoding Method specified in Request: use url");
        }
        String after;
        if (v2) {
            String token = req.param("continuation-token");
            if (token != null) {
                try {
                    after = S3Listing.cursor(token);
                } catch (IllegalArgumentException e) {
                    throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect");
                }
            } else {
                after = req.query.getOrDefault("start-after", "");
            }
        } else {
            after = req.query.getOrDefault("marker", "");
            // A marker that is a rolled-up prefix skips everything under it, as in S3.
            if (!delimiter.isEmpty() && after.endsWith(delimiter) && after.startsWith(prefix) && after.length() > prefix.length()) {
                after = after + Character.MAX_VALUE;
            }
        }
        S3Listing.Page<ObjectEntry> page = gateway.listObjects(owner, req.bucket, prefix, delimiter, after, maxKeys);
        S3Xml x = S3Xml.document("ListBucketResult");
        x.element("Name", req.bucket).element("Prefix", enc(prefix, url));
        if (!delimiter.isEmpty()) {
            x.element("Delimiter", enc(delimiter, url));
        }
        x.element("MaxKeys", maxKeys);
        if (url) {
            x.element("EncodingType", "url");
        }
        x.element("IsTruncated", page.truncated());
        if (v2) {
            x.element("KeyCount", page.contents().size() + page.commonPrefixes().size());
            x.elementIf(req.has("continuation-token"), "ContinuationToken", req.param("continuation-token"));
            x.elementIf(req.has("start-after"), "StartAfter", enc(req.query.getOrDefault("start-after", ""), url));
            x.elementIf(page.truncated(), "NextContinuationToken", page.truncated() ? S3Listing.token(page.resumeAfter()) : "");
        } else {
            x.element("Marker", enc(req.query.getOrDefault("marker", ""), url));
            if (page.truncated()) {
                String next = page.resumeAfter();
                x.element("NextMarker", enc(next.endsWith(String.valueOf(Character.MAX_VALUE))
                        ? next.substring(0, next.length() - 1) : next, url));
            }
        }
        boolean fetchOwner = !v2 || "true".equals(req.param("fetch-owner"));
        for (S3Listing.Item<ObjectEntry> item : page.contents()) {
            ObjectEntry e = item.value();
            x.open("Contents").element("Key", enc(item.key(), url)).element("LastModified", S3Xml.iso(e.createdMillis()))
                    .element("ETag", S3Xml.quote(e.meta().etag())).element("Size", e.size()).element("StorageClass", "STANDARD");
            if (fetchOwner) {
                x.open("Owner").element("ID", owner.ss58()).element("DisplayName", owner.ss58()).close("Owner");
            }
            x.close("Contents");
        }
        for (String p : page.commonPrefixes()) {
            x.open("CommonPrefixes").element("Prefix", enc(p, url)).close("CommonPrefixes");
        }
        S3Xml.send(out, 200, x.finish("ListBucketResult"));
    }

    // ---------------------------------------------------------------- objects

    private void putObject(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        long length = req.contentLength();
        if (length > MAX_PUT_BYTES) {
            throw new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size of "
                    + MAX_PUT_BYTES + " bytes for one PUT: use a multipart upload");
        }
        if (length < 0 && !"chunked".equalsIgnoreCase(req.header("Transfer-Encoding"))
                && req.header("x-amz-decoded-content-length") == null) {
            throw new S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
        }
        Optional<byte[]> sse = req.customerKey();
        ObjectMeta meta = req.meta();
        Optional<byte[]> md5 = req.contentMd5();
        gateway.bucket(owner, req.bucket);
        Gateway.PutResult r;
        try (InputStream body = req.body(Caller.signingKey())) {
            r = uploads.put(new Gateway.PutRequest(owner, req.bucket, req.key, meta, length, sse, md5), body);
        }
        out.setHeader("ETag", S3Xml.quote(r.etag()));
        out.setHeader("x-cess-fid", r.fid().hex());
        sse.ifPresent(k -> S3Request.echoCustomerKey(out, k));
        out.setStatus(200);
    }

    private void copyObject(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        String[] from = req.copySource();
        String fromBucket = from[0];
        String fromKey = from[1];
        String directive = Optional.ofNullable(req.header("x-amz-metadata-directive")).orElse("COPY");
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new S3Error(400, "InvalidArgument", "x-amz-metadata-directive must be COPY or REPLACE");
        }
        if (fromBucket.equals(req.bucket) && fromKey.equals(req.key) && directive.equals("COPY")) {
            throw new S3Error(400, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to "
                    + "itself without changing the object's metadata.");
        }
        Optional<ObjectMeta> meta = directive.equals("REPLACE") ? Optional.of(req.meta()) : Optional.empty();
        BoundedBody.drainIfSmall(req.http.getInputStream(), req.http.getContentLengthLong());
        Gateway.PutResult r = gateway.copy(owner, fromBucket, fromKey, req.bucket, req.key, meta);
        long created = gateway.object(owner, req.bucket, req.key).map(ObjectEntry::createdMillis).orElse(System.currentTimeMillis());
        S3Xml.send(out, 200, S3Xml.document("CopyObjectResult").element("LastModified", S3Xml.iso(created))
                .element("ETag", S3Xml.quote(r.etag())).finish("CopyObjectResult"));
    }

    private void getObject(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        gateway.bucket(owner, req.bucket);
        ObjectEntry e = gateway.object(owner, req.bucket, req.key).orElseThrow(() -> new S3Error(404, "NoSuchKey",
                "The specified key does not exist."));
        String etag = S3Xml.quote(e.meta().etag());
        String ifMatch = req.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, etag)) {
            throw new S3Error(412, "PreconditionFailed", "At least one of the preconditions you specified did not hold: If-Match");
        }
        String ifNoneMatch = req.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            out.setHeader("ETag", etag);
            out.setStatus(304);
            return;
        }
        FileLayout layout = gateway.file(e.fid()).orElseThrow(() -> new StorageException(StorageException.Kind.INTERNAL,
                "the file of '" + req.key + "' is missing from the chain state"));
        long size = e.size();
        Optional<byte[]> sse = req.customerKey();
        if (layout.encrypted() && sse.isEmpty() && !req.isHead()) {
            throw new S3Error(400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. "
                    + "The correct parameters must be provided to retrieve the object.");
        }
        Optional<ByteRange> range;
        try {
            range = req.header("Range") == null ? Optional.empty() : ByteRange.parse(req.header("Range"), size);
        } catch (ByteRange.Unsatisfiable ex) {
            out.setHeader("Content-Range", "bytes */" + size);
            throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable: " + ex.getMessage());
        }
        ByteRange r = range.orElse(new ByteRange(0, size - 1));
        ObjectReads.ObjectReader reader = req.isHead() ? null : reads.open(layout, r, sse);
        out.setStatus(range.isPresent() ? 206 : 200);
        out.setHeader("ETag", etag);
        out.setHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(e.createdMillis())));
        out.setHeader("Accept-Ranges", "bytes");
        out.setContentType(Optional.ofNullable(req.param("response-content-type")).orElse(e.meta().contentType()));
        for (String h : List.of("content-disposition", "content-encoding", "content-language", "cache-control", "expires")) {
            String v = req.param("response-" + h);
            if (v != null) {
                out.setHeader(h, v);
            }
        }
        objectHeaders.apply(req.http, out); // never active content on the console's origin
        e.meta().user().forEach((k, v) -> out.setHeader(S3Request.META_PREFIX + k, v));
        out.setHeader("x-cess-fid", e.fid().hex());
        if (layout.encrypted()) {
            sse.ifPresent(k -> S3Request.echoCustomerKey(out, k));
        }
        if (range.isPresent()) {
            out.setHeader("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
        }
        out.setContentLengthLong(Math.max(0, r.length()));
        if (reader != null) {
            try (OutputStream os = out.getOutputStream()) {
                reader.writeTo(os);
            }
        }
    }

    private static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            String v = t.trim();
            if (v.equals("*") || v.equals(etag) || ("\"" + v + "\"").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private void deleteObject(S3Request req, Address owner, HttpServletResponse out) {
        gateway.bucket(owner, req.bucket);
        try {
            gateway.delete(owner, req.bucket, req.key);
        } catch (StorageException e) {
            // Deleting a key that does not exist succeeds in S3.
            if (e.kind() != StorageException.Kind.NO_SUCH_KEY) {
                throw e;
            }
        }
        out.setStatus(204);
    }

    private void deleteObjects(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        byte[] body = req.smallBody(Caller.signingKey(), S3Multipart.MAX_XML_BYTES);
        gateway.bucket(owner, req.bucket);
        S3Xml.Node doc = S3Error.parseXml(body, "Delete");
        boolean quiet = doc.text("Quiet").map("true"::equalsIgnoreCase).orElse(false);
        List<S3Xml.Node> objects = doc.all("Object");
        if (objects.size() > MAX_DELETE_KEYS) {
            throw new S3Error(400, "MalformedXML", "DeleteObjects takes at most " + MAX_DELETE_KEYS + " keys");
        }
        S3Xml x = S3Xml.document("DeleteResult");
        for (S3Xml.Node o : objects) {
            String key = o.text("Key").orElseThrow(() -> new S3Error(400, "MalformedXML", "every <Object> needs a <Key>"));
            try {
                gateway.delete(owner, req.bucket, key);
                if (!quiet) {
                    x.open("Deleted").element("Key", key).close("Deleted");
                }
            } catch (StorageException e) {
                if (e.kind() == StorageException.Kind.NO_SUCH_KEY) {
                    if (!quiet) {
                        x.open("Deleted").element("Key", key).close("Deleted");
                    }
                } else {
                    x.open("Error").element("Key", key).element("Code", S3Error.of(e).code).element("Message", e.getMessage())
                            .close("Error");
                }
            }
        }
        S3Xml.send(out, 200, x.finish("DeleteResult"));
    }

    // ---------------------------------------------------------------- helpers

    private static String enc(String s, boolean url) {
        return url ? SigV4.uriEncode(s, true) : s;
    }

}
