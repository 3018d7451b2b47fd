package cess.gateway.boundary;

/** An S3 API refusal with its HTTP status and S3 error code. */
final class S3Error extends RuntimeException {
    final int status;
    final String code;

    S3Error(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
