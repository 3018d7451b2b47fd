package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Signature V4 against the examples AWS publishes for S3 ("Examples: Signature Calculations"
 * and "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
 * Chunks"), which use this access key, secret and date.
 */
class SigV4Test {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String DATE = "20130524T000000Z";
    static final SigV4.Scope SCOPE = new SigV4.Scope("20130524", "us-east-1", "s3");

    private static String signature(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                    String payloadHash) {
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((k, v) -> canonical.put(k, SigV4.canonicalHeaderValue(List.of(v))));
        String creq = SigV4.canonicalRequest(method, SigV4.canonicalUri(rawPath), SigV4.canonicalQuery(rawQuery), canonical,
                List.copyOf(canonical.keySet()), payloadHash);
        return SigV4.sign(SigV4.signingKey(SECRET, SCOPE), SigV4.stringToSign(DATE, SCOPE, creq));
    }

    @Test
    void getObjectWithRange() {
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                signature("GET", "/test.txt", null, Map.of("host", "examplebucket.s3.amazonaws.com", "range", "bytes=0-9",
                        "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", DATE), SigV4.EMPTY_SHA256));
    }

    @Test
    void putObjectWithAReservedCharacterInTheKey() {
        String body = SigV4.sha256Hex("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8));
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", body);
        assertEquals("/test%24file.text", SigV4.canonicalUri("/test$file.text"));
        assertEquals("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
                signature("PUT", "/test$file.text", null, Map.of("date", "Fri, 24 May 2013 00:00:00 GMT",
                        "host", "examplebucket.s3.amazonaws.com", "x-amz-content-sha256", body, "x-amz-date", DATE,
                        "x-amz-storage-class", "REDUCED_REDUNDANCY"), body));
    }

    @Test
    void subresourceAndListingQueries() {
        Map<String, String> headers = Map.of("host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", DATE);
        assertEquals("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
                signature("GET", "/", "lifecycle", headers, SigV4.EMPTY_SHA256));
        // Parameters are sorted whatever order the client sent them in.
        assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
                signature("GET", "/", "prefix=J&max-keys=2", headers, SigV4.EMPTY_SHA256));
    }

    @Test
    void presignedUrl() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        SigV4.Claim claim = SigV4.parsePresigned(SigV4.queryParameters(query));
        assertEquals("AKIAIOSFODNN7EXAMPLE", claim.accessKey());
        assertEquals(SCOPE, claim.scope());
        assertEquals(86400, claim.expiresSeconds());
        assertEquals(claim.signature(), signature("GET", "/test.txt", query,
                Map.of("host", "examplebucket.s3.amazonaws.com"), SigV4.UNSIGNED_PAYLOAD));
        long t = SigV4.epochSeconds(DATE);
        SigV4.checkTime(claim, t + 86400);
        assertEquals("AccessDenied", assertThrows(SigV4.SigV4Exception.class, () -> SigV4.checkTime(claim, t + 86401)).code());
        assertEquals("AccessDenied", assertThrows(SigV4.SigV4Exception.class,
                () -> SigV4.checkTime(claim, t - 3600)).code());
    }

    @Test
    void authorizationHeaderParsingAndRefusals() {
        SigV4.Claim c = SigV4.parseAuthorization("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", DATE);
        assertEquals(List.of("host", "range", "x-amz-content-sha256", "x-amz-date"), c.signedHeaders());
        SigV4.checkTime(c, SigV4.epochSeconds(DATE) + 900);
        assertEquals("RequestTimeTooSkewed", assertThrows(SigV4.SigV4Exception.class,
                () -> SigV4.checkTime(c, SigV4.epochSeconds(DATE) + 901)).code());
        for (String bad : List.of("AWS4-HMAC-SHA1 Credential=a/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
                "AWS4-HMAC-SHA256 Credential=a/20130524/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature="
                        + "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                "AWS4-HMAC-SHA256 Credential=a/20130524/us-east-1/s3/aws4_request, SignedHeaders=x-amz-date, Signature="
                        + "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                "AWS4-HMAC-SHA256 Credential=a/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=xyz",
                "AWS4-HMAC-SHA256 Credential=a/2013/us-east-1/s3/aws4_request, SignedHeaders=host, Signature="
                        + "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")) {
            assertEquals("AuthorizationHeaderMalformed",
                    assertThrows(SigV4.SigV4Exception.class, () -> SigV4.parseAuthorization(bad, DATE)).code(), bad);
        }
    }

    /** Issue #17: an unsigned header must not replace the payload hash a presigned URL signs. */
    @Test
    void aSignedQueryPayloadHashWinsOverAnUnsignedHeader() {
        String sha = SigV4.sha256Hex("the signed body".getBytes(StandardCharsets.UTF_8));
        assertEquals(new SigV4.PayloadHash(sha, sha), SigV4.payloadHash(true, null, sha));
        assertEquals(new SigV4.PayloadHash(sha, sha), SigV4.payloadHash(true, sha, sha));
        SigV4.SigV4Exception e = assertThrows(SigV4.SigV4Exception.class,
                () -> SigV4.payloadHash(true, SigV4.UNSIGNED_PAYLOAD, sha));
        assertEquals("InvalidArgument", e.code());
        // Without a signed value the URL signs UNSIGNED-PAYLOAD, and a header still checks the body.
        assertEquals(new SigV4.PayloadHash(SigV4.UNSIGNED_PAYLOAD, SigV4.UNSIGNED_PAYLOAD), SigV4.payloadHash(true, null, null));
        assertEquals(new SigV4.PayloadHash(SigV4.UNSIGNED_PAYLOAD, sha), SigV4.payloadHash(true, sha, null));
        // A header-signed request signs its header, and needs one.
        assertEquals(new SigV4.PayloadHash(sha, sha), SigV4.payloadHash(false, sha, null));
        assertEquals("InvalidRequest", assertThrows(SigV4.SigV4Exception.class,
                () -> SigV4.payloadHash(false, null, null)).code());
    }

    /** Issue #17: a credential scoped to another region is refused, naming the region expected. */
    @Test
    void theCredentialRegionMustBeTheServers() {
        SigV4.Claim header = SigV4.parseAuthorization(SigV4.ALGORITHM + " Credential=AKID/20130524/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(64), DATE);
        SigV4.WrongRegionException e = assertThrows(SigV4.WrongRegionException.class,
                () -> SigV4.checkRegion(header, "us-east-1"));
        assertEquals("AuthorizationHeaderMalformed", e.code());
        assertEquals("us-east-1", e.expected());
        assertEquals(true, e.getMessage().contains("'eu-west-1' is wrong; expecting 'us-east-1'"), e.getMessage());
        SigV4.checkRegion(header, "eu-west-1");
        SigV4.Claim presigned = SigV4.parsePresigned(Map.of("X-Amz-Algorithm", SigV4.ALGORITHM,
                "X-Amz-Credential", "AKID/20130524/xx-fake-9/s3/aws4_request", "X-Amz-Date", DATE, "X-Amz-Expires", "60",
                "X-Amz-SignedHeaders", "host", "X-Amz-Signature", "b".repeat(64)));
        assertEquals("AuthorizationQueryParametersError", assertThrows(SigV4.WrongRegionException.class,
                () -> SigV4.checkRegion(presigned, "us-east-1")).code());
    }

    @Test
    void uriEncodingFollowsS3() {
        assertEquals("/photos/2024%20june/%C3%A9t%C3%A9%2Bplus~x", SigV4.canonicalUri("/photos/2024%20june/%c3%a9t%C3%A9+plus~x"));
        assertEquals("a=%2F&b=&c=x%20y", SigV4.canonicalQuery("c=x%20y&b&a=%2f"));
        assertEquals("a b", SigV4.canonicalHeaderValue(List.of("  a   b ")));
        assertThrows(SigV4.SigV4Exception.class, () -> SigV4.uriDecode("/bad%zz"));
    }

    // ---------------------------------------------------------------- aws-chunked

    private static final String CHUNKED_SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

    /** AWS's chunked example: 65,536 + 1,024 bytes of 'a' in two chunks and a final empty one. */
    private static byte[] awsChunkedExample(String firstSignature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a64k = new byte[65536];
        Arrays.fill(a64k, (byte) 'a');
        byte[] a1k = Arrays.copyOf(a64k, 1024);
        out.writeBytes(("10000;chunk-signature=" + firstSignature + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a64k);
        out.writeBytes(("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a1k);
        out.writeBytes("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void seedSignatureOfTheChunkedExample() {
        Map<String, String> headers = Map.of("content-encoding", "aws-chunked", "content-length", "66824",
                "host", "s3.amazonaws.com", "x-amz-content-sha256", SigV4.STREAMING_SIGNED, "x-amz-date", DATE,
                "x-amz-decoded-content-length", "66560", "x-amz-storage-class", "REDUCED_REDUNDANCY");
        assertEquals(CHUNKED_SEED, signature("PUT", "/examplebucket/chunkObject.txt", null, headers, SigV4.STREAMING_SIGNED));
        assertEquals(66824, awsChunkedExample("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648").length);
    }

    private static AwsChunkedInputStream.Signer signer() {
        return new AwsChunkedInputStream.Signer(SigV4.signingKey(SECRET, SCOPE), DATE, SCOPE, CHUNKED_SEED);
    }

    @Test
    void signedChunksDecodeAndVerify() throws IOException {
        byte[] body = awsChunkedExample("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), Optional.of(signer()), false);
        byte[] decoded = in.readAllBytes();
        assertEquals(66560, decoded.length);
        for (byte b : decoded) {
            assertEquals('a', b);
        }
    }

    @Test
    void aTamperedChunkIsRefusedBeforeTheEnd() {
        byte[] body = awsChunkedExample("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        body[100] = 'b';
        PayloadException e = assertThrows(PayloadException.class, () -> new AwsChunkedInputStream(
                new ByteArrayInputStream(body), Optional.of(signer()), false).readAllBytes());
        assertEquals("SignatureDoesNotMatch", e.code());
        byte[] wrongSig = awsChunkedExample("00" + "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a2886".substring(0, 62));
        assertEquals("SignatureDoesNotMatch", assertThrows(PayloadException.class, () -> new AwsChunkedInputStream(
                new ByteArrayInputStream(wrongSig), Optional.of(signer()), false).readAllBytes()).code());
        byte[] cut = Arrays.copyOf(body, 40000);
        assertEquals("IncompleteBody", assertThrows(PayloadException.class, () -> new AwsChunkedInputStream(
                new ByteArrayInputStream(cut), Optional.empty(), false).readAllBytes()).code());
    }

    private static byte[] unsignedWithTrailer(byte[] data, String trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < data.length) {
            int n = Math.min(8192, data.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += n;
        }
        out.writeBytes(("0\r\n" + trailer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] readVerified(byte[] framed, PayloadChecksum algorithm) throws IOException {
        AwsChunkedInputStream chunks = new AwsChunkedInputStream(new ByteArrayInputStream(framed), Optional.empty(), true);
        InputStream in = new VerifiedPayload(chunks, Optional.empty(), Optional.of(algorithm),
                () -> Optional.ofNullable(chunks.trailers().get(algorithm.header())));
        return in.readAllBytes();
    }

    @Test
    void unsignedChunksWithATrailingChecksum() throws IOException {
        byte[] data = new byte[20000];
        new java.util.Random(7).nextBytes(data);
        PayloadChecksum.State crc = PayloadChecksum.CRC32.start();
        crc.update(data, 0, data.length);
        byte[] framed = unsignedWithTrailer(data, "x-amz-checksum-crc32:" + crc.base64());
        assertArrayEquals(data, readVerified(framed, PayloadChecksum.CRC32));

        byte[] wrong = unsignedWithTrailer(data, "x-amz-checksum-crc32:AAAAAA==");
        assertEquals("BadDigest", assertThrows(PayloadException.class, () -> readVerified(wrong, PayloadChecksum.CRC32)).code());
        byte[] missing = unsignedWithTrailer(data, "x-amz-meta-other:1");
        assertEquals("InvalidRequest", assertThrows(PayloadException.class,
                () -> readVerified(missing, PayloadChecksum.CRC32)).code());
    }

    @Test
    void signedTrailerIsVerified() throws IOException {
        byte[] data = "hello, trailer".getBytes(StandardCharsets.UTF_8);
        AwsChunkedInputStream.Signer s = signer();
        byte[] key = s.signingKey();
        String c1 = SigV4.sign(key, SigV4.chunkStringToSign(DATE, SCOPE, CHUNKED_SEED, sha(data)));
        String c2 = SigV4.sign(key, SigV4.chunkStringToSign(DATE, SCOPE, c1, sha(new byte[0])));
        PayloadChecksum.State crc = PayloadChecksum.CRC32C.start();
        crc.update(data, 0, data.length);
        String trailer = "x-amz-checksum-crc32c:" + crc.base64();
        String ts = SigV4.sign(key, SigV4.trailerStringToSign(DATE, SCOPE, c2, trailer + "\n"));
        String framed = Integer.toHexString(data.length) + ";chunk-signature=" + c1 + "\r\n" + new String(data, StandardCharsets.UTF_8)
                + "\r\n0;chunk-signature=" + c2 + "\r\n" + trailer + "\r\nx-amz-trailer-signature:" + ts + "\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(framed.getBytes(StandardCharsets.UTF_8)),
                Optional.of(s), true);
        assertArrayEquals(data, in.readAllBytes());
        assertEquals(crc.base64(), in.trailers().get("x-amz-checksum-crc32c"));

        String forged = framed.replace("x-amz-trailer-signature:" + ts, "x-amz-trailer-signature:" + c1);
        assertEquals("SignatureDoesNotMatch", assertThrows(PayloadException.class, () -> new AwsChunkedInputStream(
                new ByteArrayInputStream(forged.getBytes(StandardCharsets.UTF_8)), Optional.of(s), true).readAllBytes()).code());
    }

    @Test
    void declaredSha256IsVerified() throws IOException {
        byte[] data = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        String good = SigV4.sha256Hex(data);
        assertArrayEquals(data, new VerifiedPayload(new ByteArrayInputStream(data), Optional.of(good), Optional.empty(),
                Optional::empty).readAllBytes());
        assertEquals("XAmzContentSHA256Mismatch", assertThrows(PayloadException.class, () -> new VerifiedPayload(
                new ByteArrayInputStream(data), Optional.of(SigV4.EMPTY_SHA256), Optional.empty(), Optional::empty)
                .readAllBytes()).code());
    }

    @Test
    void checksumKnownAnswers() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals("cbf43926", hexOf(PayloadChecksum.CRC32, check));
        assertEquals("e3069283", hexOf(PayloadChecksum.CRC32C, check));
        assertEquals("ae8b14860a799888", hexOf(PayloadChecksum.CRC64NVME, check));
        assertEquals("f7c3bc1d808e04732adf679965ccc34ca7ae3441", hexOf(PayloadChecksum.SHA1, check));
        // The eight-byte fast path agrees with the byte-at-a-time one at every split.
        byte[] data = new byte[1000];
        new java.util.Random(1).nextBytes(data);
        String whole = hexOf(PayloadChecksum.CRC64NVME, data);
        for (int split = 0; split < 40; split++) {
            PayloadChecksum.State s = PayloadChecksum.CRC64NVME.start();
            s.update(data, 0, split);
            s.update(data, split, data.length - split);
            assertEquals(whole, HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(s.base64())));
        }
        assertEquals(Optional.of(PayloadChecksum.CRC64NVME), PayloadChecksum.ofHeader("X-Amz-Checksum-CRC64NVME"));
    }

    private static String hexOf(PayloadChecksum c, byte[] data) {
        PayloadChecksum.State s = c.start();
        s.update(data, 0, data.length);
        return HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(s.base64()));
    }

    private static byte[] sha(byte[] data) {
        return HexFormat.of().parseHex(SigV4.sha256Hex(data));
    }
}
