package cess.storage.control;

import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.platform.NodeConfig;
import cess.storage.model.Miner;
import cess.storage.model.Names;
import cess.storage.model.StorageCall;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps the hosted miners' endpoints on chain true: when {@code cess.public.url} is set and a
 * hosted miner is registered under another endpoint (the node moved, or the genesis named a
 * default), it sends an {@code update_miner} transaction for it at startup. Gateways on other
 * nodes reach miners at their on-chain endpoint, so a stale one makes their fragments unreachable.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("ChainNode")
public class MinerEndpoints {
    private static final Logger LOG = Logger.getLogger(MinerEndpoints.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    Clock clock;

    @PostConstruct
    void update() {
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
        for (HostedMiners.Hosted h : hosted.all().values()) {
            Optional<Miner> onChain = reads.read(true, v -> v.find(Miner.key(h.key().address()), Miner.class));
            if (onChain.isEmpty()) {
                LOG.info(() -> "hosted miner " + h.key().address() + " is not registered on chain; register it with "
                        + "the CLI's register_miner to let gateways place fragments on it");
            } else if (!onChain.get().endpoint().equals(url.get())) {
                try {
                    chain.submitAs(h.key(), new StorageCall.UpdateMiner(url.get()), clock.millis());
                    LOG.info(() -> "miner " + h.key().address() + " moves from " + onChain.get().endpoint() + " to "
                            + url.get());
                } catch (TxRefusedException e) {
                    LOG.warning(() -> "miner " + h.key().address() + " could not update its endpoint to " + url.get()
                            + ": " + e.getMessage());
                }
            }
        }
    }
}
