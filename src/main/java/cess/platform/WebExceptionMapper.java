package cess.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * JAX-RS's own refusals (no such path, method not allowed, unsupported media type…) as JSON
 * errors, keeping their status and headers such as {@code Allow}.
 */
@Provider
public class WebExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.StatusType type = original.getStatusInfo();
        String code = type.getReasonPhrase() == null ? "http_" + status
                : type.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
        String message = e.getMessage() != null ? e.getMessage() : type.getReasonPhrase();
        Response.ResponseBuilder b = Response.fromResponse(ApiExceptionMapper.error(status, code, message));
        original.getHeaders().forEach((k, v) -> {
            if (!"Content-Type".equalsIgnoreCase(k)) {
                v.forEach(x -> b.header(k, x));
            }
        });
        return b.build();
    }
}
