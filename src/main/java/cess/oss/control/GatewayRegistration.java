package cess.oss.control;

import cess.consensus.control.BlockSync;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.oss.model.Gateway;
import cess.oss.model.GatewayEndpoint;
import cess.oss.model.OssCall;
import cess.platform.NodeConfig;
import cess.platform.Rechecks;
import cess.platform.EndpointStep;
import cess.shared.Address;
import cess.shared.KeyPair;
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
 * Keeps this gateway's registration on chain true: on a node with the gateway role and
 * {@code cess.public.url} set, the node's account sends {@code register_gateway} with the URL
 * when it has no active registration, or {@code update_gateway} when its registration names
 * another endpoint. Like the miners' endpoints it checks at startup and then every
 * {@link #CHECK_SECONDS} s until the final registration names the URL, only once the node has
 * caught up with the heads its peers announce, and never twice for a change still pending. A
 * refusal (an account without the fee, say) is logged once and retried. Deregistering is the
 * operator's, with the CLI; a node never does it by itself.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("ChainNode")
public class GatewayRegistration {
    private static final Logger LOG = Logger.getLogger(GatewayRegistration.class.getName());
    static final long CHECK_SECONDS = 3;

    @Inject
    NodeConfig config;
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

    private final Rechecks checks = new Rechecks("checking this gateway's registration failed", LOG);

    @PostConstruct
    void start() {
        Optional<String> url = config.publicUrl();
        if (url.isEmpty() || !config.roles().contains(NodeConfig.Role.GATEWAY)) {
            return;
        }
        Optional<String> bad = GatewayEndpoint.problem(url.get());
        if (bad.isPresent()) {
            LOG.severe(() -> "cess.public.url is not usable as a gateway endpoint (" + bad.get() + "); the gateway "
                    + "registration on chain is left as it is");
            return;
        }
        checks.start(scheduler, Duration.ofSeconds(CHECK_SECONDS), () -> check(config.nodeKey(), url.get()));
    }

    @PreDestroy
    void stop() {
        checks.stop();
    }

    /** One look at the registration; whether another is needed. */
    boolean check(KeyPair key, String url) {
        if (sync.bestPeerHead() > reads.head().height()) {
            return true; // still catching up: the replica's registry and nonces may be old
        }
        Address a = key.address();
        Optional<Gateway> pending = reads.read(true, v -> v.find(Gateway.key(a), Gateway.class));
        Optional<Gateway> settled = reads.read(false, v -> v.find(Gateway.key(a), Gateway.class));
        EndpointStep step = step(pending, settled, url);
        Optional<OssCall> call = call(step, url);
        if (call.isPresent()) {
            try {
                chain.submitAs(key, call.get(), clock.millis());
                checks.tell(a, step.name(), () -> step == EndpointStep.ABSENT ? "gateway " + a + " registers at " + url
                        : "gateway " + a + " moves from " + pending.get().endpoint() + " to " + url);
            } catch (TxRefusedException e) {
                checks.tell(a, "refused", () -> "gateway " + a + " could not " + call.get().type() + " at " + url + ": "
                        + e.getMessage());
            }
        }
        return step != EndpointStep.DONE;
    }

    /** Where the registration stands: a deregistered record counts as none (the account registers again). */
    static EndpointStep step(Optional<Gateway> pending, Optional<Gateway> settled, String url) {
        return EndpointStep.of(pending.filter(Gateway::active).map(Gateway::endpoint),
                settled.filter(Gateway::active).map(Gateway::endpoint), url);
    }

    /** The transaction {@code step} asks for, if any. */
    static Optional<OssCall> call(EndpointStep step, String url) {
        return switch (step) {
            case ABSENT -> Optional.of(new OssCall.RegisterGateway(url));
            case MOVE -> Optional.of(new OssCall.UpdateGateway(url));
            case WAIT, DONE -> Optional.empty();
        };
    }
}
