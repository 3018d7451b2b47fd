package cess.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Any other failure (JAX-RS picks the more specific mappers for {@link ApiException} and
 * {@code WebApplicationException}): a bug or an outage, logged in full with an incident id, answered with a 500 that carries only
 * the id (no stack trace or internal detail leaves the node).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        if (SlowBodyException.in(e)) {
            return SlowBodyMapper.answer(e);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, incident " + incident, e);
        return ApiExceptionMapper.error(500, "internal_error", "internal error; incident " + incident);
    }
}
