package cess.storage.control;

import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The storage miners this node runs (role storage), each with its own key and fragment
 * directory under {@code <data dir>/miners/<account>}.
 */
@ApplicationScoped
public class HostedMiners {
    private static final Logger LOG = Logger.getLogger(HostedMiners.class.getName());

    @Inject
    NodeConfig config;

    private Map<Address, Hosted> miners = Map.of();

    /** One hosted miner. */
    public record Hosted(KeyPair key, FragmentStore store) {
    }

    @PostConstruct
    void open() {
        if (!config.roles().contains(NodeConfig.Role.STORAGE)) {
            return;
        }
        Map<Address, Hosted> m = new LinkedHashMap<>();
        for (KeyPair k : config.minerKeys()) {
            m.put(k.address(), new Hosted(k, new FragmentStore(config.dataDir().resolve("miners").resolve(k.address().ss58()))));
        }
        miners = Collections.unmodifiableMap(m);
        LOG.info(() -> "hosting " + miners.size() + " storage miners under " + config.dataDir().resolve("miners"));
    }

    public Optional<Hosted> get(Address miner) {
        return Optional.ofNullable(miners.get(miner));
    }

    public Map<Address, Hosted> all() {
        return miners;
    }
}
