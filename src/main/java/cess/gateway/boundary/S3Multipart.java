package cess.gateway.boundary;

import cess.gateway.wire.S3Xml;
import cess.gateway.control.Gateway;
import cess.gateway.control.MultipartUploads;
import cess.gateway.control.ObjectReads;
import cess.gateway.control.StorageException;
import cess.gateway.model.ByteRange;
import cess.security.Caller;
import cess.shared.Address;
import cess.storage.model.FileLayout;
import cess.storage.model.ObjectEntry;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The S3 API's multipart uploads ({@link S3Servlet} routes them here): create, upload part (or
 * copy a range of a stored object into one), list parts and uploads, complete. Parts are staged
 * by {@link MultipartUploads}; completing stores them as one object through the gateway.
 * Dependent: one per servlet, called directly (no client proxy in front of its package-level methods).
 */
@Dependent
public class S3Multipart {
    static final int MAX_XML_BYTES = 2 << 20;

    @Inject
    Gateway gateway;
    @Inject
    ObjectReads reads;
    @Inject
    MultipartUploads multipart;
    @Resource
    ManagedExecutorService executor;

    void abort(S3Request req, Address owner, HttpServletResponse out) {
        multipart.abort(multipart.find(owner, req.bucket, req.key, req.param("uploadId")));
        out.setStatus(204);
    }

    /** Aborts every upload in progress into {@code bucket} (the bucket is being deleted). */
    void abortAll(Address owner, String bucket) {
        for (MultipartUploads.Upload u : multipart.list(owner, bucket)) {
            multipart.abort(u);
        }
    }

    void create(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        Optional<byte[]> sse = req.customerKey();
        MultipartUploads.Upload u = multipart.create(owner, req.bucket, req.key, req.meta(), sse);
        sse.ifPresent(k -> S3Request.echoCustomerKey(out, k));
        S3Xml.send(out, 200, S3Xml.document("InitiateMultipartUploadResult").element("Bucket", req.bucket)
                .element("Key", req.key).element("UploadId", u.id()).finish("InitiateMultipartUploadResult"));
    }

    void uploadPart(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        int number = req.intParam("partNumber", -1, 1, MultipartUploads.MAX_PARTS);
        MultipartUploads.Upload u = multipart.find(owner, req.bucket, req.key, req.param("uploadId"));
        if (req.header("x-amz-copy-source") != null) {
            uploadPartCopy(req, owner, u, number, out);
            return;
        }
        long length = req.contentLength();
        if (length < 0) {
            throw new S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
        }
        Optional<byte[]> sse = req.customerKey();
        MultipartUploads.Part p;
        try (InputStream body = req.body(Caller.signingKey())) {
            p = multipart.putPart(u, number, length, body, req.contentMd5(), sse);
        }
        sse.ifPresent(k -> S3Request.echoCustomerKey(out, k));
        out.setHeader("ETag", S3Xml.quote(p.etag()));
        out.setStatus(200);
    }

    void listParts(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        MultipartUploads.Upload u = multipart.find(owner, req.bucket, req.key, req.param("uploadId"));
        int marker = req.intParam("part-number-marker", 0, 0, MultipartUploads.MAX_PARTS);
        int max = Math.min(req.intParam("max-parts", 1000, 0, Integer.MAX_VALUE), 1000);
        List<MultipartUploads.Part> parts = multipart.parts(u).stream().filter(p -> p.number() > marker).toList();
        boolean truncated = parts.size() > max;
        List<MultipartUploads.Part> page = parts.subList(0, Math.min(max, parts.size()));
        S3Xml x = S3Xml.document("ListPartsResult");
        x.element("Bucket", req.bucket).element("Key", req.key).element("UploadId", u.id())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number())
                .element("MaxParts", max).element("IsTruncated", truncated).element("StorageClass", "STANDARD");
        for (MultipartUploads.Part p : page) {
            x.open("Part").element("PartNumber", p.number()).element("LastModified", S3Xml.iso(p.createdMillis()))
                    .element("ETag", S3Xml.quote(p.etag())).element("Size", p.size()).close("Part");
        }
        S3Xml.send(out, 200, x.finish("ListPartsResult"));
    }

    /**
     * Completes an upload. Storing the object can take a while for large uploads: as S3 does,
     * after a few seconds the 200 status is sent and whitespace keeps the connection alive until
     * the result, which is then either the result document or an {@code <Error>} document.
     */
    void complete(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        MultipartUploads.Upload u = multipart.find(owner, req.bucket, req.key, req.param("uploadId"));
        S3Xml.Node doc = S3Error.parseXml(req.smallBody(Caller.signingKey(), MAX_XML_BYTES), "CompleteMultipartUpload");
        List<MultipartUploads.Chosen> chosen = new ArrayList<>();
        for (S3Xml.Node p : doc.all("Part")) {
            String n = p.text("PartNumber").orElseThrow(() -> new S3Error(400, "MalformedXML", "every <Part> needs a <PartNumber>"));
            try {
                chosen.add(new MultipartUploads.Chosen(Integer.parseInt(n.trim()), p.text("ETag").orElse("")));
            } catch (NumberFormatException e) {
                throw new S3Error(400, "MalformedXML", "PartNumber must be a number, not '" + n + "'");
            }
        }
        Optional<byte[]> sse = req.customerKey();
        Future<Gateway.PutResult> work = executor.submit(() -> multipart.complete(u, chosen, sse));
        Gateway.PutResult result = null;
        OutputStream os = null;
        try {
            while (result == null) {
                try {
                    result = work.get(os == null ? 5 : 10, TimeUnit.SECONDS);
                } catch (TimeoutException stillRunning) {
                    if (os == null) {
                        out.setStatus(200);
                        out.setContentType("application/xml");
                        os = out.getOutputStream();
                        os.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
                    }
                    os.write(' ');
                    os.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3Error(503, "ServiceUnavailable", "interrupted while completing the upload");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (os == null) {
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(cause);
            }
            S3Error error = cause instanceof StorageException se ? S3Error.of(se)
                    : new S3Error(500, "InternalError", "We encountered an internal error. Please try again.");
            os.write(S3Xml.withoutProlog(S3Xml.errorDocument(error.code, error.getMessage())));
            os.close();
            return;
        }
        String location = req.http.getRequestURL().toString();
        int q = location.indexOf('?');
        if (q >= 0) {
            location = location.substring(0, q);
        }
        S3Xml x = S3Xml.document("CompleteMultipartUploadResult").element("Location", location).element("Bucket", req.bucket)
                .element("Key", req.key).element("ETag", S3Xml.quote(result.etag()));
        byte[] xml = x.finish("CompleteMultipartUploadResult");
        if (os == null) {
            out.setHeader("ETag", S3Xml.quote(result.etag()));
            if (u.encrypted()) {
                out.setHeader("x-amz-server-side-encryption-customer-algorithm", "AES256");
            }
            S3Xml.send(out, 200, xml);
        } else {
            os.write(S3Xml.withoutProlog(xml));
            os.close();
        }
    }


    /**
     * UploadPartCopy: a byte range of an existing object becomes a part, read from the miners and
     * staged like an uploaded part (no client bytes travel). An SSE-C source is read with the key
     * of the {@code x-amz-copy-source-server-side-encryption-customer-*} headers; the part is
     * staged under the upload's own key, if it has one.
     */
    private void uploadPartCopy(S3Request req, Address owner, MultipartUploads.Upload u, int number,
                                HttpServletResponse out) throws IOException {
        String[] from = req.copySource();
        gateway.bucket(owner, from[0]);
        ObjectEntry source = gateway.object(owner, from[0], from[1]).orElseThrow(() -> new S3Error(404, "NoSuchKey",
                "The specified copy source does not exist."));
        FileLayout layout = gateway.file(source.fid()).orElseThrow(() -> new StorageException(StorageException.Kind.INTERNAL,
                "the file of the copy source is missing from the chain state"));
        Optional<byte[]> sourceKey = req.copySourceCustomerKey();
        if (layout.encrypted() && sourceKey.isEmpty()) {
            throw new S3Error(400, "InvalidRequest", "The copy source was stored with SSE-C: send its key in the "
                    + "x-amz-copy-source-server-side-encryption-customer-* headers");
        }
        if (!layout.encrypted() && sourceKey.isPresent()) {
            throw new S3Error(400, "InvalidRequest", "The copy source is not encrypted: drop the "
                    + "x-amz-copy-source-server-side-encryption-customer-* headers");
        }
        Optional<byte[]> sse = req.customerKey();
        String rangeHeader = req.header("x-amz-copy-source-range");
        ByteRange r;
        try {
            r = rangeHeader == null ? new ByteRange(0, source.size() - 1)
                    : ByteRange.parse(rangeHeader, source.size()).orElseThrow(() -> new S3Error(400, "InvalidArgument",
                    "x-amz-copy-source-range must be bytes=first-last"));
        } catch (ByteRange.Unsatisfiable e) {
            throw new S3Error(416, "InvalidRange", "The x-amz-copy-source-range is not satisfiable: " + e.getMessage());
        }
        ObjectReads.ObjectReader reader = reads.open(layout, r, sourceKey);
        java.io.PipedInputStream pipeIn = new java.io.PipedInputStream(1 << 20);
        java.io.PipedOutputStream pipeOut = new java.io.PipedOutputStream(pipeIn);
        Future<?> feeding = executor.submit(() -> {
            try (OutputStream os = pipeOut) {
                reader.writeTo(os);
            }
            return null;
        });
        MultipartUploads.Part p;
        try (InputStream in = pipeIn) {
            p = multipart.putPart(u, number, Math.max(0, r.length()), in, Optional.empty(), sse);
        } catch (StorageException | IOException e) {
            Optional<RuntimeException> cause = readFailure(feeding);
            if (cause.isPresent()) {
                throw cause.get();
            }
            throw e;
        } finally {
            feeding.cancel(true);
        }
        sse.ifPresent(k -> S3Request.echoCustomerKey(out, k));
        S3Xml.send(out, 200, S3Xml.document("CopyPartResult").element("LastModified", S3Xml.iso(p.createdMillis()))
                .element("ETag", S3Xml.quote(p.etag())).finish("CopyPartResult"));
    }

    /**
     * Why the source could not be read, when the part came out short because reading it failed
     * (a segment that no k fragments could rebuild, say), rather than the staging's complaint.
     */
    private static Optional<RuntimeException> readFailure(Future<?> feeding) {
        try {
            feeding.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                return Optional.of(re);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            // still feeding, or cancelled: the staging's own error stands
        }
        return Optional.empty();
    }

    void listUploads(S3Request req, Address owner, HttpServletResponse out) throws IOException {
        gateway.bucket(owner, req.bucket);
        String prefix = req.query.getOrDefault("prefix", "");
        S3Xml x = S3Xml.document("ListMultipartUploadsResult");
        x.element("Bucket", req.bucket).element("KeyMarker", "").element("UploadIdMarker", "").element("Prefix", prefix)
                .element("MaxUploads", 1000).element("IsTruncated", false);
        for (MultipartUploads.Upload u : multipart.list(owner, req.bucket)) {
            if (u.key().startsWith(prefix)) {
                x.open("Upload").element("Key", u.key()).element("UploadId", u.id()).element("Initiated", S3Xml.iso(u.createdMillis()))
                        .element("StorageClass", "STANDARD").close("Upload");
            }
        }
        S3Xml.send(out, 200, x.finish("ListMultipartUploadsResult"));
    }
}
