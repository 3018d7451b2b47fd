package cess.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.filter.authc.BasicHttpAuthenticationFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * HTTP Basic authentication for the admin API, on every request (a session does not count),
 * whose 401 carries a JSON error body and the challenge header. Failed logins are throttled and audited ({@link LoginGuard}: 429 while a
 * user or address waits, its password not checked); admin calls that may change state
 * (anything but GET, HEAD, OPTIONS) are written to the {@link AuditLog} with their status.
 */
public class ApiBasicAuthFilter extends BasicHttpAuthenticationFilter {
    static final String CHANNEL = "admin_api";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    public ApiBasicAuthFilter() {
        setApplicationName("cess-node");
    }

    /**
     * Every admin API request logs in with its own credentials: a console session (a cookie a
     * browser sends by itself) never authenticates it, so nothing running in a signed-in
     * admin's browser reaches the admin API without the password.
     */
    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        return false;
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        if (isLoginAttempt(request, response)) {
            String user = (String) createToken(request, response).getPrincipal();
            long wait = LoginGuard.waitMillis(CHANNEL, user, WebUtils.toHttp(request));
            if (wait > 0) {
                LoginGuard.refuse(WebUtils.toHttp(response), wait);
                return false;
            }
        }
        return super.onAccessDenied(request, response);
    }

    @Override
    protected boolean onLoginSuccess(AuthenticationToken token, Subject subject, ServletRequest request,
                                     ServletResponse response) throws Exception {
        LoginGuard.succeeded(CHANNEL, (String) token.getPrincipal(), WebUtils.toHttp(request), false);
        return super.onLoginSuccess(token, subject, request, response);
    }

    @Override
    protected boolean onLoginFailure(AuthenticationToken token, AuthenticationException e, ServletRequest request,
                                     ServletResponse response) {
        LoginGuard.failed(CHANNEL, (String) token.getPrincipal(), WebUtils.toHttp(request));
        return super.onLoginFailure(token, e, request, response);
    }

    @Override
    protected void postHandle(ServletRequest request, ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        Subject subject = getSubject(request, response);
        if (!SAFE.contains(http.getMethod()) && subject.isAuthenticated() && subject.getPrincipal() != null) {
            Map<String, String> f = LoginGuard.fields(CHANNEL, String.valueOf(subject.getPrincipal()), http);
            f.put("method", http.getMethod());
            f.put("path", WebUtils.getPathWithinApplication(http));
            f.put("status", Integer.toString(WebUtils.toHttp(response).getStatus()));
            AuditLog.record("admin_call", f);
        }
    }

    @Override
    protected boolean sendChallenge(ServletRequest request, ServletResponse response) {
        HttpServletResponse http = WebUtils.toHttp(response);
        http.setHeader(AUTHENTICATE_HEADER, getAuthcScheme() + " realm=\"" + getApplicationName() + "\"");
        try {
            JsonErrors.write(http, 401, "unauthorized", "this endpoint needs an operator login (HTTP Basic)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}
