package cess.gateway.boundary;

import cess.gateway.model.AwsChunkedInputStream;
import cess.gateway.model.PayloadChecksum;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SigV4;
import cess.gateway.model.VerifiedPayload;
import cess.security.S3AuthFilter;
import cess.storage.model.ObjectMeta;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an S3 request says beyond its path: its bucket and key, query, body (decoded from
 * {@code aws-chunked} and verified against the signed SHA-256, chunk signatures and any
 * {@code x-amz-checksum-*}), object metadata, Content-MD5 and SSE-C key.
 */
final class S3Request {
    static final String META_PREFIX = "x-amz-meta-";

    final HttpServletRequest http;
    final String bucket;
    final String key;
    final Map<String, String> query;

    private S3Request(HttpServletRequest http, String bucket, String key, Map<String, String> query) {
        this.http = http;
        this.bucket = bucket;
        this.key = key;
        this.query = query;
    }

    /** Splits {@code /bucket/key} (after the context path) into its decoded parts. */
    static S3Request of(HttpServletRequest http) {
        String raw = http.getRequestURI().substring(http.getContextPath().length());
        String path = SigV4.uriDecode(raw);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        return new S3Request(http, bucket, key, SigV4.queryParameters(http.getQueryString()));
    }

    boolean has(String param) {
        return query.containsKey(param);
    }

    String param(String name) {
        return query.get(name);
    }

    /** An integer query parameter in {@code [min, max]}; required when {@code dflt < min}. */
    int intParam(String name, int dflt, int min, int max) {
        String v = param(name);
        if (v == null) {
            if (dflt < min) {
                throw new S3Error(400, "InvalidArgument", "the query parameter '" + name + "' is required");
            }
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new S3Error(400, "InvalidArgument", name + " must be an integer from " + min + " to " + max + ", not '" + v + "'");
        }
    }

    /** The bucket and key of {@code x-amz-copy-source} ({@code [/]bucket/key}, URL-encoded). */
    String[] copySource() {
        String source = header("x-amz-copy-source");
        int q = source.indexOf('?');
        if (q >= 0) {
            source = source.substring(0, q);
        }
        source = SigV4.uriDecode(source);
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw new S3Error(400, "InvalidArgument", "x-amz-copy-source must be <bucket>/<key>");
        }
        return new String[] {source.substring(0, slash), source.substring(slash + 1)};
    }

    String header(String name) {
        return http.getHeader(name);
    }

    String method() {
        return http.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(http.getMethod());
    }

    /** Whether the body is {@code aws-chunked} framing (a streaming payload). */
    private boolean chunked() {
        String sha = payloadHash();
        return sha.startsWith("STREAMING-");
    }

    /** The payload hash the authentication filter verified the signature with (a signed query value wins). */
    private String payloadHash() {
        Object verified = http.getAttribute(S3AuthFilter.PAYLOAD_HASH);
        if (verified instanceof String sha) {
            return sha;
        }
        SigV4.Claim claim = (SigV4.Claim) http.getAttribute(S3AuthFilter.CLAIM);
        return SigV4.payloadHash(claim == null || claim.presigned(), header("x-amz-content-sha256"),
                query.get("X-Amz-Content-Sha256")).verified();
    }

    /** The object's length: the decoded length of a streaming payload, else Content-Length (-1: unknown). */
    long contentLength() {
        if (chunked()) {
            String decoded = header("x-amz-decoded-content-length");
            if (decoded == null) {
                return -1;
            }
            try {
                return Long.parseLong(decoded.trim());
            } catch (NumberFormatException e) {
                throw new S3Error(400, "InvalidArgument", "x-amz-decoded-content-length must be a number of bytes");
            }
        }
        return http.getContentLengthLong();
    }

    /** The body as the object's bytes, checked as it streams. */
    InputStream body(Optional<byte[]> signingKey) throws IOException {
        InputStream raw = new BufferedInputStream(http.getInputStream(), 1 << 16);
        String sha = payloadHash();
        SigV4.Claim claim = (SigV4.Claim) http.getAttribute(S3AuthFilter.CLAIM);
        String trailerHeader = header("x-amz-trailer");
        boolean trailer = trailerHeader != null && !trailerHeader.isBlank();
        InputStream decoded;
        Optional<String> signedSha = Optional.empty();
        AwsChunkedInputStream chunks = null;
        switch (sha) {
            case SigV4.STREAMING_SIGNED, SigV4.STREAMING_SIGNED_TRAILER -> {
                if (claim == null || claim.presigned() || signingKey.isEmpty()) {
                    throw new S3Error(400, "InvalidRequest", "a signed streaming payload needs a signed Authorization header");
                }
                chunks = new AwsChunkedInputStream(raw, Optional.of(new AwsChunkedInputStream.Signer(signingKey.get(),
                        claim.amzDate(), claim.scope(), claim.signature())), SigV4.STREAMING_SIGNED_TRAILER.equals(sha));
                decoded = chunks;
            }
            case SigV4.STREAMING_UNSIGNED_TRAILER -> {
                chunks = new AwsChunkedInputStream(raw, Optional.empty(), true);
                decoded = chunks;
            }
            case SigV4.UNSIGNED_PAYLOAD -> decoded = raw;
            default -> {
                if (!sha.matches("[0-9a-f]{64}")) {
                    throw new S3Error(400, "InvalidArgument", "x-amz-content-sha256 must be a lower-case hex SHA-256, "
                            + SigV4.UNSIGNED_PAYLOAD + " or a STREAMING-* value, not '" + sha + "'");
                }
                decoded = raw;
                signedSha = Optional.of(sha);
            }
        }
        Optional<PayloadChecksum> algorithm;
        java.util.function.Supplier<Optional<String>> expected;
        if (trailer) {
            if (chunks == null) {
                throw new S3Error(400, "InvalidRequest", "x-amz-trailer needs an aws-chunked body");
            }
            PayloadChecksum announced = PayloadChecksum.ofHeader(trailerHeader).orElseThrow(() -> new S3Error(400,
                    "InvalidRequest", "unsupported trailer '" + trailerHeader + "': use one of x-amz-checksum-crc32, "
                    + "-crc32c, -crc64nvme, -sha1, -sha256"));
            algorithm = Optional.of(announced);
            AwsChunkedInputStream c = chunks;
            expected = () -> Optional.ofNullable(c.trailers().get(announced.header()));
        } else {
            algorithm = Optional.empty();
            String value = null;
            for (PayloadChecksum p : PayloadChecksum.values()) {
                String v = header(p.header());
                if (v != null) {
                    algorithm = Optional.of(p);
                    value = v;
                    break;
                }
            }
            String v = value;
            expected = () -> Optional.ofNullable(v);
        }
        return new VerifiedPayload(decoded, signedSha, algorithm, expected);
    }

    /** Reads a small request body (an XML document) whole, verified like any body. */
    byte[] smallBody(Optional<byte[]> signingKey, int max) throws IOException {
        long length = contentLength();
        if (length > max) {
            throw new S3Error(400, "MaxMessageLengthExceeded", "the request body may hold at most " + max + " bytes");
        }
        try (InputStream in = body(signingKey)) {
            byte[] data = in.readNBytes(max + 1);
            if (data.length > max) {
                throw new S3Error(400, "MaxMessageLengthExceeded", "the request body may hold at most " + max + " bytes");
            }
            if (in.read() != -1) {
                throw new S3Error(400, "MaxMessageLengthExceeded", "the request body may hold at most " + max + " bytes");
            }
            contentMd5().ifPresent(md5 -> {
                if (!MessageDigest.isEqual(md5, md5(data))) {
                    throw new S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
                }
            });
            return data;
        }
    }

    Optional<byte[]> contentMd5() {
        String v = header("Content-MD5");
        if (v == null) {
            return Optional.empty();
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(v.trim());
            if (md5.length != 16) {
                throw new IllegalArgumentException();
            }
            return Optional.of(md5);
        } catch (IllegalArgumentException e) {
            throw new S3Error(400, "InvalidDigest", "The Content-MD5 you specified is not valid: it must be the base64 of 16 bytes");
        }
    }

    /** Content-Type and {@code x-amz-meta-*} headers as object metadata (the ETag comes later). */
    ObjectMeta meta() {
        TreeMap<String, String> user = new TreeMap<>();
        for (String name : Collections.list(http.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(META_PREFIX) && lower.length() > META_PREFIX.length()) {
                user.put(lower.substring(META_PREFIX.length()), String.join(",", Collections.list(http.getHeaders(name))));
            }
        }
        String type = header("Content-Type");
        ObjectMeta meta = new ObjectMeta(type == null || type.isBlank() ? "binary/octet-stream" : type, "", user);
        meta.problem().ifPresent(p -> {
            throw new S3Error(400, "MetadataTooLarge", p);
        });
        return meta;
    }

    /**
     * The SSE-C key ({@code x-amz-server-side-encryption-customer-*} headers): AES256, 32 bytes,
     * and the MD5 the client sent must match. Never logged or stored.
     */
    Optional<byte[]> customerKey() {
        return customerKey("x-amz-server-side-encryption-customer-");
    }

    /**
     * The SSE-C key of a copy's source ({@code x-amz-copy-source-server-side-encryption-customer-*}),
     * checked like {@link #customerKey()}.
     */
    Optional<byte[]> copySourceCustomerKey() {
        return customerKey("x-amz-copy-source-server-side-encryption-customer-");
    }

    /** Echoes an SSE-C key's algorithm and MD5 as S3 does on every response to a request with one. */
    static void echoCustomerKey(HttpServletResponse out, byte[] key) {
        out.setHeader("x-amz-server-side-encryption-customer-algorithm", "AES256");
        out.setHeader("x-amz-server-side-encryption-customer-key-MD5", Base64.getEncoder().encodeToString(md5(key)));
    }

    private Optional<byte[]> customerKey(String prefix) {
        String algorithm = header(prefix + "algorithm");
        String key = header(prefix + "key");
        String keyMd5 = header(prefix + "key-MD5");
        if (algorithm == null && key == null && keyMd5 == null) {
            if (!prefix.startsWith("x-amz-copy-source") && header("x-amz-server-side-encryption") != null) {
                throw new S3Error(501, "NotImplemented", "server-side encryption with keys the server keeps is not offered: "
                        + "send your own key (SSE-C), or encrypt before upload");
            }
            return Optional.empty();
        }
        if (!"AES256".equals(algorithm)) {
            throw new S3Error(400, "InvalidEncryptionAlgorithmError", "The encryption request you specified is not valid: "
                    + "the customer algorithm must be AES256");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(key == null ? "" : key.trim());
        } catch (IllegalArgumentException e) {
            throw new S3Error(400, "InvalidArgument", "The customer key must be base64");
        }
        if (k.length != SegmentCipher.KEY_BYTES) {
            throw new S3Error(400, "InvalidArgument", "The secret key was invalid for the specified algorithm: it must be 32 bytes");
        }
        if (keyMd5 != null) {
            byte[] given;
            try {
                given = Base64.getDecoder().decode(keyMd5.trim());
            } catch (IllegalArgumentException e) {
                throw new S3Error(400, "InvalidArgument", "The customer key MD5 must be base64");
            }
            if (!MessageDigest.isEqual(given, md5(k))) {
                throw new S3Error(400, "InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided.");
            }
        }
        return Optional.of(k);
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String resource() {
        return "/" + bucket + (key.isEmpty() ? "" : "/" + key);
    }
}
