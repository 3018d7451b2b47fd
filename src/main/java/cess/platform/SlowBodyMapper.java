package cess.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A body that came too slowly ({@link SlowBodyException}, thrown by a resource as it reads):
 * 408 {@code body_too_slow}, logged without a stack trace (the client's doing, and an attacker
 * must not be able to fill the log). The connection is closed ({@link RatedInputStream}).
 */
@Provider
public class SlowBodyMapper implements ExceptionMapper<SlowBodyException> {
    private static final Logger LOG = Logger.getLogger(SlowBodyMapper.class.getName());

    @Override
    public Response toResponse(SlowBodyException e) {
        return answer(e);
    }

    static Response answer(Throwable e) {
        LOG.log(Level.FINE, "slow request body cut: {0}", e.getMessage());
        return ApiExceptionMapper.error(408, "body_too_slow", "the request body arrived too slowly; the node stopped reading it");
    }
}
