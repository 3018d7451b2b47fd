package cess.oss.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a gateway's endpoint may be: an absolute {@code http} or {@code https} URL of at most
 * {@value #MAX_LENGTH} printable ASCII characters, with a host, an optional port (1..65535) and
 * path, and no user info, query or fragment: it is the base to which clients append API paths,
 * so nothing in it may be a secret or be dropped by a client. Pure; the chain rule, the genesis
 * and the node's startup refuse the same things with the same words.
 */
public final class GatewayEndpoint {
    /** Most characters (and bytes: printable ASCII only) of an endpoint. */
    public static final int MAX_LENGTH = 256;

    private GatewayEndpoint() {
    }

    /** The problem with {@code endpoint} in words, or empty when it is a usable endpoint. */
    public static Optional<String> problem(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return Optional.of("endpoint must not be empty");
        }
        if (endpoint.length() > MAX_LENGTH) {
            return Optional.of("endpoint must be at most " + MAX_LENGTH + " characters, not " + endpoint.length());
        }
        for (int i = 0; i < endpoint.length(); i++) {
            char c = endpoint.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of("endpoint must be printable ASCII without spaces (character " + i + " is not)");
            }
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("endpoint is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of("endpoint must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return Optional.of("endpoint must not carry user info (user:password@)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("endpoint must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return Optional.of("endpoint port must be 1..65535");
        }
        if (uri.getRawQuery() != null) {
            return Optional.of("endpoint must not have a query (?…)");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("endpoint must not have a fragment (#…)");
        }
        return Optional.empty();
    }
}
