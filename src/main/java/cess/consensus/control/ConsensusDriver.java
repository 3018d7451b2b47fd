package cess.consensus.control;

import cess.consensus.model.Bft;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.DriverEffect;
import cess.consensus.model.DriverInput;
import cess.consensus.model.DriverParams;
import cess.consensus.model.DriverState;
import cess.consensus.model.Evidence;
import cess.consensus.model.HeightDriver;
import cess.consensus.model.Proposal;
import cess.consensus.model.ProposalMessage;
import cess.consensus.model.ValidatorSet;
import cess.consensus.model.Vote;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.platform.NodeConfig;
import cess.shared.Hash;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shell around the pure {@link HeightDriver} on a validator: it feeds the driver its inputs
 * (the head moving, clock ticks with whether this node has work, proposals and votes from the
 * network once their signatures are checked, the timeouts it asked for) and carries out its
 * effects: it builds candidate blocks and replays proposed ones on this node's head
 * ({@link ChainNode#buildCandidate}, {@link ChainNode#check}), signs and publishes proposals
 * (with their block) and votes, schedules timeouts, persists a decided block with its
 * precommits as its commit ({@link ChainNode#commit}), hands equivocations and late precommits
 * to the chain, and logs. When to start a height, what to keep for later heights, what to send
 * again and when to move on are the driver's rules, not this class's.
 *
 * <p>A node behind by whole blocks catches up through {@link BlockSync}; before every input the
 * shell tells the driver where the head is, so it starts over at the new height.
 *
 * <p>All driver steps run under one lock, one at a time, whatever thread brings the input. The
 * driver's state is immutable and published through a volatile field, which {@link #status}
 * reads without the lock.
 */
@Singleton
@Startup
// PeerNetwork depends on ChainNode. Naming both trips Payara's false cycle check ("A on B, C; C on B").
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConsensusDriver {
    /** How far ahead of this node's clock a proposed block's time may be. */
    static final long MAX_CLOCK_DRIFT_MILLIS = 5000;
    private static final Logger LOG = Logger.getLogger(ConsensusDriver.class.getName());

    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    PeerNetwork network;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Object lock = new Object();
    private KeyPair key;
    private HeightDriver<ProposalMessage> driver;
    private volatile DriverState<ProposalMessage> state = DriverState.initial();
    /** The blocks of this height by hash: this node's candidate and the proposed blocks found valid. */
    private final Map<Hash, BlockExecution.Outcome> blocks = new HashMap<>();
    /** This node's proposals at this height, signed and encoded once, sent again on every resend. */
    private final Map<Proposal, byte[]> signedProposals = new HashMap<>();
    private final Deque<Bft.Evidence> evidence = new ArrayDeque<>();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong decidedAfterRound0 = new AtomicLong();
    private final AtomicLong invalidProposals = new AtomicLong();
    private final AtomicLong badVotes = new AtomicLong();
    private volatile long lastDecisionMillis = -1;
    private ScheduledFuture<?> ticking;

    @PostConstruct
    void start() {
        key = config.nodeKey();
        if (!config.roles().contains(NodeConfig.Role.CONSENSUS)) {
            LOG.info("this node has no consensus role: it follows the chain without voting");
            return;
        }
        Hash genesis = chain.genesisHash();
        driver = new HeightDriver<>(key.address(), config.bftParams(), DriverParams.DEFAULT,
                v -> v.signed(key.sign(v.signingPayload(genesis))));
        network.handle(Envelope.Kind.PROPOSAL, e -> onProposal(e.payload()));
        network.handle(Envelope.Kind.VOTE, e -> onVote(e.payload()));
        long blockTime = reads.blockTimeMillis();
        long tick = Math.max(10, Math.min(100, blockTime / 5));
        ticking = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info(() -> "validator " + key.address() + " takes part in consensus when on duty (now "
                + (chain.isValidator() ? "on duty" : "not on duty") + ", timeouts " + config.bftParams() + ")");
    }

    // ------------------------------------------------------------------ inputs

    void tick() {
        try {
            synchronized (lock) {
                if (chain.divergence().isPresent()) {
                    return;
                }
                drain(new ArrayDeque<>()); // the head first: whether there is work depends on the height
                long now = clock.millis();
                boolean work = state.wantsWork()
                        && (reads.poolSize() > 0 || chain.pendingEvidence() > 0 || chain.applicationDue(now));
                submit(new DriverInput.ClockTicked<>(work, reads.blockTimeMillis(), now));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "consensus tick failed", e);
        }
    }

    void onProposal(byte[] payload) {
        ProposalMessage pm;
        try {
            pm = ProposalMessage.decode(payload, chain.schema());
        } catch (IllegalArgumentException e) {
            invalidProposals.incrementAndGet();
            return;
        }
        Optional<String> problem = pm.problem(chain.genesisHash());
        if (problem.isPresent()) {
            invalidProposals.incrementAndGet();
            LOG.fine(() -> "proposal dropped: " + problem.get());
            return;
        }
        synchronized (lock) {
            submit(new DriverInput.ProposalReceived<>(pm.proposal(), pm, clock.millis()));
        }
    }

    void onVote(byte[] payload) {
        Vote v;
        try {
            v = Vote.decode(payload);
        } catch (IllegalArgumentException e) {
            badVotes.incrementAndGet();
            return;
        }
        if (!v.verify(chain.genesisHash())) {
            badVotes.incrementAndGet();
            return;
        }
        synchronized (lock) {
            submit(new DriverInput.VoteReceived<>(v, clock.millis()));
        }
    }

    private void onTimeout(Bft.TimeoutIn t) {
        try {
            synchronized (lock) {
                submit(new DriverInput.TimeoutFired<>(t, clock.millis()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "consensus timeout handling failed", e);
        }
    }

    // ------------------------------------------------------------------ the driver

    /** Under the lock: steps the driver with {@code first} and the answers its effects call for, in order. */
    private void submit(DriverInput<ProposalMessage> first) {
        if (chain.divergence().isPresent()) {
            return;
        }
        Deque<DriverInput<ProposalMessage>> work = new ArrayDeque<>();
        work.add(first);
        drain(work);
    }

    /** Steps the driver with each input of {@code work} in turn, telling it first where the head is. */
    private void drain(Deque<DriverInput<ProposalMessage>> work) {
        while (true) {
            followHead(work);
            DriverInput<ProposalMessage> next = work.poll();
            if (next == null) {
                return;
            }
            step(next, work);
        }
    }

    /** Tells the driver where the head is when it moved (a decision, or sync) since it last heard. */
    private void followHead(Deque<DriverInput<ProposalMessage>> work) {
        BlockHeader head = reads.head();
        if (head.height() + 1 == state.height()) {
            return;
        }
        long epoch = chain.genesis().consensus().epochOf(head.height() + 1);
        ValidatorSet set = reads.validatorsFor(epoch)
                .orElseThrow(() -> new IllegalStateException("no on-duty set for epoch " + epoch));
        step(new DriverInput.HeadMoved<>(head.height(), head.timestampMillis(), set, clock.millis()), work);
    }

    private void step(DriverInput<ProposalMessage> in, Deque<DriverInput<ProposalMessage>> answers) {
        HeightDriver.Transition<ProposalMessage> t = driver.step(state, in);
        state = t.state();
        for (DriverEffect<ProposalMessage> e : t.effects()) {
            execute(e, in.nowMillis(), answers);
        }
    }

    private void execute(DriverEffect<ProposalMessage> effect, long now, Deque<DriverInput<ProposalMessage>> answers) {
        if (effect instanceof DriverEffect.Entered<ProposalMessage> en) {
            blocks.clear();
            signedProposals.clear();
            if (en.dutyChanged()) {
                LOG.info(() -> "from block " + en.height() + " this validator is "
                        + (en.onDuty() ? "on duty" : "not on duty; it follows the chain"));
            }
        } else if (effect instanceof DriverEffect.BuildCandidate<ProposalMessage> b) {
            BlockExecution.Outcome candidate;
            try {
                candidate = chain.buildCandidate(now);
            } catch (RuntimeException ex) {
                LOG.log(Level.SEVERE, "cannot build a candidate for block " + b.height() + "; the driver asks again", ex);
                return;
            }
            Hash value = candidate.header().hash();
            blocks.put(value, candidate);
            answers.add(new DriverInput.CandidateBuilt<>(b.height(), value, now));
        } else if (effect instanceof DriverEffect.CheckBlock<ProposalMessage> c) {
            check(c.block(), now).ifPresent(answers::add);
        } else if (effect instanceof DriverEffect.PublishProposal<ProposalMessage> p) {
            byte[] payload = signedProposals.computeIfAbsent(p.proposal(), pr -> {
                BlockExecution.Outcome out = blocks.get(pr.value());
                return ProposalMessage.sign(pr, out.header(), out.body(), key, chain.genesisHash()).encode();
            });
            network.publish(Envelope.Kind.PROPOSAL, payload);
        } else if (effect instanceof DriverEffect.PublishVote<ProposalMessage> v) {
            network.publish(Envelope.Kind.VOTE, v.vote().encode());
        } else if (effect instanceof DriverEffect.ScheduleTimeout<ProposalMessage> t) {
            scheduler.schedule(() -> onTimeout(t.timeout()), t.millis(), TimeUnit.MILLISECONDS);
        } else if (effect instanceof DriverEffect.Commit<ProposalMessage> c) {
            commit(c, now);
        } else if (effect instanceof DriverEffect.Equivocation<ProposalMessage> eq) {
            Bft.Evidence ev = eq.evidence();
            LOG.warning(() -> "validator " + ev.first().voter() + " equivocated: " + ev.first() + " and " + ev.second());
            chain.reportEquivocation(Evidence.of(ev.first(), ev.second()));
            synchronized (evidence) {
                evidence.addLast(ev);
                if (evidence.size() > 100) {
                    evidence.removeFirst();
                }
            }
        } else if (effect instanceof DriverEffect.LateVote<ProposalMessage> lv) {
            chain.addPrecommit(lv.vote()); // a late precommit for the head: credit for its signer
        }
    }

    /** Replays a proposed block on the head; empty when the head moved meanwhile (the answer would be moot). */
    private Optional<DriverInput<ProposalMessage>> check(ProposalMessage pm, long now) {
        long height = pm.proposal().height();
        if (height != reads.head().height() + 1) {
            return Optional.empty();
        }
        String invalid;
        if (pm.header().timestampMillis() > now + MAX_CLOCK_DRIFT_MILLIS) {
            invalid = "block time " + pm.header().timestampMillis() + " is ahead of this node's clock";
        } else {
            BlockExecution.Result r = chain.check(pm.header(), pm.body());
            r.outcome().ifPresent(out -> blocks.put(pm.proposal().value(), out));
            invalid = r.outcome().isPresent() ? null : r.invalid().orElse("invalid block");
        }
        if (invalid != null) {
            invalidProposals.incrementAndGet();
            LOG.warning(() -> "invalid proposal for block " + pm.header().height() + " from "
                    + pm.proposal().proposer() + ": " + invalid);
        }
        return Optional.of(new DriverInput.BlockChecked<>(height, pm.proposal().value(), invalid == null, now));
    }

    private void commit(DriverEffect.Commit<ProposalMessage> c, long now) {
        Bft.Decision d = c.decision();
        BlockExecution.Outcome out = blocks.get(d.value());
        try {
            if (chain.commit(out, d.commit(c.height()), now)) {
                decided.incrementAndGet();
                if (d.round() > 0) {
                    decidedAfterRound0.incrementAndGet();
                }
                lastDecisionMillis = now - c.startedAtMillis();
                LOG.fine(() -> "decided block " + c.height() + " in round " + d.round() + " after "
                        + (now - c.startedAtMillis()) + " ms");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot persist decided block " + c.height() + "; sync will fetch it from a peer", e);
        }
    }

    // ------------------------------------------------------------------ reports

    /** What health and the validators API report about this node's part in consensus. */
    public Map<String, Object> status() {
        DriverState<ProposalMessage> s = state;
        synchronized (evidence) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("height", s.height());
            out.put("onDuty", s.onDuty());
            out.put("round", s.bft().map(Bft.State::round).orElse(-1));
            out.put("step", s.bft().map(b -> b.step().name().toLowerCase(Locale.ROOT)).orElse("idle"));
            out.put("decided", decided.get());
            out.put("decidedAfterRound0", decidedAfterRound0.get());
            out.put("lastDecisionMillis", lastDecisionMillis);
            out.put("invalidProposals", invalidProposals.get());
            out.put("badVotes", badVotes.get());
            out.put("equivocations", evidence.size());
            out.put("pendingEvidence", chain.pendingEvidence());
            return out;
        }
    }

    /** The equivocations seen, oldest first (at most the last 100). */
    public List<Bft.Evidence> evidence() {
        synchronized (evidence) {
            return List.copyOf(evidence);
        }
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
