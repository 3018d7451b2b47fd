package cess.security;

import cess.gateway.wire.S3Xml;
import cess.platform.NodeConfig;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.shiro.web.filter.AccessControlFilter;
import org.apache.shiro.web.util.WebUtils;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers for an API whose role this node does not play ({@code nodeRole[gateway]} in
 * {@code shiro.ini}) before any authentication: a storage-only node has no object APIs, a
 * gateway-only node no fragment API. The answer is a 501 naming the missing role and the node's
 * roles, as JSON under {@code /api} and as S3's XML {@code NotImplemented} elsewhere, so that a
 * client pointed at the wrong node learns why at once. Thread-safe (the roles are read once).
 */
public class NodeRoleFilter extends AccessControlFilter {
    private final String configured = ConfigProvider.getConfig().getOptionalValue("cess.roles", String.class)
            .orElse("gateway,storage,consensus");
    private final Set<NodeConfig.Role> roles = NodeConfig.parseRoles(configured);

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        return roles.containsAll(required(mappedValue));
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response, Object mappedValue)
            throws IOException {
        HttpServletRequest http = WebUtils.toHttp(request);
        String missing = required(mappedValue).stream().filter(r -> !roles.contains(r))
                .map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
        String message = "this node does not play the " + missing + " role (cess.roles=" + configured.trim()
                + "): send this request to a node that does";
        String uri = http.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), http.getContextPath().length()));
        if (path.equals("/api") || path.startsWith("/api/")) {
            JsonErrors.write(WebUtils.toHttp(response), 501, "role_missing", message);
        } else {
            S3Xml.error(WebUtils.toHttp(response), "HEAD".equals(http.getMethod()), 501, "NotImplemented", message,
                    "Resource", uri);
        }
        return false;
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) {
        throw new IllegalStateException("answered with the mapped roles");
    }

    private static Set<NodeConfig.Role> required(Object mappedValue) {
        String[] names = mappedValue instanceof String[] a ? a : new String[0];
        return NodeConfig.parseRoles(String.join(",", Arrays.asList(names)));
    }
}
