package cess.gateway.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code Host} a native request signature may name at this node: the signature covers the
 * host, and the node takes it only if the host is its own, so headers captured at one gateway are
 * refused at another (where, say, they would mint a second S3 secret for the signer).
 *
 * <p>Its own: the address and port the request reached (any loopback name for a loopback
 * connection), or one of the operator's names for the node (the host of {@code cess.public.url}
 * and {@code cess.http.hosts}, for a node behind a reverse proxy or a DNS name). Pure.
 */
public final class SignedHost {
    private SignedHost() {
    }

    /**
     * Why {@code host} is not this node's, or empty when it is.
     *
     * @param names        the operator's names, {@code host} or {@code host:port}, lower case
     * @param localAddress the address the connection reached (the servlet's local address)
     * @param localPort    the port it reached
     */
    public static Optional<String> problem(String host, Set<String> names, String localAddress, int localPort) {
        if (host == null || host.isBlank()) {
            return Optional.of("the request has no Host header, which the signature covers");
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        boolean hasPort = colon > h.lastIndexOf(']');
        String name = hasPort ? h.substring(0, colon) : h;
        int port;
        try {
            port = hasPort ? Integer.parseInt(h.substring(colon + 1)) : 80;
        } catch (NumberFormatException e) {
            return Optional.of("the Host header '" + host + "' has no valid port");
        }
        if (names.contains(h) || names.contains(name)) {
            return Optional.empty();
        }
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        String local = localAddress == null ? "" : localAddress.toLowerCase(Locale.ROOT);
        boolean loopbackConnection = local.startsWith("127.") || local.equals("::1") || local.equals("0:0:0:0:0:0:0:1");
        boolean ours = bare.equals(local) || loopbackConnection && (bare.equals("localhost") || bare.startsWith("127.")
                || bare.equals("::1"));
        if (ours && port == localPort) {
            return Optional.empty();
        }
        return Optional.of("the signature names host '" + host + "', which is not this node's (it was reached at "
                + localAddress + ":" + localPort + "); sign for the host you send to, or, behind a proxy or DNS name, "
                + "the operator lists it in cess.http.hosts");
    }
}
