package cess.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The console's CSRF tokens (synchronizer pattern): one random token per session, sent back by
 * the console on every state-changing request, as the {@code X-CSRF-Token} header or a
 * {@code csrf} form field, and compared in constant time. Renewed when a user signs in.
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

    /** Whether {@code request} carries its session's token (no session: no token to match). */
    static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        if (!(expected instanceof String e)) {
            return false;
        }
        String given = Optional.ofNullable(request.getHeader(HEADER)).orElseGet(() -> request.getParameter(FIELD));
        return given != null && MessageDigest.isEqual(e.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
    }
}
