package cess.security;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.mgt.RealmSecurityManager;
import org.apache.shiro.subject.Subject;

/**
 * Asks the signed-in console user for their password again, for one sensitive action (a
 * signature with the node's operator key): a stolen session or a forged request alone cannot
 * sign. The password is checked by {@link NodeUserRealm} and counts toward the login throttle
 * ({@link LoginGuard}, channel {@code operator_key}) like a sign-in. Stateless, thread-safe.
 */
public final class Reauthentication {
    static final String CHANNEL = "operator_key";

    /** The outcome: the password was right, was wrong, or was not checked because the user must wait. */
    public record Result(boolean confirmed, long waitMillis) {
    }

    private Reauthentication() {
    }

    /** Checks {@code password} against the signed-in user of the current request. */
    public static Result check(HttpServletRequest request, String password) {
        Subject subject = SecurityUtils.getSubject();
        String user = String.valueOf(subject.getPrincipal());
        long wait = LoginGuard.waitMillis(CHANNEL, user, request);
        if (wait > 0) {
            return new Result(false, wait);
        }
        NodeUserRealm realm = ((RealmSecurityManager) SecurityUtils.getSecurityManager()).getRealms().stream()
                .filter(NodeUserRealm.class::isInstance).map(NodeUserRealm.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("shiro.ini configures no NodeUserRealm"));
        try {
            realm.getAuthenticationInfo(new UsernamePasswordToken(user, password == null ? new char[0] : password.toCharArray()));
        } catch (AuthenticationException wrong) {
            LoginGuard.failed(CHANNEL, user, request);
            return new Result(false, 0);
        }
        LoginGuard.succeeded(CHANNEL, user, request, false);
        return new Result(true, 0);
    }
}
