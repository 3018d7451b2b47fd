package cess.node;

import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.BlockSync;
import cess.consensus.control.ConsensusDriver;
import cess.network.control.PeerNetwork;
import cess.consensus.control.TransactionGossip;
import cess.platform.NodeConfig;
import cess.network.model.Envelope;
import cess.network.control.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the chain is loaded, the broker runs and this node is connected to it with its queues
 * in place; reports head, pool and gossip counters, and the segment cache's ({@code cache.*}).
 */
@Readiness
@ApplicationScoped
public class NodeHealth implements HealthCheck {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads chainReads;
    @Inject
    Broker broker;
    @Inject
    PeerNetwork network;
    @Inject
    BlockSync sync;
    @Inject
    TransactionGossip txGossip;
    @Inject
    ConsensusDriver consensus;
    @Inject
    NodeConfig config;
    @Inject
    cess.gateway.control.ObjectReads reads;
    @Inject
    cess.storage.control.HostedMiners miners;
    @Inject
    cess.storage.control.FragmentGc gc;
    @Inject
    cess.runtime.control.ChallengeResponder proofs;
    @Inject
    cess.runtime.control.FillerGenerator filler;
    @Inject
    cess.runtime.control.IdleResponder idleProofs;
    @Inject
    cess.audit.control.ChallengeAnnouncer announcer;
    @Inject
    cess.storage.control.RepairWorker repair;
    @Inject
    cess.runtime.control.ChallengeAnnouncements announcements;
    @Inject
    cess.gateway.cache.control.SegmentCache cache;
    @Inject
    cess.gateway.control.CorruptReports corruptReports;
    @Inject
    cess.gateway.control.UnreachableMiners unreachable;

    @Override
    public HealthCheckResponse call() {
        // DOWN while the node cannot hear its peers: no broker connection, or its queues are gone.
        boolean up = broker.isActive() && network.isConnected() && chain.divergence().isEmpty();
        var b = HealthCheckResponse.named("cess-node")
                .status(up)
                .withData("chain", chain.genesis().chainId())
                .withData("headHeight", chainReads.head().height())
                .withData("headHash", chainReads.head().hash().hex())
                .withData("pendingTransactions", chainReads.poolSize())
                .withData("roles", config.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining(",")))
                .withData("validator", chain.isValidator())
                .withData("diverged", chain.divergence().orElse("no"))
                .withData("broker", broker.describe())
                .withData("brokerConnected", network.isConnected())
                .withData("blockAnnouncementsHeard", network.received(Envelope.Kind.BLOCK))
                .withData("blockAnnouncementsFromPeers", network.receivedFromPeers(Envelope.Kind.BLOCK))
                .withData("consensusMessagesFromPeers", network.receivedFromPeers(Envelope.Kind.PROPOSAL)
                        + network.receivedFromPeers(Envelope.Kind.VOTE))
                .withData("messagesDropped", network.dropped())
                .withData("bestPeerHead", sync.bestPeerHead())
                .withData("blocksSynced", sync.synced())
                .withData("blocksServed", sync.served())
                .withData("transactionsGossiped", txGossip.sent())
                .withData("transactionsFromPeers", txGossip.admittedFromPeers())
                .withData("hostedMiners", miners.all().size())
                .withData("corruptFragmentsSkipped", reads.corruptFragments())
                .withData("degradedSegmentReads", reads.degradedSegments())
                .withData("minerFailures", unreachable.failures())
                .withData("minersAvoided", unreachable.avoided().size())
                .withData("fragmentsRebuiltAfterTagFailure", reads.rebuiltAfterTagFailure())
                .withData("orphanFragmentsRemoved", gc.removedCount())
                .withData("challengesAnnounced", announcer.announced())
                .withData("challengeAnnouncementsHeard", announcements.heard())
                .withData("challengeAnnouncementsForHostedMiners", announcements.ours())
                .withData("challengeAnnouncementsIgnored", announcements.ignored());
        network.droppedByReason().forEach((reason, n) -> b.withData("messagesDropped." + reason, n));
        txGossip.refusedByReason().forEach((reason, n) -> b.withData("transactionsFromPeersRefused." + reason, n));
        cess.storage.control.RepairWorker.Status r = repair.status();
        b.withData("repair.openOrders", r.open()).withData("repair.claimedHere", r.claimedHere())
                .withData("repair.claimsSent", r.claimsSent()).withData("repair.rebuilt", r.rebuilt())
                .withData("repair.failed", r.failed()).withData("repair.last", r.last());
        cess.gateway.control.CorruptReports.Status c = corruptReports.status();
        b.withData("corruptReports.found", c.found()).withData("corruptReports.sent", c.sent())
                .withData("corruptReports.refused", c.refused()).withData("corruptReports.duplicates", c.duplicates())
                .withData("corruptReports.dropped", c.dropped()).withData("corruptReports.pending", c.pending())
                .withData("corruptReports.last", c.last());
        cache.stats().forEach((name, v) -> b.withData("cache." + name, String.valueOf(v)));
        proofs.progress().forEach((miner, p) -> b.withData("storageProofs." + miner.ss58(),
                "block " + p.height() + ": " + p.state()));
        filler.progress().forEach((miner, p) -> b.withData("filler." + miner.ss58(), p));
        idleProofs.progress().forEach((miner, p) -> b.withData("idleProofs." + miner.ss58(), p));
        if (config.roles().contains(NodeConfig.Role.CONSENSUS)) {
            consensus.status().forEach((k, v) -> b.withData("consensus." + k, String.valueOf(v)));
        }
        return b.build();
    }
}
