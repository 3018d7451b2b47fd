package cess.runtime.control;

import cess.audit.model.Audit;
import cess.audit.model.AuditCall;
import cess.audit.model.AuditKeys;
import cess.audit.model.AuditMark;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.IdleRules;
import cess.audit.model.IssuedIdleChallenge;
import cess.audit.model.idle.IdleProof;
import cess.audit.model.idle.IdleProver;
import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.platform.CoalescedPasses;
import cess.shared.Address;
import cess.storage.control.HostedMiners;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Answers the idle-space challenges of the miners this node hosts, as {@link ChallengeResponder}
 * answers their service challenges: after each final block, or when a challenge is announced, it
 * looks for their open idle challenges, builds each proof from the miner's {@link FillerFiles}
 * (only the sampled blocks and the index pages they need) and submits it signed by the miner. A
 * miner whose filler is not on disk cannot answer: it says so in its status, and the chain refuses
 * the batch (or counts the miss) at the deadline. Each miner's last step is kept for the health
 * view. Runs on a pooled thread, one pass at a time. Composes the audit and storage modules, hence
 * in the runtime's control layer.
 */
@ApplicationScoped
public class IdleResponder {
    private static final Logger LOG = Logger.getLogger(IdleResponder.class.getName());

    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    java.time.Clock clock;
    @Resource
    ManagedExecutorService executor;

    /** Challenges answered here (proof admitted) or found unanswerable, until they leave the state. */
    private final AnswerLedger done = new AnswerLedger();
    private final Map<Address, String> progress = new ConcurrentHashMap<>();
    private final CoalescedPasses passes = new CoalescedPasses(this::answerAll, "answering idle challenges failed", LOG);


    void onFinalized(@Observes BlockFinalized block) {
        wake();
    }

    /** Looks for the hosted miners' open idle challenges soon (after a final block, or an announcement). */
    public void wake() {
        if (!hosted.all().isEmpty()) {
            passes.wake(executor);
        }
    }

    /** One pass over every hosted miner's open idle challenges at the head. */
    void answerAll() {
        long head = reads.head().height();
        IdleAuditParams ip = reads.params().get(IdleAuditParams.class);
        Set<Long> open = ConcurrentHashMap.newKeySet();
        for (HostedMiners.Hosted m : hosted.all().values()) {
            Address miner = m.key().address();
            List<Map.Entry<StateKey, StateValue>> mine = reads.entries(Audit.IDLE_OPEN, AuditKeys.openOf(miner), false, 16);
            for (Map.Entry<StateKey, StateValue> e : mine) {
                long id = ((AuditMark) e.getValue()).value();
                open.add(id);
                Optional<IssuedIdleChallenge> c = reads.read(false, v -> v.find(AuditKeys.idleChallenge(id),
                        IssuedIdleChallenge.class));
                if (c.isPresent() && !c.get().answered() && done.due(id, head)) {
                    answer(m, c.get(), ip, head);
                }
            }
        }
        done.retain(open);
    }

    private void answer(HostedMiners.Hosted m, IssuedIdleChallenge c, IdleAuditParams ip, long head) {
        Address miner = m.key().address();
        String what = (c.certifies() ? "certification of units " : "idle challenge over units ")
                + IdleRules.range(c.firstUnit(), c.unitCount());
        IdleProof proof;
        long started = System.nanoTime();
        try {
            proof = new IdleProver(ip.proof(), ip.network()).prove(c.challenge(), FillerGenerator.files(m, ip));
        } catch (IOException e) {
            done.answered(c.id(), head);
            say(miner, head, "cannot answer challenge " + c.id() + " (" + what + "): " + e.getMessage()
                    + "; it will count as missed after block " + c.deadlineHeight());
            LOG.warning(() -> "miner " + miner + " cannot answer idle challenge " + c.id() + ": " + e);
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        try {
            chain.submitAs(m.key(), new AuditCall.SubmitIdleProof(c.id(), proof.encode()), clock.millis());
            done.answered(c.id(), head);
            say(miner, head, "answered challenge " + c.id() + " (" + what + ", " + proof.answers().size() + " samples, proved in "
                    + millis + " ms)");
        } catch (TxRefusedException e) {
            say(miner, head, "challenge " + c.id() + ": idle proof refused: " + e.getMessage());
            LOG.warning(() -> "miner " + miner + "'s idle proof for challenge " + c.id() + " was refused: " + e.getMessage());
        }
    }

    private void say(Address miner, long head, String what) {
        progress.put(miner, "block " + head + ": " + what);
    }

    /** Each hosted miner's last step with its idle challenges, for the health view. */
    public Map<Address, String> progress() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    }
}
