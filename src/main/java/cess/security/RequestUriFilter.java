package cess.security;

import cess.gateway.wire.S3Xml;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.shiro.web.filter.InvalidRequestFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * Shiro's global guard on request URIs (it runs before every filter chain, under the name
 * {@code invalidRequest}): '.' and '..' segments, ';' and '\' are refused as Shiro refuses them,
 * but UTF-8 is let through (object keys and names such as {@code café} are valid; the S3 API and
 * the storage rules check them), and a refusal is the answer the client's API speaks: an S3 XML
 * {@code InvalidURI} at the S3 root, a JSON {@code invalid_uri} under {@code /api}. Stateless:
 * one instance serves all requests at once.
 */
public class RequestUriFilter extends InvalidRequestFilter {
    public RequestUriFilter() {
        setBlockNonAscii(false);
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws IOException {
        HttpServletRequest http = WebUtils.toHttp(request);
        String uri = http.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), http.getContextPath().length()));
        String message = "the request URI must not hold '.' or '..' path segments, ';' or '\\': " + uri;
        if (path.equals("/api") || path.startsWith("/api/")) {
            JsonErrors.write(WebUtils.toHttp(response), 400, "invalid_uri", message);
        } else if (path.startsWith("/console") || path.startsWith("/health") || path.startsWith("/metrics")
                || path.startsWith("/openapi")) {
            WebUtils.toHttp(response).sendError(400, "Invalid request");
        } else {
            S3Xml.error(WebUtils.toHttp(response), "HEAD".equals(http.getMethod()), 400, "InvalidURI",
                    "Couldn't parse the specified URI: " + message, "Resource", uri);
        }
        return false;
    }
}
