package cess.gateway.boundary;

import cess.gateway.control.StorageException;
import cess.gateway.wire.S3Xml;

/** An S3 API refusal with its HTTP status and S3 error code. */
final class S3Error extends RuntimeException {
    final int status;
    final String code;

    S3Error(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** Parses a request body held in memory; anything but a well-formed {@code root} document is MalformedXML. */
    static S3Xml.Node parseXml(byte[] body, String root) {
        try {
            return S3Xml.parse(new java.io.ByteArrayInputStream(body), root);
        } catch (IllegalArgumentException e) {
            throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate: "
                    + e.getMessage());
        }
    }

    /** S3's status and code for a gateway refusal, with its message. */
    static S3Error of(StorageException e) {
        return switch (e.kind()) {
            case BAD_REQUEST -> new S3Error(400, "InvalidArgument", e.getMessage());
            case FORBIDDEN, WRONG_KEY -> new S3Error(403, "AccessDenied", e.getMessage());
            case NO_SUCH_BUCKET -> new S3Error(404, "NoSuchBucket", e.getMessage());
            case NO_SUCH_KEY, NO_SUCH_FILE -> new S3Error(404, "NoSuchKey", e.getMessage());
            case BUCKET_EXISTS -> new S3Error(409, "BucketAlreadyOwnedByYou", e.getMessage());
            case BUCKET_TAKEN -> new S3Error(409, "BucketAlreadyExists", "The requested bucket name is not available. "
                    + "The bucket namespace is shared by all accounts: " + e.getMessage());
            case BUCKET_NOT_EMPTY -> new S3Error(409, "BucketNotEmpty", e.getMessage());
            case NO_TERRITORY -> new S3Error(403, "NoTerritory", e.getMessage());
            case TERRITORY_FULL -> new S3Error(403, "TerritoryFull", e.getMessage());
            case KEY_REQUIRED -> new S3Error(400, "InvalidRequest", e.getMessage());
            case INVALID_RANGE -> new S3Error(416, "InvalidRange", e.getMessage());
            case TOO_LARGE -> new S3Error(400, "EntityTooLarge", e.getMessage());
            case CONFLICT -> new S3Error(409, "OperationAborted", e.getMessage());
            case BAD_DIGEST -> new S3Error(400, "BadDigest", e.getMessage());
            case NO_SUCH_UPLOAD -> new S3Error(404, "NoSuchUpload", e.getMessage());
            case INVALID_PART -> new S3Error(400, "InvalidPart", e.getMessage());
            case INVALID_PART_ORDER -> new S3Error(400, "InvalidPartOrder", e.getMessage());
            case ENTITY_TOO_SMALL -> new S3Error(400, "EntityTooSmall", e.getMessage());
            case UNAVAILABLE -> new S3Error(503, "ServiceUnavailable", e.getMessage());
            case INTERNAL -> new S3Error(500, "InternalError", e.getMessage());
        };
    }
}
