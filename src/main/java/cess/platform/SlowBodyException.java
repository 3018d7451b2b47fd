package cess.platform;

import java.io.IOException;

/**
 * A request body that arrived more slowly than the node's minimum rate (see
 * {@link cess.platform.model.BodyRules}): the node stopped reading it. An {@link IOException}
 * because it ends a read, as a broken connection would; the error mappers answer it with 408
 * and no stack trace, since it is the client's doing, not a fault of the node.
 */
public final class SlowBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    SlowBodyException(String message) {
        super(message);
    }

    /** Whether {@code e} or one of its causes is a {@link SlowBodyException}. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SlowBodyException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
