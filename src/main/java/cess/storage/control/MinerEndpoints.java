package cess.storage.control;

import cess.consensus.control.BlockSync;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.platform.NodeConfig;
import cess.platform.Rechecks;
import cess.platform.EndpointStep;
import cess.shared.Address;
import cess.storage.model.Miner;
import cess.storage.model.Names;
import cess.storage.model.StorageCall;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps the hosted miners' endpoints on chain true: when {@code cess.public.url} is set and a
 * hosted miner is registered under another endpoint (the node moved, or the genesis named a
 * default), it sends an {@code update_miner} transaction for it. Gateways on other nodes reach
 * miners at their on-chain endpoint, so a stale one makes their fragments unreachable. It checks
 * at startup and then every {@link #CHECK_SECONDS} s, and only once the node has caught up with
 * the heads its peers announce, so that a node joining a running network does not act on a
 * replica still at genesis (its transaction would carry a stale nonce); a miner whose update is
 * pending is left alone. The checks stop once every hosted miner's final endpoint is the URL.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("ChainNode")
public class MinerEndpoints {
    private static final Logger LOG = Logger.getLogger(MinerEndpoints.class.getName());
    static final long CHECK_SECONDS = 3;

    @Inject
    NodeConfig config;
    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    BlockSync sync;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Rechecks checks = new Rechecks("checking the hosted miners' endpoints failed", LOG);

    @PostConstruct
    void start() {
        Optional<String> url = config.publicUrl();
        if (url.isEmpty() || hosted.all().isEmpty()) {
            return;
        }
        Optional<String> bad = Names.endpointProblem(url.get());
        if (bad.isPresent()) {
            LOG.severe(() -> "cess.public.url is not usable as a miner endpoint (" + bad.get() + "); miner endpoints "
                    + "on chain are left as they are");
            return;
        }
        checks.start(scheduler, Duration.ofSeconds(CHECK_SECONDS), () -> check(url.get()));
    }

    @PreDestroy
    void stop() {
        checks.stop();
    }

    /** One pass over the hosted miners; whether another pass is needed. */
    boolean check(String url) {
        if (sync.bestPeerHead() > reads.head().height()) {
            return true; // still catching up: the replica's endpoints and nonces may be old
        }
        boolean again = false;
        for (HostedMiners.Hosted h : hosted.all().values()) {
            Address a = h.key().address();
            Optional<Miner> pending = reads.read(true, v -> v.find(Miner.key(a), Miner.class));
            Optional<Miner> settled = reads.read(false, v -> v.find(Miner.key(a), Miner.class));
            switch (EndpointStep.of(pending.map(Miner::endpoint), settled.map(Miner::endpoint), url)) {
                case ABSENT -> {
                    again = true;
                    checks.tell(a, "unregistered", () -> "hosted miner " + a + " is not registered on chain; register it "
                            + "with the CLI's register_miner to let gateways place fragments on it");
                }
                case MOVE -> {
                    again = true;
                    try {
                        chain.submitAs(h.key(), new StorageCall.UpdateMiner(url), clock.millis());
                        checks.tell(a, "moving", () -> "miner " + a + " moves from " + pending.get().endpoint() + " to " + url);
                    } catch (TxRefusedException e) {
                        checks.tell(a, "refused", () -> "miner " + a + " could not update its endpoint to " + url + ": "
                                + e.getMessage());
                    }
                }
                case WAIT -> again = true; // the update is pending: look again once it is final
                case DONE -> { }
            }
        }
        return again;
    }
}
