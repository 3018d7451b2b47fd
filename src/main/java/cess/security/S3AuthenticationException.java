package cess.security;

import org.apache.shiro.authc.AuthenticationException;

/** A refused S3 signature, with the S3 error code and status to answer. */
public class S3AuthenticationException extends AuthenticationException {
    private final String code;
    private final int status;

    public S3AuthenticationException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
