package cess.console.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the admin console answers, from the setting {@code cess.console.host}: unset, on every
 * host name the node is reached at (then objects that a browser would run are never shown
 * inline, see {@code ActiveContent}); set to {@code host} or {@code host:port}, only on requests
 * whose {@code Host} header names it — every other host is a data origin, where objects may be
 * inline because a script in them cannot reach the console's session or read its pages.
 *
 * <p>Host names compare case-insensitively and without a trailing dot; the port is compared as
 * the browser sends it in {@code Host} (no port for a default port). Immutable, thread-safe.
 *
 * @param host the console's {@code host[:port]}, lower case, or empty when unset
 */
public record ConsoleOrigin(Optional<String> host) {
    public ConsoleOrigin {
        host = host.map(ConsoleOrigin::normalize).filter(h -> !h.isEmpty());
        host.ifPresent(h -> {
            if (!h.matches("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("cess.console.host must be host or host:port, not '" + h + "'");
            }
        });
    }

    /** From the setting's value ({@code null} or blank: unset). */
    public static ConsoleOrigin of(String setting) {
        return new ConsoleOrigin(Optional.ofNullable(setting).map(String::trim));
    }

    /** Whether the operator gave the console its own host. */
    public boolean separated() {
        return host.isPresent();
    }

    /** Whether the console answers a request with this {@code Host} header ({@code null}: none). */
    public boolean servesConsole(String hostHeader) {
        return host.isEmpty() || (hostHeader != null && host.get().equals(normalize(hostHeader)));
    }

    /** Whether a request with this {@code Host} header is on a data origin apart from the console's. */
    public boolean isDataOrigin(String hostHeader) {
        return host.isPresent() && hostHeader != null && !host.get().equals(normalize(hostHeader));
    }

    private static String normalize(String hostAndPort) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon && h.charAt(colon - 1) == '.') {
            return h.substring(0, colon - 1) + h.substring(colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
