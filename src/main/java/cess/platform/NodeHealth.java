package cess.platform;

import cess.consensus.control.ChainNode;
import cess.network.control.BlockGossip;
import cess.network.control.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the chain is loaded and the broker runs; reports head, pool and gossip counters. */
@Readiness
@ApplicationScoped
public class NodeHealth implements HealthCheck {
    @Inject
    ChainNode chain;
    @Inject
    Broker broker;
    @Inject
    BlockGossip gossip;
    @Inject
    cess.gateway.control.ObjectReads reads;
    @Inject
    cess.storage.control.HostedMiners miners;
    @Inject
    cess.storage.control.FragmentGc gc;

    @Override
    public HealthCheckResponse call() {
        boolean up = broker.isActive() && chain.divergence().isEmpty();
        var b = HealthCheckResponse.named("cess-node")
                .status(up)
                .withData("chain", chain.genesis().chainId())
                .withData("headHeight", chain.head().height())
                .withData("headHash", chain.head().hash().hex())
                .withData("pendingTransactions", chain.poolSize())
                .withData("validator", chain.isValidator())
                .withData("diverged", chain.divergence().orElse("no"))
                .withData("broker", broker.describe())
                .withData("blockAnnouncementsHeard", gossip.heard())
                .withData("blockAnnouncementsFromPeers", gossip.heardFromPeers())
                .withData("messagesDropped", gossip.dropped())
                .withData("hostedMiners", miners.all().size())
                .withData("corruptFragmentsSkipped", reads.corruptFragments())
                .withData("degradedSegmentReads", reads.degradedSegments())
                .withData("orphanFragmentsRemoved", gc.removedCount());
        gossip.droppedByReason().forEach((reason, n) -> b.withData("messagesDropped." + reason, n));
        return b.build();
    }
}
