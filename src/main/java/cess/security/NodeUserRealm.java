package cess.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The node's operator users: {@code admin} (roles admin, viewer) and {@code viewer} (role
 * viewer), with passwords from {@code cess.admin.password} and {@code cess.viewer.password}.
 * Passwords are compared in constant time. The devnet defaults are logged as a warning.
 */
public class NodeUserRealm extends AuthorizingRealm {
    private static final Logger LOG = Logger.getLogger(NodeUserRealm.class.getName());
    private static final Map<String, Set<String>> ROLES = Map.of(
            "admin", Set.of("admin", "viewer"),
            "viewer", Set.of("viewer"));

    public NodeUserRealm() {
        setName("cess-node");
        setCredentialsMatcher((token, info) -> MessageDigest.isEqual(
                bytes(((UsernamePasswordToken) token).getPassword()), bytes((char[]) info.getCredentials())));
        Config c = ConfigProvider.getConfig();
        if (c.getValue("cess.admin.password", String.class).startsWith("cess-devnet-")) {
            LOG.warning("the admin password is the documented devnet default: set cess.admin.password for any real network");
        }
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof UsernamePasswordToken;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        String user = ((UsernamePasswordToken) token).getUsername();
        if (user == null || !ROLES.containsKey(user)) {
            throw new AuthenticationException("unknown user");
        }
        String password = ConfigProvider.getConfig().getValue("cess." + user + ".password", String.class);
        return new SimpleAuthenticationInfo(user, password.toCharArray(), getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        String user = (String) principals.getPrimaryPrincipal();
        return new SimpleAuthorizationInfo(ROLES.getOrDefault(user, Set.of()));
    }

    private static byte[] bytes(char[] chars) {
        return new String(chars).getBytes(StandardCharsets.UTF_8);
    }
}
