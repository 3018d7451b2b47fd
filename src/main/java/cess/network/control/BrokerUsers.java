package cess.network.control;

import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.security.User;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * The broker's security manager over a fixed set of users: a login is checked against the stored
 * password as Artemis checks a users file (plain text, or an {@code ENC(…)} one-way hash, with
 * Artemis's own {@link User#isValid}); an authenticated user's subject carries its roles, and an
 * operation is allowed when one of them holds the permission the address's settings require.
 * Artemis's {@code InVMLoginModule} compares plain text only, and its basic manager is deprecated.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class BrokerUsers implements ActiveMQSecurityManager5 {
    private final Map<String, User> users;
    private final Map<String, Set<String>> roles;

    BrokerUsers(Map<String, String> passwords, Map<String, Set<String>> roles) {
        this.users = Map.copyOf(passwords.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new User(e.getKey(), e.getValue()))));
        this.roles = Map.copyOf(roles);
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        User u = user == null ? null : users.get(user);
        if (u == null || password == null || !u.isValid(user, password)) {
            return null;
        }
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        roles.getOrDefault(user, Set.of()).forEach(r -> s.getPrincipals().add(new RolePrincipal(r)));
        return s;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> granted, CheckType checkType, String address) {
        if (subject == null || granted == null) {
            return false;
        }
        Set<String> held = new java.util.HashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(p -> held.add(p.getName()));
        return granted.stream().anyMatch(r -> held.contains(r.getName()) && checkType.hasRole(r));
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> granted, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), granted, checkType, null);
    }
}
