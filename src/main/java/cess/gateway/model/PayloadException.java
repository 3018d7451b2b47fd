package cess.gateway.model;

import java.io.IOException;

/**
 * A request body that fails its own framing or integrity checks (a chunk signature, a declared
 * SHA-256 or checksum, a truncated {@code aws-chunked} frame), with the S3 error code to answer.
 * An {@link IOException} so that it aborts whatever is reading the body, which then stores nothing.
 */
public class PayloadException extends IOException {
    private final String code;

    public PayloadException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
