package cess.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The console's CSRF tokens (synchronizer pattern): one random token per session, sent back by
 * the console on every state-changing request, as the {@code X-CSRF-Token} header or a
 * {@code csrf} field of a form-encoded body (never the query string), and compared in constant
 * time. Renewed when a user signs in.
 */
public final class Csrf {
    static final String ATTRIBUTE = "cess.csrf";
    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The session's token, made (with the session) if there is none yet. */
    public static String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        Object t = session.getAttribute(ATTRIBUTE);
        if (t instanceof String s) {
            return s;
        }
        return renew(session);
    }

    static String renew(HttpSession session) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        session.setAttribute(ATTRIBUTE, token);
        return token;
    }

    /**
     * Whether {@code request} carries its session's token (no session: no token to match), in
     * the {@code X-CSRF-Token} header or the {@code csrf} field of a form-encoded body. A token in
     * the query string is never accepted (URLs end up in logs, histories and Referer headers), and
     * a request naming {@code csrf} in its query string is refused even with a good body field.
     */
    static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        if (!(expected instanceof String e)) {
            return false;
        }
        String given = request.getHeader(HEADER);
        if (given == null && isForm(request.getContentType()) && !inQuery(request.getQueryString())) {
            given = request.getParameter(FIELD); // the query has no such field, so this is the body's
        }
        return given != null && MessageDigest.isEqual(e.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a Content-Type is a form-encoded body, the only body a {@code csrf} field is read from. */
    static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/x-www-form-urlencoded");
    }

    /** Whether a raw query string has a {@code csrf} parameter (its name percent-encoded or not). */
    static boolean inQuery(String queryString) {
        if (queryString == null) {
            return false;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return true; // not decodable: assume the worst
            }
            if (name.trim().equalsIgnoreCase(FIELD)) {
                return true;
            }
        }
        return false;
    }
}
