package cess.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.apache.shiro.web.filter.AccessControlFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * Refuses a state-changing request (anything but GET, HEAD, OPTIONS) that does not carry its
 * session's CSRF token ({@link Csrf}): 403 as JSON for the API, or back to the sign-in page for
 * the console's forms, which then fetches a fresh token.
 */
public class CsrfFilter extends AccessControlFilter {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        HttpServletRequest http = WebUtils.toHttp(request);
        return SAFE.contains(http.getMethod()) || Csrf.valid(http);
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        HttpServletResponse out = WebUtils.toHttp(response);
        String type = http.getContentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded") && http.getRequestURI().startsWith(
                http.getContextPath() + "/console/")) {
            out.sendRedirect(http.getContextPath() + "/console/login?error=expired");
        } else {
            JsonErrors.write(out, 403, "csrf", "this request needs the session's CSRF token (header " + Csrf.HEADER
                    + "): reload the console and try again");
        }
        return false;
    }
}
