package cess.consensus.control;

import cess.consensus.model.Bft;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.Evidence;
import cess.consensus.model.ProposalMessage;
import cess.consensus.model.Tick;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the pure {@link Bft} engine on a validator: one engine per height, fed with the
 * proposals and votes the network brings (signatures checked, proposed blocks replayed on this
 * node's head to learn whether they are valid), the timeouts it asked for, and this node's own
 * messages. It carries out the engine's effects: it signs and publishes proposals (with their
 * block) and votes, schedules timeouts, and when the engine decides, persists the block with the
 * precommits as its commit and moves on to the next height.
 *
 * <p>A height starts when this validator has transactions or evidence waiting and the block time has passed
 * since its head, or as soon as it hears a proposal or vote for it from another validator (so
 * validators with empty pools take part). Messages for the next few heights wait until this node
 * gets there; the messages of the height in progress are sent again every
 * {@link #RESEND_MILLIS} until it is decided, so a validator that missed them (a reconnect, a
 * restart) catches up. A node behind by whole blocks catches up through {@link BlockSync}; the
 * driver notices the head moving and starts over at the new height.
 *
 * <p>All engine steps run under one lock, one at a time, whatever thread brings the input.
 */
@Singleton
@Startup
// PeerNetwork depends on ChainNode. Naming both trips Payara's false cycle check ("A on B, C; C on B").
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConsensusDriver {
    static final long RESEND_MILLIS = 1000;
    /** How far ahead of this node's height messages are kept for later. */
    static final int FUTURE_HEIGHTS = 4;
    static final int FUTURE_MESSAGES = 2000;
    /** How far ahead of this node's clock a proposed block's time may be. */
    static final long MAX_CLOCK_DRIFT_MILLIS = 5000;
    private static final Logger LOG = Logger.getLogger(ConsensusDriver.class.getName());

    @Inject
    ChainNode chain;
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
    private volatile long height;
    /** Whether this node is on duty at {@link #height}. */
    private volatile boolean onDuty;
    private Bft.Context context;
    /** The engine's state at this height; null until the height starts. */
    private volatile Bft.State state;
    private long startedAt;
    /** The blocks proposed at this height, by hash: their outcome when valid. */
    private final Map<Hash, Checked> blocks = new HashMap<>();
    /** Messages for later heights, by height, in arrival order. */
    private final TreeMap<Long, List<Object>> future = new TreeMap<>();
    private int futureCount;
    /** This node's messages at this height, to send again until it is decided. */
    private final List<Outgoing> sent = new ArrayList<>();
    private long lastResend;
    private final Deque<Bft.Evidence> evidence = new ArrayDeque<>();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong decidedAfterRound0 = new AtomicLong();
    private final AtomicLong invalidProposals = new AtomicLong();
    private final AtomicLong badVotes = new AtomicLong();
    private volatile long lastDecisionMillis = -1;
    private ScheduledFuture<?> ticking;

    private record Checked(Optional<BlockExecution.Outcome> outcome, String invalid) {
        boolean valid() {
            return outcome.isPresent();
        }
    }

    private record Outgoing(Envelope.Kind kind, byte[] payload) {
    }

    @PostConstruct
    void start() {
        key = config.nodeKey();
        if (!config.roles().contains(NodeConfig.Role.CONSENSUS)) {
            LOG.info("this node has no consensus role: it follows the chain without voting");
            return;
        }
        network.handle(Envelope.Kind.PROPOSAL, e -> onProposal(e.payload()));
        network.handle(Envelope.Kind.VOTE, e -> onVote(e.payload()));
        long blockTime = chain.blockTimeMillis();
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
                long now = clock.millis();
                advanceIfHeadMoved(now);
                long blockTime = chain.blockTimeMillis();
                boolean work = state == null && onDuty
                        && (chain.poolSize() > 0 || chain.pendingEvidence() > 0 || chain.governanceDue(now));
                switch (Tick.of(new Tick.View(onDuty, Optional.ofNullable(state), work, now,
                        chain.head().timestampMillis(), blockTime, lastResend, RESEND_MILLIS))) {
                    case START -> startHeight(now);
                    case RESEND -> {
                        lastResend = now;
                        sent.forEach(o -> network.publish(o.kind(), o.payload()));
                    }
                    case IDLE -> {
                    }
                }
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
            route(pm.proposal().height(), pm);
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
            route(v.height(), v);
        }
    }

    private void onTimeout(Bft.ScheduleTimeout t) {
        try {
            synchronized (lock) {
                long now = clock.millis();
                advanceIfHeadMoved(now);
                if (t.height() == height && state != null) {
                    apply(new Bft.TimeoutIn(t.step(), t.height(), t.round()), now);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "consensus timeout handling failed", e);
        }
    }

    /** Hands a proposal or vote to this height's engine, keeps it for a later height, or drops it. */
    private void route(long messageHeight, Object message) {
        if (chain.divergence().isPresent()) {
            return;
        }
        long now = clock.millis();
        advanceIfHeadMoved(now);
        if (messageHeight < height) {
            if (message instanceof Vote v && messageHeight == height - 1) {
                chain.addPrecommit(v); // a late precommit for the head: credit for its signer
            }
            return; // decided already
        }
        if (!onDuty) {
            return;
        }
        if (messageHeight > height) {
            if (messageHeight <= height + FUTURE_HEIGHTS && futureCount < FUTURE_MESSAGES) {
                future.computeIfAbsent(messageHeight, h -> new ArrayList<>()).add(message);
                futureCount++;
            }
            return;
        }
        if (state == null) {
            startHeight(now);
        }
        feed(message, now);
    }

    private void feed(Object message, long now) {
        if (message instanceof ProposalMessage pm) {
            Checked c = blocks.computeIfAbsent(pm.proposal().value(), v -> check(pm, now));
            if (!c.valid()) {
                invalidProposals.incrementAndGet();
                LOG.warning(() -> "invalid proposal for block " + pm.header().height() + " from "
                        + pm.proposal().proposer() + ": " + c.invalid());
            }
            apply(new Bft.ProposalIn(pm.proposal(), c.valid()), now);
        } else if (message instanceof Vote v) {
            apply(new Bft.VoteIn(v), now);
        }
    }

    private Checked check(ProposalMessage pm, long now) {
        if (pm.header().timestampMillis() > now + MAX_CLOCK_DRIFT_MILLIS) {
            return new Checked(Optional.empty(), "block time " + pm.header().timestampMillis() + " is ahead of this node's clock");
        }
        BlockExecution.Result r = chain.check(pm.header(), pm.body());
        return new Checked(r.outcome(), r.invalid().orElse(null));
    }

    // ------------------------------------------------------------------ heights

    /** Moves to the height after the head when the head moved (a decision, or sync). */
    private void advanceIfHeadMoved(long now) {
        long next = chain.head().height() + 1;
        if (next == height) {
            return;
        }
        height = next;
        long epoch = chain.genesis().consensus().epochOf(height);
        ValidatorSet set = chain.validatorsFor(epoch)
                .orElseThrow(() -> new IllegalStateException("no on-duty set for epoch " + epoch));
        boolean wasOnDuty = onDuty;
        onDuty = set.contains(key.address());
        if (onDuty != wasOnDuty) {
            LOG.info(() -> "from block " + height + " (epoch " + epoch + ") this validator is "
                    + (onDuty ? "on duty" : "not on duty; it follows the chain"));
        }
        context = new Bft.Context(height, set, key.address(), config.bftParams());
        state = null;
        blocks.clear();
        sent.clear();
        List<Object> waiting = future.remove(height);
        future.headMap(height).clear();
        futureCount = future.values().stream().mapToInt(List::size).sum();
        if (waiting != null && !waiting.isEmpty() && onDuty) {
            startHeight(now);
            for (Object m : waiting) {
                if (height != chain.head().height() + 1 || state == null || state.decision().isPresent()) {
                    break;
                }
                feed(m, now);
            }
        }
    }

    private void startHeight(long now) {
        BlockExecution.Outcome candidate = chain.buildCandidate(now);
        Hash value = candidate.header().hash();
        blocks.put(value, new Checked(Optional.of(candidate), null));
        state = Bft.initial(value);
        startedAt = now;
        lastResend = now;
        apply(new Bft.Start(), now);
    }

    /** Steps the engine with {@code first} and everything the step makes this node say to itself. */
    private void apply(Bft.Input first, long now) {
        Deque<Bft.Input> work = new ArrayDeque<>();
        work.add(first);
        Optional<Bft.Decision> decision = Optional.empty();
        while (!work.isEmpty() && decision.isEmpty()) {
            Bft.Result r = Bft.step(context, state, work.poll());
            state = r.state();
            for (Bft.Effect effect : r.effects()) {
                if (effect instanceof Bft.SendProposal sp) {
                    Checked block = blocks.get(sp.proposal().value());
                    BlockExecution.Outcome out = block.outcome().orElseThrow();
                    ProposalMessage pm = ProposalMessage.sign(sp.proposal(), out.header(), out.body(), key,
                            chain.genesisHash());
                    say(Envelope.Kind.PROPOSAL, pm.encode());
                    work.add(new Bft.ProposalIn(sp.proposal(), true));
                } else if (effect instanceof Bft.SendVote sv) {
                    Vote v = sv.vote().signed(key.sign(sv.vote().signingPayload(chain.genesisHash())));
                    say(Envelope.Kind.VOTE, v.encode());
                    work.add(new Bft.VoteIn(v));
                } else if (effect instanceof Bft.ScheduleTimeout t) {
                    scheduler.schedule(() -> onTimeout(t), t.millis(), TimeUnit.MILLISECONDS);
                } else if (effect instanceof Bft.Decided d) {
                    decision = Optional.of(d.decision());
                } else if (effect instanceof Bft.Evidence ev) {
                    LOG.warning(() -> "validator " + ev.first().voter() + " equivocated: " + ev.first() + " and " + ev.second());
                    chain.reportEquivocation(Evidence.of(ev.first(), ev.second()));
                    synchronized (evidence) {
                        evidence.addLast(ev);
                        if (evidence.size() > 100) {
                            evidence.removeFirst();
                        }
                    }
                }
            }
        }
        decision.ifPresent(d -> commit(d, now));
    }

    private void say(Envelope.Kind kind, byte[] payload) {
        sent.add(new Outgoing(kind, payload));
        network.publish(kind, payload);
    }

    private void commit(Bft.Decision d, long now) {
        BlockExecution.Outcome out = blocks.get(d.value()).outcome().orElseThrow();
        try {
            if (chain.commit(out, d.commit(height), now)) {
                decided.incrementAndGet();
                if (d.round() > 0) {
                    decidedAfterRound0.incrementAndGet();
                }
                lastDecisionMillis = now - startedAt;
                LOG.fine(() -> "decided block " + height + " in round " + d.round() + " after " + (now - startedAt) + " ms");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot persist decided block " + height + "; sync will fetch it from a peer", e);
        }
        advanceIfHeadMoved(now);
    }

    // ------------------------------------------------------------------ reports

    /** What health and the validators API report about this node's part in consensus. */
    public Map<String, Object> status() {
        Bft.State s = state;
        synchronized (evidence) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("height", height);
            out.put("onDuty", onDuty);
            out.put("round", s == null ? -1 : s.round());
            out.put("step", s == null ? "idle" : s.step().name().toLowerCase(java.util.Locale.ROOT));
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
