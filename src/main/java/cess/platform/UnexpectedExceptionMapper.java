package cess.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bug or an outage: logged in full with an incident id, answered with a 500 that carries only
 * the id (no stack trace or internal detail leaves the node).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        if (e instanceof ApiException api) {
            return new ApiExceptionMapper().toResponse(api);
        }
        if (e instanceof jakarta.ws.rs.WebApplicationException web) {
            return new WebExceptionMapper().toResponse(web);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, incident " + incident, e);
        return ApiExceptionMapper.error(500, "internal_error", "internal error; incident " + incident);
    }
}
