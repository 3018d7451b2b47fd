package cess.security;

import cess.gateway.model.SigV4;
import org.apache.shiro.authc.AuthenticationToken;

/**
 * An S3 request's Signature V4 claim with the canonical request and string to sign the server
 * computed from the request as received; the realm checks the claimed signature against it.
 * {@code payloadHash} is the SHA-256 (or UNSIGNED-PAYLOAD / STREAMING-* mode) the body must match.
 */
public record SigV4Token(SigV4.Claim claim, String canonicalRequest, String stringToSign, String payloadHash) implements AuthenticationToken {
    @Override
    public Object getPrincipal() {
        return claim.accessKey();
    }

    @Override
    public Object getCredentials() {
        return claim.signature();
    }
}
