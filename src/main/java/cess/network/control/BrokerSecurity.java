package cess.network.control;

import cess.network.model.BrokerAccess;
import cess.network.model.BrokerAccess.Permission;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * The security of a broker the nodes share: its users (from a users file in Artemis's own format,
 * {@code user = password} or {@code user = ENC(hash)}, as {@code genesis} writes it), their roles
 * (a node user is its account and holds {@link BrokerAccess#NODE_ROLE} and its account's role;
 * an admin holds {@link BrokerAccess#ADMIN_ROLE}), and the per-address settings of
 * {@link BrokerAccess#settings}. Used by the node that embeds the broker and by the tests' broker
 * process alike.
 *
 * <p>Not thread-safe while being built; {@link #applyTo} and {@link #securityManager} hand
 * Artemis what it then owns.
 */
public final class BrokerSecurity {
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, Set<String>> roles = new LinkedHashMap<>();
    private final SortedSet<String> nodeAccounts = new TreeSet<>();

    /** A broker that knows no user yet: nothing can log in. */
    public BrokerSecurity() {
    }

    /**
     * Reads {@code usersFile}: every user is a node account, unless named in {@code admins}.
     *
     * @throws IllegalArgumentException naming the file and the user, for a user that is neither
     */
    public static BrokerSecurity fromUsersFile(Path usersFile, Set<String> admins) throws IOException {
        Properties users = new Properties();
        try (Reader r = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
            users.load(r);
        }
        BrokerSecurity s = new BrokerSecurity();
        Set<String> missing = new HashSet<>(admins);
        for (String user : new TreeSet<>(users.stringPropertyNames())) {
            String password = users.getProperty(user).trim();
            if (admins.contains(user)) {
                s.addAdmin(user, password);
                missing.remove(user);
            } else {
                try {
                    s.addNode(user, password);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(usersFile + ": " + e.getMessage()
                            + " (or name it in cess.broker.admins)", e);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(usersFile + " has no user " + missing + " named in cess.broker.admins");
        }
        return s;
    }

    /** Lets the node of {@code account} log in with {@code password} (plain, or a users-file hash). */
    public BrokerSecurity addNode(String account, String password) {
        return addNode(account, account, password);
    }

    /**
     * Lets {@code user} log in with {@code password} and act as the node of {@code account}: how
     * the node that embeds the broker connects to it in-VM, under a name of its own.
     */
    public BrokerSecurity addNode(String user, String account, String password) {
        String checked = BrokerAccess.checkedAccount(account);
        passwords.put(user, password);
        roles.put(user, Set.of(BrokerAccess.NODE_ROLE, checked));
        nodeAccounts.add(checked);
        return this;
    }

    /** Lets {@code user} log in with {@code password} and do anything, management included. */
    public BrokerSecurity addAdmin(String user, String password) {
        passwords.put(user, password);
        roles.put(user, Set.of(BrokerAccess.ADMIN_ROLE));
        return this;
    }

    /** The accounts whose nodes may log in. */
    public Set<String> nodeAccounts() {
        return java.util.Collections.unmodifiableSortedSet(nodeAccounts);
    }

    /**
     * Turns security on in {@code c}, with the settings of {@link BrokerAccess#settings} for the
     * known accounts, and declares the topics (multicast) so that no node has to create them.
     */
    public void applyTo(Configuration c) {
        c.setSecurityEnabled(true);
        BrokerAccess.settings(nodeAccounts).forEach((match, grants) -> c.putSecurityRoles(match, artemisRoles(grants)));
        for (String topic : BrokerAccess.TOPICS) {
            c.addAddressConfiguration(new CoreAddressConfiguration().setName(topic).addRoutingType(RoutingType.MULTICAST));
        }
    }

    /** The security manager that checks these users' passwords and gives them their roles. */
    public ActiveMQSecurityManager securityManager() {
        return new BrokerUsers(passwords, roles);
    }

    /** One Artemis role per role name, holding the permissions granted to it. */
    private static Set<Role> artemisRoles(Map<Permission, SortedSet<String>> grants) {
        Set<String> names = new TreeSet<>();
        grants.values().forEach(names::addAll);
        Set<Role> out = new HashSet<>();
        for (String n : names) {
            java.util.function.Predicate<Permission> has = p -> grants.getOrDefault(p, new TreeSet<>()).contains(n);
            boolean admin = BrokerAccess.ADMIN_ROLE.equals(n);
            out.add(new Role(n, has.test(Permission.SEND), has.test(Permission.CONSUME),
                    has.test(Permission.CREATE_DURABLE_QUEUE), has.test(Permission.DELETE_DURABLE_QUEUE),
                    has.test(Permission.CREATE_NON_DURABLE_QUEUE), has.test(Permission.DELETE_NON_DURABLE_QUEUE),
                    has.test(Permission.MANAGE), has.test(Permission.BROWSE), has.test(Permission.CREATE_ADDRESS),
                    has.test(Permission.DELETE_ADDRESS), admin, admin));
        }
        return out;
    }
}
