package cess.runtime.control;

import cess.audit.model.Audit;
import cess.audit.model.AuditCall;
import cess.audit.model.AuditKeys;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Prover;
import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.platform.CoalescedPasses;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.runtime.model.StorageHoldings;
import cess.shared.Address;
import cess.storage.control.FragmentStore;
import cess.storage.control.HostedMiners;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Answers the storage challenges of the miners this node hosts, by itself: after each final
 * block it looks for their open challenges, reads only the sampled 64 KiB blocks and the block
 * nodes from each miner's {@link FragmentStore}, and submits the proof signed by the miner. A
 * miner that lost a sampled fragment says so (the proof carries a failing placeholder for it,
 * {@link Prover#answer}) rather than staying silent until its deadline, so the chain records the
 * loss at once and repair can act. Each miner's last step is kept for the node's health view.
 * The work runs on a pooled thread, one pass at a time, never on the thread that finalized the
 * block. Composes the audit and storage modules, hence here in the runtime's control layer.
 */
@ApplicationScoped
public class ChallengeResponder {
    private static final Logger LOG = Logger.getLogger(ChallengeResponder.class.getName());
    /**
     * Open challenges read per miner a pass: its periodic service challenges (at most two open)
     * and the targeted ones corrupt-read reports opened (each reporter at most
     * {@link cess.audit.model.ReportRules#MAX_OPEN_PER_REPORTER}, each closing after the floor).
     */
    static final int MAX_OPEN_READ = 64;

    /** What a hosted miner did last about its challenges: a line for the health view. */
    public record Progress(long height, String state) {
    }

    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    Clock clock;
    @Resource
    ManagedExecutorService executor;

    /** Challenges answered by this node (their proof admitted), answered again if the proof was lost. */
    private final AnswerLedger answered = new AnswerLedger();
    private final Map<Address, Progress> progress = new ConcurrentHashMap<>();
    private final CoalescedPasses passes = new CoalescedPasses(this::answerAll, "answering storage challenges failed", LOG);

    void onFinalized(@Observes BlockFinalized block) {
        wake();
    }

    /**
     * Looks for the hosted miners' open challenges now, on a pooled thread: after a final block,
     * or when one is announced. Calls that arrive during a pass make one more pass, not one each.
     */
    public void wake() {
        if (!hosted.all().isEmpty()) {
            passes.wake(executor);
        }
    }

    /** One pass over every hosted miner's open challenges at the head. */
    void answerAll() {
        long height = reads.head().height();
        Set<Long> open = ConcurrentHashMap.newKeySet();
        for (HostedMiners.Hosted m : hosted.all().values()) {
            Address miner = m.key().address();
            List<Map.Entry<StateKey, StateValue>> mine = reads.entries(Audit.OPEN, AuditKeys.openOf(miner), false, MAX_OPEN_READ);
            if (mine.isEmpty()) {
                progress.putIfAbsent(miner, new Progress(height, "no open challenge"));
            }
            for (Map.Entry<StateKey, StateValue> e : mine) {
                long id = ((cess.audit.model.AuditMark) e.getValue()).value();
                open.add(id);
                Optional<Challenge> c = reads.read(false, v -> v.find(AuditKeys.challenge(id), Challenge.class));
                if (c.isEmpty() || c.get().answered() || !answered.due(id, height)) {
                    continue;
                }
                answer(m, c.get(), height);
            }
        }
        answered.retain(open);
    }

    private void answer(HostedMiners.Hosted m, Challenge c, long height) {
        Address miner = m.key().address();
        FragmentStore store = m.store();
        Prover.Answer a = reads.read(false, v -> Prover.answer(c, new StorageHoldings(v), new Prover.Blocks() {
            @Override
            public byte[] block(Holding f, int b) {
                try {
                    return store.block(f.root(), f.length(), b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public byte[] blockNodes(Holding f) {
                try {
                    return store.blockNodes(f.root(), f.length());
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            }
        }));
        try {
            chain.submitAs(m.key(), new AuditCall.SubmitProof(a.proof()), clock.millis());
            answered.answered(c.id(), height);
            String what = a.lost().isEmpty()
                    ? "answered challenge " + c.id() + " (" + c.samples().size() + " samples) at block " + height
                    : "answered challenge " + c.id() + " at block " + height + " admitting " + a.lost().size() + " of "
                            + c.samples().size() + " samples lost: " + a.why();
            progress.put(miner, new Progress(height, what));
            if (a.lost().isEmpty()) {
                LOG.fine(() -> "miner " + miner + " " + what);
            } else {
                LOG.warning(() -> "miner " + miner + " " + what);
            }
        } catch (TxRefusedException e) {
            progress.put(miner, new Progress(height, "challenge " + c.id() + ": proof refused: " + e.getMessage()));
            LOG.warning(() -> "miner " + miner + "'s proof for challenge " + c.id() + " was refused: " + e.getMessage());
        }
    }

    /** Records what a hosted miner now waits for, when it is not yet something to answer. */
    void waiting(Address miner, long height, String state) {
        progress.put(miner, new Progress(height, state));
    }

    /** Each hosted miner's last step, for the node's health view. */
    public Map<Address, Progress> progress() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    }
}
