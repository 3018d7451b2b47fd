package cess.security;

import org.apache.shiro.authc.AuthenticationException;

/** A refused native request signature, with the HTTP status and JSON error code to answer. */
public class SignedRequestRefused extends AuthenticationException {
    private final int status;
    private final String code;

    public SignedRequestRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** An invalid, expired or forged signature: 401 {@code unauthorized}. */
    public static SignedRequestRefused unauthorized(String message) {
        return new SignedRequestRefused(401, "unauthorized", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
