package cess.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.filter.authz.RolesAuthorizationFilter;
import org.apache.shiro.web.util.WebUtils;

/** Role check answering 401 (not signed in) or 403 (signed in, lacking the role) as JSON. */
public class ApiRolesFilter extends RolesAuthorizationFilter {
    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws IOException {
        Subject subject = getSubject(request, response);
        if (subject.getPrincipal() == null) {
            JsonErrors.write(WebUtils.toHttp(response), 401, "unauthorized", "sign in first");
        } else {
            JsonErrors.write(WebUtils.toHttp(response), 403, "forbidden",
                    "user '" + subject.getPrincipal() + "' lacks the role this endpoint needs");
        }
        return false;
    }
}
