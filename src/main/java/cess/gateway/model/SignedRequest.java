package cess.gateway.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The native API's request signature: an account's Ed25519 signature over a canonical request
 * that binds the whole request, in two forms.
 *
 * <p><b>Headers</b> ({@code Account}, {@code Expires}, {@code Nonce}, {@code Body-SHA256},
 * {@code Signature}), for every signed call. The string signed is
 * <pre>
 * CESS-REQUEST-V2 \n METHOD \n HOST \n PATH \n CANONICAL_QUERY \n BODY_SHA256 \n EXPIRES \n NONCE
 * </pre>
 * where HOST is the {@code Host} header in lower case without a default port (:80, :443), PATH
 * the request path as S3 canonicalizes it ({@link SigV4#canonicalUri}), CANONICAL_QUERY every
 * query parameter decoded, re-encoded and sorted ({@link #canonicalQuery}, as Signature V4 does),
 * BODY_SHA256 the lower-case hex SHA-256 of the body as sent (that of the empty string when there
 * is none), or {@link #UNSIGNED_BODY} for a body streamed before its hash is known,
 * allowed only with an expiry at most {@link #MAX_UNSIGNED_BODY_SECONDS} ahead; EXPIRES the
 * expiry in Unix seconds, at most {@link #MAX_VALIDITY_SECONDS} ahead; NONCE 16 to 64 random
 * bytes in lower-case hex, which the node accepts once per account until the expiry.
 *
 * <p><b>Presigned link</b> (GET only): the query carries {@code cess-account},
 * {@code cess-expires} (at most {@link #MAX_PRESIGNED_SECONDS} ahead) and
 * {@code cess-signature}; the string signed is the same with the first line
 * {@code CESS-PRESIGNED-V1}, {@code UNSIGNED-PAYLOAD} as the body hash, an empty nonce, and the
 * query less {@code cess-signature}. A link is good for any number of reads until it expires, as an
 * S3 presigned URL is; it cannot be turned into a header signature or the reverse, since the first
 * line differs.
 *
 * <p>Pure functions; thread-safe.
 */
public final class SignedRequest {
    public static final String ACCOUNT = "Account";
    public static final String EXPIRES = "Expires";
    public static final String NONCE = "Nonce";
    public static final String BODY_SHA256 = "Body-SHA256";
    public static final String SIGNATURE = "Signature";
    public static final String PRESIGNED_ACCOUNT = "cess-account";
    public static final String PRESIGNED_EXPIRES = "cess-expires";
    public static final String PRESIGNED_SIGNATURE = "cess-signature";
    /** The body-hash marker of a body the signature does not cover. */
    public static final String UNSIGNED_BODY = "UNSIGNED-PAYLOAD";
    /** The SHA-256 of the empty body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** The furthest in the future a header signature's expiry may lie; the replay guard remembers a nonce this long at most. */
    public static final long MAX_VALIDITY_SECONDS = 3600;
    /** The furthest ahead the expiry of a signature with an unsigned body may lie. */
    public static final long MAX_UNSIGNED_BODY_SECONDS = 300;
    /** The furthest in the future a presigned link's expiry may lie (7 days, as for S3). */
    public static final long MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

    private static final Pattern NONCE_FORMAT = Pattern.compile("[0-9a-f]{32,128}");
    private static final Pattern SHA256_FORMAT = Pattern.compile("[0-9a-f]{64}");

    private SignedRequest() {
    }

    /** What a request carries of a signature in headers: every value as sent, trimmed. */
    public record Claim(String expires, String nonce, String bodySha256) {
    }

    /** The canonical request of a header signature (what the account signs, UTF-8). */
    public static String canonical(String method, String host, String rawPath, String rawQuery, String bodySha256,
                                   long expires, String nonce) {
        return "CESS-REQUEST-V2\n" + method + "\n" + canonicalHost(host) + "\n" + SigV4.canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery, null) + "\n" + bodySha256 + "\n" + expires + "\n" + nonce;
    }

    /** The canonical request of a presigned link; {@code rawQuery} as sent (its {@code cess-signature} is left out). */
    public static String presignedCanonical(String method, String host, String rawPath, String rawQuery, long expires) {
        return "CESS-PRESIGNED-V1\n" + method + "\n" + canonicalHost(host) + "\n" + SigV4.canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery, PRESIGNED_SIGNATURE) + "\n" + UNSIGNED_BODY + "\n" + expires + "\n";
    }

    public static byte[] bytes(String canonical) {
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The headers (name, value pairs) that sign a request as {@code key}'s account: what a client
     * sends. {@code target} is the path with its query as sent ({@code /api/files?name=a}).
     */
    public static String[] headers(cess.shared.KeyPair key, String method, String host, String target, String bodySha256,
                                   long expires, String nonce) {
        int q = target.indexOf('?');
        String canonical = canonical(method, host, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                bodySha256, expires, nonce);
        return new String[] {ACCOUNT, key.address().ss58(), EXPIRES, Long.toString(expires), NONCE, nonce,
            BODY_SHA256, bodySha256, SIGNATURE, key.sign(bytes(canonical)).hex()};
    }

    /**
     * The query a presigned GET link appends to {@code target} (path and optional query as it
     * will be sent), signed by {@code key}'s account, good until {@code expires}.
     */
    public static String presign(cess.shared.KeyPair key, String host, String target, long expires) {
        String sep = target.contains("?") ? "&" : "?";
        String withParams = target + sep + PRESIGNED_ACCOUNT + "=" + key.address().ss58() + "&" + PRESIGNED_EXPIRES + "="
                + expires;
        int q = withParams.indexOf('?');
        String canonical = presignedCanonical("GET", host, withParams.substring(0, q), withParams.substring(q + 1), expires);
        return withParams + "&" + PRESIGNED_SIGNATURE + "=" + key.sign(bytes(canonical)).hex();
    }

    /** The host as signed: lower case, without a default port. */
    public static String canonicalHost(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(":80")) {
            return h.substring(0, h.length() - 3);
        }
        if (h.endsWith(":443")) {
            return h.substring(0, h.length() - 4);
        }
        return h;
    }

    /**
     * What is wrong with a header signature's claim at {@code nowSeconds}, if anything: the expiry
     * must be whole Unix seconds in the future, within {@link #MAX_VALIDITY_SECONDS} (within
     * {@link #MAX_UNSIGNED_BODY_SECONDS} for an unsigned body), the nonce 16 to 64 bytes of
     * lower-case hex, the body hash 64 lower-case hex digits or {@link #UNSIGNED_BODY}.
     */
    public static Optional<String> claimProblem(Claim c, long nowSeconds) {
        Optional<String> time = expiryProblem(c.expires(), nowSeconds, MAX_VALIDITY_SECONDS, "header " + EXPIRES);
        if (time.isPresent()) {
            return time;
        }
        if (!NONCE_FORMAT.matcher(c.nonce()).matches()) {
            return Optional.of("header " + NONCE + " must be 16 to 64 random bytes in lower-case hex (32 to 128 digits)");
        }
        if (c.bodySha256().equals(UNSIGNED_BODY)) {
            if (Long.parseLong(c.expires()) > nowSeconds + MAX_UNSIGNED_BODY_SECONDS) {
                return Optional.of("a request whose " + BODY_SHA256 + " is " + UNSIGNED_BODY + " must expire within "
                        + MAX_UNSIGNED_BODY_SECONDS + " s");
            }
        } else if (!SHA256_FORMAT.matcher(c.bodySha256()).matches()) {
            return Optional.of("header " + BODY_SHA256 + " must be the body's SHA-256 in lower-case hex, or "
                    + UNSIGNED_BODY);
        }
        return Optional.empty();
    }

    /** What is wrong with a presigned link's expiry at {@code nowSeconds}, if anything. */
    public static Optional<String> presignedProblem(String expires, long nowSeconds) {
        return expiryProblem(expires, nowSeconds, MAX_PRESIGNED_SECONDS, "query parameter " + PRESIGNED_EXPIRES);
    }

    private static Optional<String> expiryProblem(String text, long now, long maxAhead, String what) {
        long expires;
        try {
            expires = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Optional.of(what + " must be the expiry time in Unix seconds");
        }
        if (expires <= now) {
            return Optional.of("the signature expired at " + expires + " (now " + now + ")");
        }
        if (expires > now + maxAhead) {
            return Optional.of(what + " lies more than " + maxAhead + " s in the future");
        }
        return Optional.empty();
    }

    /**
     * The canonical query: every parameter decoded and re-encoded as Signature V4 does (RFC 3986
     * unreserved characters kept, the rest {@code %XX} in upper-case hex), sorted by name then
     * value, joined by {@code &}; {@code left} (a presigned link's own signature) left out.
     */
    public static String canonicalQuery(String rawQuery, String left) {
        java.util.List<String[]> params = new java.util.ArrayList<>();
        if (rawQuery != null) {
            for (String p : rawQuery.split("&")) {
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String name = SigV4.uriDecode(eq < 0 ? p : p.substring(0, eq));
                if (!name.equals(left)) {
                    params.add(new String[] {SigV4.uriEncode(name, false),
                        SigV4.uriEncode(eq < 0 ? "" : SigV4.uriDecode(p.substring(eq + 1)), false)});
                }
            }
        }
        params.sort(java.util.Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }
}
