package cess.security;

import cess.gateway.control.AccessKeys;
import cess.gateway.model.SigV4;
import jakarta.enterprise.inject.spi.CDI;
import java.util.List;
import java.util.Set;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.apache.shiro.subject.SimplePrincipalCollection;

/**
 * Authenticates S3 requests by AWS Signature V4: the access key must exist on this gateway, and
 * the claimed signature must be the HMAC of the string to sign under the key's secret. The
 * principals are the key's account ({@link cess.shared.Address}, primary) and the
 * {@link SigningKey} for chunk signatures.
 */
public class AccessKeyRealm extends AuthorizingRealm {
    public AccessKeyRealm() {
        setName("cess-s3-keys");
        // The signature is the credential and is checked while building the info below.
        setCredentialsMatcher(new AllowAllCredentialsMatcher());
        setAuthenticationCachingEnabled(false);
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof SigV4Token;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        SigV4Token t = (SigV4Token) token;
        SigV4.Claim c = t.claim();
        AccessKeys keys = CDI.current().select(AccessKeys.class).get();
        AccessKeys.Secret secret = keys.find(c.accessKey()).orElseThrow(() -> new S3AuthenticationException(403,
                "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records: " + c.accessKey()));
        byte[] signingKey = SigV4.signingKey(secret.secret(), c.scope());
        String expected = SigV4.sign(signingKey, t.stringToSign());
        if (!SigV4.same(expected, c.signature())) {
            throw new S3AuthenticationException(403, "SignatureDoesNotMatch", "The request signature we calculated does not "
                    + "match the signature you provided. Check your key and signing method.");
        }
        SimplePrincipalCollection principals = new SimplePrincipalCollection(List.of(secret.account(),
                new SigningKey(signingKey, c.accessKey())), getName());
        return new SimpleAuthenticationInfo(principals, c.signature());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        return new SimpleAuthorizationInfo(Set.of("account"));
    }
}
