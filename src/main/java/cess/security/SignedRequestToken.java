package cess.security;

import org.apache.shiro.authc.AuthenticationToken;

/**
 * A native API request signature as the request carries it, with what of the request it must
 * cover ({@link cess.gateway.model.SignedRequest}). {@code presigned}: the signature came in the
 * query of a presigned link ({@code nonce} and {@code bodySha256} are then empty). Values are as
 * sent (trimmed); an absent header is {@code null}. Immutable.
 */
public record SignedRequestToken(boolean presigned, String account, String expires, String nonce, String bodySha256,
                                 String signature, String method, String host, String rawPath, String rawQuery,
                                 long nowSeconds) implements AuthenticationToken {
    @Override
    public Object getPrincipal() {
        return account;
    }

    @Override
    public Object getCredentials() {
        return signature;
    }
}
