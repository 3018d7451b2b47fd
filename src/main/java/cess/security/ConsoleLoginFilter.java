package cess.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.filter.authc.FormAuthenticationFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * The admin console's form sign-in (Shiro's form authentication): {@code POST /console/login}
 * with {@code username}, {@code password} and the CSRF token signs in and goes to the console;
 * any other console page without a signed-in user goes to the sign-in page. On success the
 * session gets a new id and a new CSRF token (no session fixation); a failure returns to the
 * sign-in page with {@code ?error=credentials}. Failed sign-ins are throttled and audited
 * ({@link LoginGuard}): while a user or address waits, the answer is 429 as JSON and the password
 * is not checked.
 */
public class ConsoleLoginFilter extends FormAuthenticationFilter {
    static final String CHANNEL = "console";

    public ConsoleLoginFilter() {
        setLoginUrl("/console/login");
        setSuccessUrl("/console/");
    }

    @Override
    protected boolean onLoginSuccess(AuthenticationToken token, Subject subject, ServletRequest request,
                                     ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        http.changeSessionId();
        Csrf.renew(http.getSession());
        LoginGuard.succeeded(CHANNEL, String.valueOf(token.getPrincipal()), http, true);
        WebUtils.issueRedirect(request, response, getSuccessUrl(), null, true);
        return false;
    }

    @Override
    protected boolean onLoginFailure(AuthenticationToken token, AuthenticationException e, ServletRequest request,
                                     ServletResponse response) {
        LoginGuard.failed(CHANNEL, String.valueOf(token.getPrincipal()), WebUtils.toHttp(request));
        try {
            WebUtils.issueRedirect(request, response, getLoginUrl() + "?error=credentials");
        } catch (java.io.IOException io) {
            throw new IllegalStateException(io);
        }
        return false;
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        if (!"GET".equals(http.getMethod()) && WebUtils.getPathWithinApplication(http).equals("/console")) {
            return true; // an S3 client's request on a bucket named "console": the console servlet refuses it as S3 does
        }
        if (isLoginRequest(request, response) && !isLoginSubmission(request, response)) {
            return true; // the sign-in page itself
        }
        if (isLoginSubmission(request, response)) {
            long wait = LoginGuard.waitMillis(CHANNEL, getUsername(request), http);
            if (wait > 0) {
                LoginGuard.refuse(WebUtils.toHttp(response), wait);
                return false;
            }
            executeLogin(request, response);
            return false;
        }
        saveRequestAndRedirectToLogin(request, response);
        return false;
    }
}
