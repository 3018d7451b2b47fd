package cess.security;

import org.apache.shiro.authc.AuthenticationToken;

/** The native API's signature headers with the method and path they must cover. */
public record SignedRequestToken(String account, String message, String signature, String method, String path,
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
