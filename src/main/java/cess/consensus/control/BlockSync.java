package cess.consensus.control;

import cess.consensus.model.Block;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Sync;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.shared.Address;
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
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this node's replica level with its peers'. Every node announces each block it finalizes,
 * and its head every {@link #HEARTBEAT_MILLIS}, on the blocks topic. Hearing a peer with a
 * higher head, the node asks that peer (on the peer's own queue) for the blocks it lacks, and
 * applies each one only after checking its commit against the epoch's validators and replaying
 * it ({@link ChainNode#applyFinal}). A peer announcing a different block at a height this node
 * has is asked for that block: if it comes with a valid commit the chain has forked, and the
 * node stops ({@link ChainNode#reportDivergence}); an announcement alone proves nothing.
 */
@Singleton
@Startup
// PeerNetwork depends on ChainNode. Naming both trips Payara's false cycle check ("A on B, C; C on B").
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BlockSync {
    static final long HEARTBEAT_MILLIS = 2000;
    /** How long to wait for a response before asking again (perhaps another peer). */
    static final long REQUEST_TIMEOUT_MILLIS = 5000;
    /** Largest response, in bytes of blocks: a response fits one message. */
    static final int MAX_RESPONSE_BYTES = 8 << 20;
    private static final Logger LOG = Logger.getLogger(BlockSync.class.getName());

    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    PeerNetwork network;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Object lock = new Object();
    /** The outstanding request: to whom and when; null when none. */
    private Address askedPeer;
    private long askedAt;
    private final AtomicLong synced = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private volatile long bestPeerHead;
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void start() {
        network.handle(Envelope.Kind.BLOCK, this::onAnnouncement);
        network.handle(Envelope.Kind.SYNC_REQUEST, this::onRequest);
        network.handle(Envelope.Kind.SYNC_RESPONSE, this::onResponse);
        heartbeat = scheduler.scheduleWithFixedDelay(this::announceHead, 500, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Announces every block as it becomes final here. */
    public void onFinalized(@Observes BlockFinalized event) {
        network.publish(Envelope.Kind.BLOCK, event.header().encode());
    }

    private void announceHead() {
        try {
            network.publish(Envelope.Kind.BLOCK, reads.head().encode());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "heartbeat failed", e);
        }
    }

    private void onAnnouncement(Envelope e) {
        BlockHeader announced;
        try {
            announced = BlockHeader.decode(e.payload());
        } catch (IllegalArgumentException bad) {
            refused.incrementAndGet();
            return;
        }
        BlockHeader head = reads.head();
        if (announced.height() > head.height()) {
            bestPeerHead = Math.max(bestPeerHead, announced.height());
            ask(e.sender(), head.height() + 1, false);
        } else {
            reads.headerAt(announced.height()).filter(own -> !own.hash().equals(announced.hash()))
                    .ifPresent(own -> {
                        LOG.warning(() -> "node " + e.sender() + " announces block " + announced.height() + " "
                                + announced.hash() + " where this node finalized " + own.hash() + "; asking for its commit");
                        ask(e.sender(), announced.height(), true);
                    });
        }
    }

    /**
     * Asks {@code peer} for the blocks up to {@code height} if this node's head is below it: another
     * module learned from {@code peer} that the chain reached {@code height} (a challenge announced
     * for a block this node does not hold yet, say). What comes back is verified as every sync is.
     */
    public void catchUp(Address peer, long height) {
        long head = reads.head().height();
        if (height > head) {
            bestPeerHead = Math.max(bestPeerHead, height);
            ask(peer, head + 1, false);
        }
    }

    /** Sends a request unless one is outstanding and still young (or {@code urgent}: a suspected fork). */
    private void ask(Address peer, long from, boolean urgent) {
        long now = clock.millis();
        synchronized (lock) {
            if (askedPeer != null && now - askedAt < REQUEST_TIMEOUT_MILLIS && !urgent) {
                return;
            }
            askedPeer = peer;
            askedAt = now;
        }
        network.sendTo(peer, Envelope.Kind.SYNC_REQUEST, new Sync.Request(from, urgent ? 1 : Sync.MAX_BLOCKS).encode());
    }

    private void onRequest(Envelope e) {
        Sync.Request r;
        try {
            r = Sync.Request.decode(e.payload());
        } catch (IllegalArgumentException bad) {
            refused.incrementAndGet();
            return;
        }
        List<byte[]> blocks = new ArrayList<>();
        long bytes = 0;
        for (long h = r.from(); h < r.from() + r.max(); h++) {
            Optional<Block> b = reads.blockAt(h);
            if (b.isEmpty()) {
                break;
            }
            byte[] encoded = b.get().encode();
            if (!blocks.isEmpty() && bytes + encoded.length > MAX_RESPONSE_BYTES) {
                break;
            }
            blocks.add(encoded);
            bytes += encoded.length;
        }
        served.addAndGet(blocks.size());
        network.sendTo(e.sender(), Envelope.Kind.SYNC_RESPONSE, Sync.Response.encode(reads.head().height(), blocks));
    }

    private void onResponse(Envelope e) {
        Sync.Response r;
        try {
            r = Sync.Response.decode(e.payload(), chain.schema());
        } catch (IllegalArgumentException bad) {
            refused.incrementAndGet();
            return;
        }
        long now = clock.millis();
        for (Block b : r.blocks()) {
            ChainNode.SyncOutcome out = chain.applyFinal(b, now);
            if (out == ChainNode.SyncOutcome.APPLIED) {
                synced.incrementAndGet();
            } else if (out == ChainNode.SyncOutcome.INVALID) {
                refused.incrementAndGet();
                LOG.warning(() -> "node " + e.sender() + " sent block " + b.header().height() + " without a valid commit");
            }
            if (out != ChainNode.SyncOutcome.APPLIED && out != ChainNode.SyncOutcome.KNOWN) {
                break; // NOT_NEXT, INVALID, or CONFLICT (the node has stopped)
            }
        }
        synchronized (lock) {
            if (e.sender().equals(askedPeer)) {
                askedPeer = null;
            }
        }
        if (r.head() > reads.head().height() && chain.divergence().isEmpty() && !r.blocks().isEmpty()) {
            ask(e.sender(), reads.head().height() + 1, false);
        }
    }

    /** Blocks applied from peers' responses. */
    public long synced() {
        return synced.get();
    }

    /** Blocks sent to peers that asked. */
    public long served() {
        return served.get();
    }

    /** Announcements and responses refused (malformed, or blocks without a valid commit). */
    public long refused() {
        return refused.get();
    }

    /** The highest head a peer announced. */
    public long bestPeerHead() {
        return bestPeerHead;
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }
}
