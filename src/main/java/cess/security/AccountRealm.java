package cess.security;

import cess.gateway.model.SignedRequest;
import cess.shared.Address;
import cess.shared.KeyPair;
import cess.shared.Signature;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Authenticates chain accounts by their request signature ({@link SignedRequest}): the
 * signature must verify under the account's key for this method, path and expiry, and the
 * expiry must lie in the next hour. The principal is the account's {@link Address}.
 */
public class AccountRealm extends AuthorizingRealm {
    public AccountRealm() {
        setName("cess-accounts");
        // The signature is the credential and is checked while building the info below.
        setCredentialsMatcher(new AllowAllCredentialsMatcher());
        setAuthenticationCachingEnabled(false);
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof SignedRequestToken;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        SignedRequestToken t = (SignedRequestToken) token;
        Address account;
        try {
            account = Address.parse(t.account());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("header Account is not a valid address: " + e.getMessage());
        }
        long expires;
        try {
            expires = Long.parseLong(t.message().trim());
        } catch (NumberFormatException e) {
            throw new AuthenticationException("header Message must be the expiry time in Unix seconds");
        }
        if (expires <= t.nowSeconds()) {
            throw new AuthenticationException("the signed request expired at " + expires + " (now " + t.nowSeconds() + ")");
        }
        if (expires > t.nowSeconds() + SignedRequest.MAX_VALIDITY_SECONDS) {
            throw new AuthenticationException("the expiry lies more than " + SignedRequest.MAX_VALIDITY_SECONDS
                    + " s in the future");
        }
        Signature sig;
        try {
            sig = Signature.parse(t.signature().trim());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("header Signature must be 64 bytes of hex: " + e.getMessage());
        }
        if (!KeyPair.verify(account, SignedRequest.payload(t.method(), t.path(), t.message().trim()), sig)) {
            throw new AuthenticationException("the signature does not verify for " + account + " over "
                    + t.method() + " " + t.path() + " and expiry " + t.message().trim());
        }
        return new SimpleAuthenticationInfo(account, t.signature(), getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        return new SimpleAuthorizationInfo(java.util.Set.of("account"));
    }
}
