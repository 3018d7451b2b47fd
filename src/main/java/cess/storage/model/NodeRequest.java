package cess.storage.model;

import cess.shared.Address;
import java.nio.charset.StandardCharsets;

/**
 * What a node signs to move fragments node-to-node: method, path, the miner addressed and an
 * expiry (epoch milliseconds), under a domain tag, so a captured signature works for nothing
 * else and not for long.
 */
public final class NodeRequest {
    public static final String NODE_HEADER = "X-Cess-Node";
    public static final String EXPIRES_HEADER = "X-Cess-Expires";
    public static final String SIGNATURE_HEADER = "X-Cess-Signature";
    /** The longest validity a receiver accepts. */
    public static final long MAX_VALIDITY_MILLIS = 5 * 60_000L;

    private NodeRequest() {
    }

    /**
     * The node that signed a request, from its three headers: they must be present and well
     * formed, the expiry in the future but within {@link #MAX_VALIDITY_MILLIS} of {@code nowMillis},
     * and the signature over ({@code method}, {@code path}, {@code addressed}, expiry) must verify.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Address signer(String method, String path, Address addressed, String node, String expires,
                                 String signature, long nowMillis) {
        if (node == null || expires == null || signature == null) {
            throw new IllegalArgumentException("node requests need the headers " + NODE_HEADER + ", " + EXPIRES_HEADER
                    + " and " + SIGNATURE_HEADER);
        }
        Address signer;
        long until;
        cess.shared.Signature sig;
        try {
            signer = Address.parse(node);
            until = Long.parseLong(expires);
            sig = cess.shared.Signature.parse(signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed node signature headers: " + e.getMessage(), e);
        }
        if (until < nowMillis || until > nowMillis + MAX_VALIDITY_MILLIS) {
            throw new IllegalArgumentException("the node signature has expired or is valid for too long");
        }
        if (!cess.shared.KeyPair.verify(signer, payload(method, path, addressed, until), sig)) {
            throw new IllegalArgumentException("the node signature does not verify");
        }
        return signer;
    }

    public static byte[] payload(String method, String path, Address miner, long expiresMillis) {
        return ("CESS/fragment/v1\n" + method + "\n" + path + "\n" + miner.ss58() + "\n" + expiresMillis)
                .getBytes(StandardCharsets.UTF_8);
    }
}
