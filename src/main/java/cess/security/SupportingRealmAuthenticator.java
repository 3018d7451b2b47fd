package cess.security;

import java.util.List;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.pam.ModularRealmAuthenticator;
import org.apache.shiro.realm.Realm;

/**
 * Authenticates with the one realm that supports the token, so that its reason for refusing
 * (an expired or forged signature, say) reaches the client instead of Shiro's generic
 * multi-realm message. Each token type here has exactly one realm.
 */
public class SupportingRealmAuthenticator extends ModularRealmAuthenticator {
    @Override
    protected AuthenticationInfo doAuthenticate(AuthenticationToken token) throws AuthenticationException {
        assertRealmsConfigured();
        List<Realm> supporting = getRealms().stream().filter(r -> r.supports(token)).toList();
        if (supporting.size() == 1) {
            return doSingleRealmAuthentication(supporting.get(0), token);
        }
        return super.doAuthenticate(token);
    }
}
