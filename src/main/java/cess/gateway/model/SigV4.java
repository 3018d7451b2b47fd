package cess.gateway.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as S3 uses it, as pure functions: parsing the {@code Authorization}
 * header and presigned query parameters, canonical requests, strings to sign, signing keys and
 * the chained signatures of {@code aws-chunked} payloads. Time comes in as an argument.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** How far a header-signed request's time may lie from the server's (S3's own limit). */
    public static final long MAX_SKEW_SECONDS = 15 * 60;
    /** The longest a presigned URL may be valid (seven days, as S3). */
    public static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /** A refusal, with the S3 error code a client expects. */
    public static class SigV4Exception extends RuntimeException {
        private final String code;

        public SigV4Exception(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A credential scope for another region than the server's: S3 names the region it expects. */
    public static final class WrongRegionException extends SigV4Exception {
        private final String expected;

        public WrongRegionException(String code, String message, String expected) {
            super(code, message);
            this.expected = expected;
        }

        /** The region the server signs for. */
        public String expected() {
            return expected;
        }
    }

    /** The payload hash in the canonical request ({@code signed}) and the one the body must match ({@code verified}). */
    public record PayloadHash(String signed, String verified) {
    }

    /** The credential scope {@code date/region/service/aws4_request}. */
    public record Scope(String date, String region, String service) {
        public String text() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /**
     * What a request claims: the access key, scope, signed header names (lower case, sorted),
     * signature, request time and, for presigned URLs, how long it stays valid.
     */
    public record Claim(String accessKey, Scope scope, List<String> signedHeaders, String signature, String amzDate,
                        boolean presigned, long expiresSeconds) {
    }

    // ---------------------------------------------------------------- parsing

    /** Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    public static Claim parseAuthorization(String header, String amzDate) {
        String malformed = "AuthorizationHeaderMalformed";
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            throw new SigV4Exception(malformed, "the Authorization header must use " + ALGORITHM);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new SigV4Exception(malformed, "the Authorization header has a malformed part '" + p + "'");
            }
            parts.put(p.substring(0, eq), p.substring(eq + 1));
        }
        String credential = require(parts, "Credential", malformed);
        String signed = require(parts, "SignedHeaders", malformed);
        String signature = require(parts, "Signature", malformed);
        if (amzDate == null) {
            throw new SigV4Exception("AccessDenied", "a signed request needs the X-Amz-Date header");
        }
        return new Claim(accessKeyOf(credential, malformed), scopeOf(credential, malformed), signedHeaders(signed, malformed),
                signature(signature, malformed), amzDate, false, 0);
    }

    /** Parses the {@code X-Amz-*} parameters of a presigned URL (decoded names and values). */
    public static Claim parsePresigned(Map<String, String> query) {
        String malformed = "AuthorizationQueryParametersError";
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw new SigV4Exception(malformed, "X-Amz-Algorithm must be " + ALGORITHM);
        }
        String credential = require(query, "X-Amz-Credential", malformed);
        String date = require(query, "X-Amz-Date", malformed);
        String expires = require(query, "X-Amz-Expires", malformed);
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new SigV4Exception(malformed, "X-Amz-Expires must be a number of seconds");
        }
        if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
            throw new SigV4Exception(malformed, "X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS + " seconds");
        }
        return new Claim(accessKeyOf(credential, malformed), scopeOf(credential, malformed),
                signedHeaders(require(query, "X-Amz-SignedHeaders", malformed), malformed),
                signature(require(query, "X-Amz-Signature", malformed), malformed), date, true, seconds);
    }

    private static String require(Map<String, String> parts, String name, String code) {
        String v = parts.get(name);
        if (v == null || v.isEmpty()) {
            throw new SigV4Exception(code, "missing " + name);
        }
        return v;
    }

    private static String accessKeyOf(String credential, String code) {
        int slash = credential.indexOf('/');
        if (slash <= 0) {
            throw new SigV4Exception(code, "the credential must be <access key>/<date>/<region>/s3/aws4_request");
        }
        return credential.substring(0, slash);
    }

    private static Scope scopeOf(String credential, String code) {
        String[] p = credential.split("/", -1);
        if (p.length != 5 || !"aws4_request".equals(p[4]) || !p[1].matches("\\d{8}") || p[2].isEmpty()) {
            throw new SigV4Exception(code, "the credential must be <access key>/<yyyyMMdd>/<region>/s3/aws4_request");
        }
        if (!"s3".equals(p[3])) {
            throw new SigV4Exception(code, "the credential's service must be s3, not '" + p[3] + "'");
        }
        return new Scope(p[1], p[2], p[3]);
    }

    private static List<String> signedHeaders(String list, String code) {
        List<String> out = new ArrayList<>();
        for (String h : list.split(";")) {
            if (h.isEmpty() || !h.equals(h.toLowerCase(java.util.Locale.ROOT))) {
                throw new SigV4Exception(code, "SignedHeaders must be lower-case names separated by ';'");
            }
            out.add(h);
        }
        if (!out.contains("host")) {
            throw new SigV4Exception(code, "SignedHeaders must include host");
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.naturalOrder());
        if (!sorted.equals(out)) {
            throw new SigV4Exception(code, "SignedHeaders must be sorted");
        }
        return List.copyOf(out);
    }

    private static String signature(String s, String code) {
        if (!s.matches("[0-9a-f]{64}")) {
            throw new SigV4Exception(code, "the signature must be 64 lower-case hex digits");
        }
        return s;
    }

    /**
     * Refuses a claim scoped to another region than {@code region}, the server's: as S3, with
     * AuthorizationHeaderMalformed (header) or AuthorizationQueryParametersError (presigned URL).
     */
    public static void checkRegion(Claim c, String region) {
        if (!c.scope().region().equals(region)) {
            throw c.presigned()
                    ? new WrongRegionException("AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential "
                    + "parameter; the region '" + c.scope().region() + "' is wrong; expecting '" + region + "'", region)
                    : new WrongRegionException("AuthorizationHeaderMalformed", "The authorization header is malformed; "
                    + "the region '" + c.scope().region() + "' is wrong; expecting '" + region + "'", region);
        }
    }

    /**
     * The payload hash a request signs and its body is verified against. A header-signed request
     * names it in {@code x-amz-content-sha256} (required). A presigned URL signs
     * {@code X-Amz-Content-Sha256} from its query when present, else {@code UNSIGNED-PAYLOAD}; an
     * unsigned header must not replace a signed query value, so a header that disagrees with it is
     * refused, and without a query value the header (not signed, but a check the client asks for)
     * still verifies the body.
     *
     */
    public static PayloadHash payloadHash(boolean presigned, String header, String query) {
        if (!presigned) {
            if (header == null) {
                throw new SigV4Exception("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
            }
            return new PayloadHash(header, header);
        }
        if (query != null) {
            if (header != null && !header.equals(query)) {
                throw new SigV4Exception("InvalidArgument", "the x-amz-content-sha256 header ('" + header + "') differs "
                        + "from the X-Amz-Content-Sha256 the presigned URL signs ('" + query + "')");
            }
            return new PayloadHash(query, query);
        }
        return new PayloadHash(UNSIGNED_PAYLOAD, header == null ? UNSIGNED_PAYLOAD : header);
    }

    // ---------------------------------------------------------------- time

    /** The request time of {@code amzDate} ({@code yyyyMMdd'T'HHmmss'Z'}), in Unix seconds. */
    public static long epochSeconds(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate)).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new SigV4Exception("AccessDenied", "X-Amz-Date must be yyyyMMdd'T'HHmmss'Z', got '" + amzDate + "'");
        }
    }

    public static String amzDate(long epochSeconds) {
        return AMZ_DATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** Refuses a claim whose time does not fit {@code nowSeconds} or whose scope date differs from its time. */
    public static void checkTime(Claim c, long nowSeconds) {
        long t = epochSeconds(c.amzDate());
        if (!c.amzDate().startsWith(c.scope().date())) {
            throw new SigV4Exception(c.presigned() ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed",
                    "the credential date " + c.scope().date() + " is not the date of X-Amz-Date " + c.amzDate());
        }
        if (c.presigned()) {
            if (t > nowSeconds + MAX_SKEW_SECONDS) {
                throw new SigV4Exception("AccessDenied", "the presigned URL is dated in the future (" + c.amzDate() + ")");
            }
            if (nowSeconds > t + c.expiresSeconds()) {
                throw new SigV4Exception("AccessDenied", "Request has expired: the presigned URL was valid until "
                        + amzDate(t + c.expiresSeconds()));
            }
        } else if (Math.abs(nowSeconds - t) > MAX_SKEW_SECONDS) {
            throw new SigV4Exception("RequestTimeTooSkewed", "the request time " + c.amzDate()
                    + " differs from the server's " + amzDate(nowSeconds) + " by more than 15 minutes");
        }
    }

    // ---------------------------------------------------------------- canonical request

    /**
     * The canonical URI of a raw (still percent-encoded) request path: decoded once, then every
     * byte outside {@code A-Za-z0-9-._~/} percent-encoded in upper-case hex, as S3 signs it.
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(uriDecode(rawPath), true);
    }

    /**
     * The canonical query string: every parameter decoded and re-encoded, sorted by name then
     * value; {@code X-Amz-Signature} left out (a presigned URL cannot sign its own signature).
     */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String[] p : pairs(rawQuery)) {
            if (!"X-Amz-Signature".equals(p[0])) {
                params.add(new String[] {uriEncode(p[0], false), uriEncode(p[1], false)});
            }
        }
        params.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** A header's canonical value: each value trimmed, inner runs of spaces collapsed, joined by commas. */
    public static String canonicalHeaderValue(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(v.trim().replaceAll("\\s+", " "));
        }
        return sb.toString();
    }

    /**
     * The canonical request. {@code headers} maps each signed header's lower-case name to its
     * canonical value.
     */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          SortedMap<String, String> headers, List<String> signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        for (String h : signedHeaders) {
            String v = headers.get(h);
            if (v == null) {
                throw new SigV4Exception("AccessDenied", "the signed header '" + h + "' is missing from the request");
            }
            sb.append(h).append(':').append(v).append('\n');
        }
        sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return sb.toString();
    }

    public static String stringToSign(String amzDate, Scope scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope.text() + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The string a chunk's signature covers: the previous signature chains the chunks in order. */
    public static String chunkStringToSign(String amzDate, Scope scope, String previousSignature, byte[] chunkSha256) {
        return ALGORITHM + "-PAYLOAD\n" + amzDate + "\n" + scope.text() + "\n" + previousSignature + "\n" + EMPTY_SHA256
                + "\n" + HEX.formatHex(chunkSha256);
    }

    /** The string the trailer signature covers: the canonical trailing headers ({@code name:value\n} each). */
    public static String trailerStringToSign(String amzDate, Scope scope, String previousSignature, String trailers) {
        return ALGORITHM + "-TRAILER\n" + amzDate + "\n" + scope.text() + "\n" + previousSignature + "\n"
                + sha256Hex(trailers.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] signingKey(String secret, Scope scope) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        k = hmac(k, scope.region());
        k = hmac(k, scope.service());
        return hmac(k, "aws4_request");
    }

    public static String sign(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    /** Whether two hex signatures are equal, in time independent of where they differ. */
    public static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- encoding

    /** Percent-encodes UTF-8 bytes outside {@code A-Za-z0-9-._~} (and {@code /} when kept), upper-case hex. */
    public static String uriEncode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes {@code %XX} escapes as UTF-8 ({@code +} stays a plus sign). */
    public static String uriDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new SigV4Exception("InvalidURI", "a truncated %-escape in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new SigV4Exception("InvalidURI", "an invalid %-escape in '" + s + "'");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Splits a raw query string into decoded parameters (the first value of a repeated name wins). */
    public static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] p : pairs(rawQuery)) {
            out.putIfAbsent(p[0], p[1]);
        }
        return out;
    }

    /** The decoded name and value of every parameter of a raw query string, in order. */
    private static List<String[]> pairs(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String p : rawQuery.split("&")) {
            if (!p.isEmpty()) {
                int eq = p.indexOf('=');
                out.add(new String[] {uriDecode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : uriDecode(p.substring(eq + 1))});
            }
        }
        return out;
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
