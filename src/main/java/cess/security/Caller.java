package cess.security;

import cess.shared.Address;
import java.util.Optional;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.UnavailableSecurityManagerException;

/** The chain account that signed the current request, if any. */
public final class Caller {
    private Caller() {
    }

    public static Optional<Address> account() {
        try {
            Object p = SecurityUtils.getSubject().getPrincipal();
            return p instanceof Address a ? Optional.of(a) : Optional.empty();
        } catch (UnavailableSecurityManagerException e) {
            return Optional.empty();
        }
    }

    /** The verified Signature V4 signing key of the current S3 request, if it was signed with one. */
    public static Optional<byte[]> signingKey() {
        try {
            var principals = SecurityUtils.getSubject().getPrincipals();
            SigningKey k = principals == null ? null : principals.oneByType(SigningKey.class);
            return Optional.ofNullable(k).map(SigningKey::key);
        } catch (UnavailableSecurityManagerException e) {
            return Optional.empty();
        }
    }
}
