package cess.security;

import cess.gateway.model.SignedRequest;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.filter.authc.AuthenticatingFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * Requires a valid account signature ({@link SignedRequest}) on every request, except reads
 * (GET, HEAD) that carry none when the filter is configured {@code signedRequest[reads]}: those
 * pass anonymously. A request that does carry signature headers must verify. Failures are a
 * JSON 401 naming the problem.
 */
public class SignedRequestFilter extends AuthenticatingFilter {
    @Override
    protected AuthenticationToken createToken(ServletRequest request, ServletResponse response) {
        HttpServletRequest http = WebUtils.toHttp(request);
        return new SignedRequestToken(http.getHeader(SignedRequest.ACCOUNT), http.getHeader(SignedRequest.MESSAGE),
                http.getHeader(SignedRequest.SIGNATURE), http.getMethod(), http.getRequestURI().substring(http.getContextPath().length()),
                System.currentTimeMillis() / 1000);
    }

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        HttpServletRequest http = WebUtils.toHttp(request);
        boolean signed = http.getHeader(SignedRequest.ACCOUNT) != null || http.getHeader(SignedRequest.SIGNATURE) != null;
        boolean read = "GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod());
        String[] config = (String[]) mappedValue;
        boolean readsOpen = config != null && java.util.Arrays.asList(config).contains("reads");
        return !signed && read && readsOpen;
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        if (http.getHeader(SignedRequest.ACCOUNT) == null || http.getHeader(SignedRequest.MESSAGE) == null
                || http.getHeader(SignedRequest.SIGNATURE) == null) {
            return deny(response, "this request needs the headers Account, Message (expiry, Unix seconds) and "
                    + "Signature (Ed25519 over \"CESS/request/v1\\n\" + method + \"\\n\" + path + \"\\n\" + Message)");
        }
        return executeLogin(request, response);
    }

    @Override
    protected boolean onLoginFailure(AuthenticationToken token, AuthenticationException e, ServletRequest request,
                                     ServletResponse response) {
        return deny(response, e.getMessage());
    }

    @Override
    protected boolean onLoginSuccess(AuthenticationToken token, Subject subject, ServletRequest request,
                                     ServletResponse response) {
        return true;
    }

    private static boolean deny(ServletResponse response, String message) {
        try {
            JsonErrors.write(WebUtils.toHttp(response), 401, "unauthorized", message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}
