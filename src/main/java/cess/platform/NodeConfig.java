package cess.platform;

import cess.ledger.wire.KeyFile;
import cess.shared.KeyPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's settings, read once from MicroProfile Config (system properties, environment
 * variables, then the defaults in {@code META-INF/microprofile-config.properties}).
 */
@ApplicationScoped
public class NodeConfig {
    /** The roles a node can play. */
    public enum Role { GATEWAY, STORAGE, CONSENSUS }

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "credential", "token");

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "cess.data.dir")
    String dataDir;

    @Inject
    @ConfigProperty(name = "cess.genesis")
    String genesis;

    @Inject
    @ConfigProperty(name = "cess.node.key")
    String nodeKey;

    private KeyPair resolvedKey;

    @Inject
    @ConfigProperty(name = "cess.roles")
    String roles;

    @Inject
    @ConfigProperty(name = "cess.db.url")
    Optional<String> dbUrl;

    @Inject
    @ConfigProperty(name = "cess.db.user", defaultValue = "cess")
    String dbUser;

    @Inject
    @ConfigProperty(name = "cess.db.password")
    Optional<String> dbPassword;

    @Inject
    @ConfigProperty(name = "cess.api.max-body-bytes")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "cess.mempool.max")
    int mempoolMax;

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public String genesis() {
        return genesis;
    }

    /** The node's account key, resolved (and its file read) once. */
    public synchronized KeyPair nodeKey() {
        if (resolvedKey == null) {
            resolvedKey = KeyFile.resolve(nodeKey);
        }
        return resolvedKey;
    }

    public Set<Role> roles() {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Role.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Role.class)));
    }

    /** The JDBC URL: {@code cess.db.url}, or an H2 file database under the data directory. */
    public String dbUrl() {
        return dbUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir().resolve("db").resolve("chain"));
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword.orElse("");
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int mempoolMax() {
        return mempoolMax;
    }

    /** Every {@code cess.*} setting in effect, secrets masked, for the admin API. */
    public Map<String, String> effective() {
        Map<String, String> out = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        config.getPropertyNames().forEach(n -> {
            if (n.startsWith("cess.")) {
                names.add(n);
            }
        });
        names.add("cess.db.url");
        for (String n : names) {
            String v = "cess.db.url".equals(n) ? dbUrl() : config.getOptionalValue(n, String.class).orElse("");
            out.put(n, isSecret(n) ? "****" : v);
        }
        return out;
    }

    static boolean isSecret(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
