package cess.gateway.boundary;

import cess.gateway.model.ActiveContent;
import cess.console.model.ConsoleOrigin;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The headers every object response carries, S3 and native alike, so that an object's bytes
 * never run as a page of the node: {@code Content-Security-Policy: sandbox} (no script, an
 * opaque origin even if a browser renders it), {@code X-Content-Type-Options: nosniff}, and
 * {@code Content-Disposition: attachment} for a type a browser would run or render as a document
 * ({@link ActiveContent}) — unless the request came to a data origin apart from the console's
 * ({@code cess.console.host}, {@link ConsoleOrigin}). Thread-safe (immutable after start).
 */
@ApplicationScoped
public class ObjectHeaders {
    static final String DISPOSITION = "Content-Disposition";
    @Inject
    @ConfigProperty(name = "cess.console.host")
    Optional<String> consoleHost;
    private ConsoleOrigin origin;

    @PostConstruct
    void init() {
        origin = ConsoleOrigin.of(consoleHost.orElse(null));
    }

    /**
     * The headers for an object sent as {@code contentType} on {@code request}, the disposition
     * the object or request asked for being {@code requestedDisposition} (or {@code null}).
     */
    public Map<String, String> of(HttpServletRequest request, String contentType, String requestedDisposition) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", "sandbox");
        h.put("X-Content-Type-Options", "nosniff");
        String d = ActiveContent.disposition(contentType, requestedDisposition, origin.isDataOrigin(request.getHeader("Host")));
        if (d != null) {
            h.put(DISPOSITION, d);
        }
        return h;
    }

    /** Sets the headers on a servlet response whose Content-Type (and disposition, if any) are already set. */
    public void apply(HttpServletRequest request, HttpServletResponse response) {
        of(request, response.getContentType(), response.getHeader(DISPOSITION)).forEach(response::setHeader);
    }
}
