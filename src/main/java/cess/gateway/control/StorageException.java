package cess.gateway.control;

/**
 * A storage request the gateway refuses or cannot complete, with a kind each API maps to its own
 * status and error code (JSON for the native API, S3's XML codes for the S3 API).
 */
public class StorageException extends RuntimeException {
    /** What went wrong, independent of the API. */
    public enum Kind {
        BAD_REQUEST(400), FORBIDDEN(403), NO_SUCH_BUCKET(404), NO_SUCH_KEY(404), NO_SUCH_FILE(404),
        BUCKET_EXISTS(409), BUCKET_TAKEN(409), BUCKET_NOT_EMPTY(409), NO_TERRITORY(422), TERRITORY_FULL(422),
        KEY_REQUIRED(400), WRONG_KEY(403), INVALID_RANGE(416), TOO_LARGE(413), CONFLICT(409), BAD_DIGEST(400),
        NO_SUCH_UPLOAD(404), INVALID_PART(400), INVALID_PART_ORDER(400), ENTITY_TOO_SMALL(400),
        UNAVAILABLE(503), INTERNAL(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The lower-case code used by the native API, e.g. {@code no_such_bucket}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
