package cess.audit.control;

import cess.audit.model.AuditKeys;
import cess.audit.model.AuditRules;
import cess.audit.model.Challenge;
import cess.audit.model.ChallengeAnnouncement;
import cess.audit.model.IssuedIdleChallenge;
import cess.consensus.control.BlockFinalized;
import cess.consensus.control.BlockPersisting;
import cess.ledger.model.StateValue;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.platform.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Announces the storage challenges (service and idle) of the blocks this node proposed, on the network's
 * {@code cess.audit} topic, once each block is final here: the miner's node hears at once that
 * it is challenged, and catches up with the chain if it lags (see
 * {@code cess.runtime.control.ChallengeAnnouncements}). Only the proposer announces, so a
 * challenge is announced once, not by every validator; a lost announcement costs nothing but
 * time, because every node also finds its miners' challenges in its own replica at each final
 * block. Challenges are taken from the block's own changes while it is persisted, so the
 * announcement says exactly what the block issued. Thread-safe.
 */
@ApplicationScoped
public class ChallengeAnnouncer {
    private static final Logger LOG = Logger.getLogger(ChallengeAnnouncer.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    PeerNetwork network;

    /** Announcements of persisted blocks not yet final here, by height. */
    private final ConcurrentSkipListMap<Long, List<ChallengeAnnouncement>> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong announced = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();

    /** Collects the challenges a block of this node's issued, in the transaction that persists it. */
    void onPersisting(@Observes BlockPersisting block) {
        if (!block.header().proposer().equals(config.nodeKey().address())) {
            return;
        }
        List<ChallengeAnnouncement> out = new ArrayList<>();
        for (Object e : block.events()) {
            if (e instanceof AuditRules.Event ev && ev.kind() == AuditRules.Event.Kind.ISSUED) {
                StateValue v = block.changes().get(AuditKeys.challenge(ev.challenge()));
                if (v instanceof Challenge c) {
                    out.add(ChallengeAnnouncement.of(c, block.header().hash()));
                } else if (block.changes().get(AuditKeys.idleChallenge(ev.challenge())) instanceof IssuedIdleChallenge c) {
                    out.add(ChallengeAnnouncement.of(c, block.header().hash()));
                }
            }
        }
        if (!out.isEmpty()) {
            pending.put(block.header().height(), List.copyOf(out));
        }
    }

    /** Publishes what the final block issued (and drops what a rolled-back persist left behind). */
    void onFinalized(@Observes BlockFinalized block) {
        long h = block.header().height();
        List<ChallengeAnnouncement> due = pending.remove(h);
        pending.headMap(h).clear();
        if (due == null) {
            return;
        }
        for (ChallengeAnnouncement a : due) {
            if (network.publish(Envelope.Kind.CHALLENGE, a.encode())) {
                announced.incrementAndGet();
            } else {
                unsent.incrementAndGet();
                LOG.fine(() -> "challenge " + a.challenge() + " of miner " + a.miner()
                        + " not announced: the network is down; the miner finds it in the chain");
            }
        }
    }

    /** Challenges this node announced. */
    public long announced() {
        return announced.get();
    }

    /** Challenges this node could not announce (the network was down). */
    public long unsent() {
        return unsent.get();
    }
}
