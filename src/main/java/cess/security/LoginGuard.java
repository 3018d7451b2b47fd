package cess.security;

import cess.console.model.LoginThrottle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every password check of the node goes through here: the console's sign-in, the admin API's
 * HTTP Basic, and the admin's password asked again for a signature with the operator key. One
 * {@link LoginThrottle} (per user name and per client address, {@link LoginThrottle.Policy#standard()})
 * for all of them; each failure and each refusal is written to the {@link AuditLog}. The client
 * address is the connection's ({@code getRemoteAddr()}): behind a reverse proxy every client
 * shares the proxy's, so the per-user limit is the one that holds. Thread-safe.
 */
public final class LoginGuard {
    private static final LoginThrottle THROTTLE = new LoginThrottle(LoginThrottle.Policy.standard());

    private LoginGuard() {
    }

    /**
     * Milliseconds {@code user} from this request's address must wait before its password is
     * checked again (0: go ahead); a wait is audited as {@code login_throttled}.
     */
    public static long waitMillis(String channel, String user, HttpServletRequest request) {
        long wait = THROTTLE.waitMillis(user, request.getRemoteAddr(), System.currentTimeMillis());
        if (wait > 0) {
            AuditLog.record("login_throttled", fields(channel, user, request));
        }
        return wait;
    }

    /** Records (and audits) a wrong password or unknown user. */
    public static void failed(String channel, String user, HttpServletRequest request) {
        THROTTLE.failed(user, request.getRemoteAddr(), System.currentTimeMillis());
        AuditLog.record("login_failed", fields(channel, user, request));
    }

    /** Records a good password: the user's failures are forgotten. Audited only when {@code audit}. */
    public static void succeeded(String channel, String user, HttpServletRequest request, boolean audit) {
        THROTTLE.succeeded(user, request.getRemoteAddr(), System.currentTimeMillis());
        if (audit) {
            AuditLog.record("login_succeeded", fields(channel, user, request));
        }
    }

    /** Answers 429 with a JSON error and {@code Retry-After} (whole seconds, rounded up). */
    public static void refuse(HttpServletResponse response, long waitMillis) throws IOException {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        JsonErrors.write(response, 429, "too_many_attempts", "too many failed logins for this user or from this "
                + "address: try again in " + seconds + " s");
    }

    static Map<String, String> fields(String channel, String user, HttpServletRequest request) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("channel", channel);
        f.put("user", user);
        f.put("address", request.getRemoteAddr());
        return f;
    }
}
