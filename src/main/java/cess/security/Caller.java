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
}
