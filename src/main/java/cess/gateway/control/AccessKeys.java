package cess.gateway.control;

import cess.gateway.entity.AccessKeyEntity;
import cess.gateway.model.SegmentCipher;
import cess.platform.Database;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * S3 access keys of this gateway, each bound to one account: created and revoked by the account
 * through the signed native API, looked up by the SigV4 realm. Secrets are generated here, shown
 * once at creation, and stored sealed (AES-256-GCM under a key derived from the node's key).
 *
 * <p>Static keys come from configuration ({@code cess.s3.static-keys}, {@code id:secret:account}
 * comma-separated) and cannot be revoked through the API. On the devnet genesis the documented
 * key {@code devnet}/{@code devnet-secret} is bound to {@code //Alice}.
 */
@ApplicationScoped
public class AccessKeys {
    private static final Logger LOG = Logger.getLogger(AccessKeys.class.getName());
    /** Most keys one account may hold on this gateway. */
    public static final int MAX_PER_ACCOUNT = 100;
    static final String DEVNET_KEY = "devnet:devnet-secret://Alice";

    /** A key as the realm needs it. */
    public record Secret(String accessKey, Address account, String secret) {
    }

    /** A key as its owner sees it in a listing (never the secret). */
    public record KeyInfo(String accessKey, Address account, long createdMillis, boolean fromConfig) {
    }

    @Inject
    Database db;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "cess.s3.static-keys")
    Optional<String> staticKeys;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Secret> fromConfig = new LinkedHashMap<>();
    private final Map<String, Secret> cache = new ConcurrentHashMap<>();

    @PostConstruct
    void load() {
        List<String> specs = new ArrayList<>();
        if ("devnet".equals(config.genesis())) {
            specs.add(DEVNET_KEY);
            LOG.warning("S3 access key 'devnet' (secret 'devnet-secret', bound to //Alice) is active: devnet only");
        }
        staticKeys.ifPresent(s -> specs.addAll(List.of(s.split(","))));
        for (String spec : specs) {
            String[] p = spec.trim().split(":", 3);
            if (p.length != 3 || p[0].isBlank() || p[1].length() < 8) {
                throw new IllegalArgumentException("cess.s3.static-keys: each key is id:secret:account with a secret"
                        + " of at least 8 characters");
            }
            Address account = p[2].startsWith("//") ? KeyPair.dev(p[2]).address() : Address.parse(p[2]);
            fromConfig.put(p[0], new Secret(p[0], account, p[1]));
        }
    }

    /** The key {@code accessKey}, if it exists and is not revoked. */
    public Optional<Secret> find(String accessKey) {
        Secret s = fromConfig.get(accessKey);
        if (s != null) {
            return Optional.of(s);
        }
        if (accessKey.length() > 64) {
            return Optional.empty();
        }
        Secret cached = cache.get(accessKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Only keys that exist are cached: unknown ids, which anyone can send, must not grow the cache.
        Optional<Secret> found = db.read(em -> Optional.ofNullable(em.find(AccessKeyEntity.class, accessKey)))
                .map(e -> new Secret(e.accessKey(), Address.parse(e.account()), unseal(e.accessKey(), e.sealedSecret())));
        found.ifPresent(f -> cache.put(accessKey, f));
        return found;
    }

    /** Creates a key for {@code account}: the only time its secret is returned. */
    public Secret create(Address account) {
        String id = "CESS" + randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        String secret = randomText(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        // The database is an EJB: a refusal is returned out of the transaction, not thrown (it would come back wrapped).
        boolean created = db.inTransaction(em -> {
            long held = em.createNamedQuery("AccessKey.byAccount", AccessKeyEntity.class)
                    .setParameter("account", account.ss58()).getResultList().size();
            if (held >= MAX_PER_ACCOUNT) {
                return false;
            }
            em.persist(new AccessKeyEntity(id, account.ss58(), seal(id, secret), clock.millis()));
            return true;
        });
        if (!created) {
            throw new StorageException(StorageException.Kind.CONFLICT, "account " + account + " already holds "
                    + MAX_PER_ACCOUNT + " access keys on this gateway: revoke one first");
        }
        return new Secret(id, account, secret);
    }

    /** The keys bound to {@code account}, oldest first. */
    public List<KeyInfo> list(Address account) {
        List<KeyInfo> out = new ArrayList<>();
        fromConfig.values().stream().filter(s -> s.account().equals(account))
                .forEach(s -> out.add(new KeyInfo(s.accessKey(), account, 0, true)));
        db.read(em -> em.createNamedQuery("AccessKey.byAccount", AccessKeyEntity.class)
                .setParameter("account", account.ss58()).getResultList())
                .forEach(e -> out.add(new KeyInfo(e.accessKey(), account, e.createdMillis(), false)));
        return out;
    }

    /** Revokes one of {@code account}'s keys; from the next request on it no longer signs. */
    public void revoke(Address account, String accessKey) {
        if (fromConfig.containsKey(accessKey)) {
            throw new StorageException(StorageException.Kind.CONFLICT, "access key '" + accessKey
                    + "' comes from the node's configuration (cess.s3.static-keys) and is revoked there");
        }
        boolean removed = db.inTransaction(em -> {
            AccessKeyEntity e = accessKey.length() > 64 ? null : em.find(AccessKeyEntity.class, accessKey);
            if (e == null || !e.account().equals(account.ss58())) {
                return false;
            }
            em.remove(e);
            return true;
        });
        if (!removed) {
            throw new StorageException(StorageException.Kind.NO_SUCH_KEY, "account " + account
                    + " has no access key '" + accessKey + "'");
        }
        cache.remove(accessKey);
    }

    private String randomText(int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The key that seals secrets at rest: derived from the node's key, bound to this purpose. */
    private byte[] sealingKey() {
        byte[] seed = config.nodeKey().seed();
        byte[] label = "CESS/s3-access-key-seal/v1".getBytes(StandardCharsets.UTF_8);
        byte[] in = new byte[label.length + seed.length];
        System.arraycopy(label, 0, in, 0, label.length);
        System.arraycopy(seed, 0, in, label.length, seed.length);
        return Hash.sha256(in).bytes();
    }

    private byte[] seal(String accessKey, String secret) {
        byte[] nonce = new byte[SegmentCipher.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        return SegmentCipher.seal(sealingKey(), nonce, accessKey.hashCode(), plain, plain.length);
    }

    private String unseal(String accessKey, byte[] sealed) {
        try {
            return new String(SegmentCipher.open(sealingKey(), accessKey.hashCode(), sealed, sealed.length), StandardCharsets.UTF_8);
        } catch (SegmentCipher.WrongKeyException e) {
            throw new IllegalStateException("access key " + accessKey + " was sealed under another node key", e);
        }
    }
}
