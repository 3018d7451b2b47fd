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

    public static byte[] payload(String method, String path, Address miner, long expiresMillis) {
        return ("CESS/fragment/v1\n" + method + "\n" + path + "\n" + miner.ss58() + "\n" + expiresMillis)
                .getBytes(StandardCharsets.UTF_8);
    }
}
