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
    @ConfigProperty(name = "cess.public.url")
    Optional<String> publicUrl;

    @Inject
    @ConfigProperty(name = "cess.broker.listen")
    Optional<String> brokerListen;

    @Inject
    @ConfigProperty(name = "cess.broker.url")
    Optional<String> brokerUrl;

    @Inject
    @ConfigProperty(name = "cess.broker.user")
    Optional<String> brokerUser;

    @Inject
    @ConfigProperty(name = "cess.broker.password")
    Optional<String> brokerPassword;

    @Inject
    @ConfigProperty(name = "cess.broker.password-file")
    Optional<String> brokerPasswordFile;

    @Inject
    @ConfigProperty(name = "cess.broker.users")
    Optional<String> brokerUsers;

    @Inject
    @ConfigProperty(name = "cess.broker.admins")
    Optional<String> brokerAdmins;

    @Inject
    @ConfigProperty(name = "cess.broker.tls.key-store")
    Optional<String> brokerKeyStore;

    @Inject
    @ConfigProperty(name = "cess.broker.tls.key-store-password")
    Optional<String> brokerKeyStorePassword;

    @Inject
    @ConfigProperty(name = "cess.broker.tls.trust-store")
    Optional<String> brokerTrustStore;

    @Inject
    @ConfigProperty(name = "cess.broker.tls.trust-store-password")
    Optional<String> brokerTrustStorePassword;

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
    @ConfigProperty(name = "cess.api.max-batch-bytes")
    int maxBatchBytes;

    @Inject
    @ConfigProperty(name = "cess.mempool.max")
    int mempoolMax;

    @Inject
    @ConfigProperty(name = "cess.miners")
    String miners;

    @Inject
    @ConfigProperty(name = "cess.segment.bytes")
    int segmentBytes;

    @Inject
    @ConfigProperty(name = "cess.erasure.data")
    int erasureData;

    @Inject
    @ConfigProperty(name = "cess.erasure.parity")
    int erasureParity;

    @Inject
    @ConfigProperty(name = "cess.fragment.timeout-ms")
    int fragmentTimeoutMillis;

    @Inject
    @ConfigProperty(name = "cess.miner.backoff-ms", defaultValue = "30000")
    long minerBackoffMillis;

    @Inject
    @ConfigProperty(name = "cess.fragment.threads")
    int fragmentThreads;

    @Inject
    @ConfigProperty(name = "cess.bft.propose-ms")
    long bftProposeMillis;

    @Inject
    @ConfigProperty(name = "cess.bft.prevote-ms")
    long bftPrevoteMillis;

    @Inject
    @ConfigProperty(name = "cess.bft.precommit-ms")
    long bftPrecommitMillis;

    @Inject
    @ConfigProperty(name = "cess.bft.increment-ms")
    long bftIncrementMillis;

    private java.util.List<KeyPair> resolvedMiners;

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

    /**
     * The keys of the storage miners this node hosts (role storage): {@code cess.miners} is
     * either a count N, meaning the dev keys {@code //Miner1..//MinerN}, or a comma-separated
     * list of key specs (dev names or key files).
     */
    public synchronized java.util.List<KeyPair> minerKeys() {
        if (resolvedMiners == null) {
            String spec = miners.trim();
            if (spec.matches("\\d+")) {
                int n = Integer.parseInt(spec);
                resolvedMiners = java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> KeyPair.dev("//Miner" + i)).toList();
            } else {
                resolvedMiners = Arrays.stream(spec.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .map(KeyFile::resolve).toList();
            }
        }
        return resolvedMiners;
    }

    /** Bytes of an object per segment (the last segment of an object may be shorter). */
    public int segmentBytes() {
        return segmentBytes;
    }

    public int erasureData() {
        return erasureData;
    }

    public int erasureParity() {
        return erasureParity;
    }

    /** How long a gateway waits for one fragment from a miner before trying another. */
    public int fragmentTimeoutMillis() {
        return fragmentTimeoutMillis;
    }

    /** How long a gateway leaves a miner out after its first failure (doubling with each further one, to 20 times). */
    public long minerBackoffMillis() {
        return minerBackoffMillis;
    }

    /** Threads moving fragments between gateway and miners. */
    public int fragmentThreads() {
        return fragmentThreads;
    }

    /** The BFT round timeouts of this validator (a local setting, like Tendermint's timeouts). */
    public cess.consensus.model.BftParams bftParams() {
        return new cess.consensus.model.BftParams(bftProposeMillis, bftPrevoteMillis, bftPrecommitMillis,
                bftIncrementMillis);
    }

    public Set<Role> roles() {
        return parseRoles(roles);
    }

    /**
     * The roles of a comma-separated list such as {@code gateway,consensus} (any case).
     *
     * @throws IllegalArgumentException naming a word that is no role
     */
    public static Set<Role> parseRoles(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Role.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Role.class)));
    }

    /** The JDBC URL: {@code cess.db.url}, or an H2 file database under the data directory. */
    public String dbUrl() {
        return dbUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir().resolve("db").resolve("chain"));
    }

    /** {@code host:port} on which the embedded broker also accepts other nodes (TCP), if set. */
    public Optional<String> brokerListen() {
        return brokerListen.filter(u -> !u.isBlank()).map(String::trim);
    }

    /** The broker (or Artemis cluster) this node joins instead of embedding its own, if set. */
    public Optional<String> brokerUrl() {
        return brokerUrl.filter(u -> !u.isBlank()).map(String::trim);
    }

    /** The user this node logs in to a joined broker as: {@code cess.broker.user}, or its account. */
    public String brokerUser() {
        return brokerUser.filter(u -> !u.isBlank()).map(String::trim).orElseGet(() -> nodeKey().address().ss58());
    }

    /**
     * The password this node logs in to a joined broker with: {@code cess.broker.password}, or the
     * first line of the file {@code cess.broker.password-file} (as {@code genesis} writes it).
     */
    public synchronized Optional<String> brokerPassword() {
        if (brokerPassword.filter(p -> !p.isEmpty()).isPresent()) {
            return brokerPassword;
        }
        return brokerPasswordFile.filter(f -> !f.isBlank()).map(f -> {
            try {
                return java.nio.file.Files.readAllLines(Path.of(f.trim())).stream().findFirst().orElse("").trim();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read cess.broker.password-file " + f + ": " + e.getMessage(), e);
            }
        });
    }

    /** The users file of the embedded broker's TCP acceptor ({@code cess.broker.users}), if set. */
    public Optional<Path> brokerUsers() {
        return brokerUsers.filter(u -> !u.isBlank()).map(u -> Path.of(u.trim()));
    }

    /** The users of that file who are the broker's admins rather than nodes ({@code cess.broker.admins}). */
    public Set<String> brokerAdmins() {
        return brokerAdmins.map(a -> Arrays.stream(a.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new))).orElseGet(TreeSet::new);
    }

    /** The key store (and its password) that puts the embedded broker's TCP acceptor on TLS, if set. */
    public Optional<Path> brokerKeyStore() {
        return brokerKeyStore.filter(u -> !u.isBlank()).map(u -> Path.of(u.trim()).toAbsolutePath());
    }

    public String brokerKeyStorePassword() {
        return brokerKeyStorePassword.orElse("");
    }

    /** The trust store (and its password) with which this node joins a broker over TLS, if set. */
    public Optional<Path> brokerTrustStore() {
        return brokerTrustStore.filter(u -> !u.isBlank()).map(u -> Path.of(u.trim()).toAbsolutePath());
    }

    public String brokerTrustStorePassword() {
        return brokerTrustStorePassword.orElse("");
    }

    /** The URL at which other nodes reach this one (its hosted miners' and its gateway's endpoint on chain), if set. */
    public Optional<String> publicUrl() {
        return publicUrl.filter(u -> !u.isBlank()).map(String::trim);
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

    /** Largest body of a batch of transactions ({@code POST /api/transactions/batch}). */
    public int maxBatchBytes() {
        return maxBatchBytes;
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
