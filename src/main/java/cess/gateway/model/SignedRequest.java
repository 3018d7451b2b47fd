package cess.gateway.model;

import java.nio.charset.StandardCharsets;

/**
 * The native API's request signature: an account's Ed25519 signature over
 * {@code "CESS/request/v1\n" + METHOD + "\n" + PATH + "\n" + MESSAGE}, where PATH is the
 * request path as sent (without the query, relative to the node root) and MESSAGE the expiry in Unix seconds. Sent as the
 * headers {@code Account}, {@code Message} and {@code Signature} (hex).
 */
public final class SignedRequest {
    public static final String ACCOUNT = "Account";
    public static final String MESSAGE = "Message";
    public static final String SIGNATURE = "Signature";
    /** The furthest in the future an expiry may lie: a captured signature is useless after this. */
    public static final long MAX_VALIDITY_SECONDS = 3600;

    private SignedRequest() {
    }

    public static byte[] payload(String method, String path, String message) {
        return ("CESS/request/v1\n" + method + "\n" + path + "\n" + message).getBytes(StandardCharsets.UTF_8);
    }
}
