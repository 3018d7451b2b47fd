package cess.runtime.control;

import cess.audit.model.ChallengeAnnouncement;
import cess.consensus.control.BlockSync;
import cess.consensus.control.ChainReads;
import cess.consensus.model.BlockHeader;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.storage.control.HostedMiners;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Hears the storage challenges announced on the network ({@code cess.audit}) and acts on those
 * that name a miner this node hosts: if the node holds the announced block, the
 * {@link ChallengeResponder} (or, for an idle challenge, the {@link IdleResponder}) looks at once; if it does not yet, the node asks the announcer for
 * the blocks it lacks, and the miner's status says which block it waits for. An announcement is
 * only a hint (see {@link ChallengeAnnouncement}): the responder answers what it reads from the
 * node's own replica, so one that names an unknown block, or a block this node finalized with
 * another hash, is counted and otherwise ignored. Composes the audit and storage modules, hence
 * in the runtime's control layer.
 */
@Singleton
@Startup
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ChallengeAnnouncements {
    private static final Logger LOG = Logger.getLogger(ChallengeAnnouncements.class.getName());

    @Inject
    PeerNetwork network;
    @Inject
    HostedMiners hosted;
    @Inject
    ChainReads reads;
    @Inject
    BlockSync sync;
    @Inject
    ChallengeResponder responder;
    @Inject
    IdleResponder idle;

    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong ours = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();

    @PostConstruct
    void start() {
        network.handle(Envelope.Kind.CHALLENGE, this::onAnnouncement);
    }

    void onAnnouncement(Envelope e) {
        heard.incrementAndGet();
        ChallengeAnnouncement a;
        try {
            a = ChallengeAnnouncement.decode(e.payload());
        } catch (IllegalArgumentException bad) {
            ignored.incrementAndGet();
            LOG.fine(() -> "malformed challenge announcement from " + e.sender() + ": " + bad.getMessage());
            return;
        }
        if (hosted.get(a.miner()).isEmpty()) {
            return;
        }
        ours.incrementAndGet();
        BlockHeader head = reads.head();
        if (a.deadlineHeight() < head.height()) {
            ignored.incrementAndGet();
            return;
        }
        if (a.issuedHeight() > head.height()) {
            responder.waiting(a.miner(), head.height(), "challenge " + a.challenge() + " announced by " + e.sender()
                    + " at block " + a.issuedHeight() + " (answer by " + a.deadlineHeight() + "); this node is at block "
                    + head.height() + ", catching up");
            sync.catchUp(e.sender(), a.issuedHeight());
            return;
        }
        Optional<BlockHeader> at = reads.headerAt(a.issuedHeight());
        if (at.isEmpty() || !at.get().hash().equals(a.block())) {
            ignored.incrementAndGet();
            LOG.warning(() -> "challenge announcement from " + e.sender() + " names block " + a.issuedHeight() + " "
                    + a.block() + ", which this node finalized as " + at.map(BlockHeader::hash).orElse(null) + "; ignored");
            return;
        }
        if (a.type() == ChallengeAnnouncement.Type.IDLE) {
            idle.wake();
        } else {
            responder.wake();
        }
    }

    /** Announcements heard, for any miner. */
    public long heard() {
        return heard.get();
    }

    /** Announcements that named a miner this node hosts. */
    public long ours() {
        return ours.get();
    }

    /** Announcements that were malformed, past their deadline or named another block than this node's. */
    public long ignored() {
        return ignored.get();
    }
}
