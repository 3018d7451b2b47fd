package cess.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.shiro.web.filter.authc.BasicHttpAuthenticationFilter;
import org.apache.shiro.web.util.WebUtils;

/** HTTP Basic authentication whose 401 carries a JSON error body and the challenge header. */
public class ApiBasicAuthFilter extends BasicHttpAuthenticationFilter {
    public ApiBasicAuthFilter() {
        setApplicationName("cess-node");
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
