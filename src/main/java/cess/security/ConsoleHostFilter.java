package cess.security;

import cess.console.model.ConsoleOrigin;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.apache.shiro.web.filter.AccessControlFilter;
import org.apache.shiro.web.util.WebUtils;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps the admin console (its pages, sign-in and {@code /api/console/**}) to its own host when
 * the operator set {@code cess.console.host}: on any other host the console is not there (404 as
 * JSON), so that host can serve objects inline without a console session to steal. Unset, the
 * console answers everywhere. Thread-safe (the setting is read once).
 */
public class ConsoleHostFilter extends AccessControlFilter {
    private final ConsoleOrigin origin = ConsoleOrigin.of(
            ConfigProvider.getConfig().getOptionalValue("cess.console.host", String.class).orElse(null));

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        return origin.servesConsole(WebUtils.toHttp(request).getHeader("Host"));
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        JsonErrors.write(WebUtils.toHttp(response), 404, "not_found",
                "the admin console answers only on its own host (cess.console.host); this host serves data");
        return false;
    }
}
