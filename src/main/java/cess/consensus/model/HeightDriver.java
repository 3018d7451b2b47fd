package cess.consensus.model;

import cess.consensus.model.DriverEffect.BuildCandidate;
import cess.consensus.model.DriverEffect.CheckBlock;
import cess.consensus.model.DriverEffect.Commit;
import cess.consensus.model.DriverEffect.Entered;
import cess.consensus.model.DriverEffect.Equivocation;
import cess.consensus.model.DriverEffect.LateVote;
import cess.consensus.model.DriverEffect.PublishProposal;
import cess.consensus.model.DriverEffect.PublishVote;
import cess.consensus.model.DriverEffect.ScheduleTimeout;
import cess.consensus.model.DriverInput.BlockChecked;
import cess.consensus.model.DriverInput.CandidateBuilt;
import cess.consensus.model.DriverInput.ClockTicked;
import cess.consensus.model.DriverInput.HeadMoved;
import cess.consensus.model.DriverInput.PeerMessage;
import cess.consensus.model.DriverInput.ProposalReceived;
import cess.consensus.model.DriverInput.TimeoutFired;
import cess.consensus.model.DriverInput.VoteReceived;
import cess.consensus.model.DriverState.Phase;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Drives one {@link Bft} engine per height on a validator: the pure part of what a node's
 * consensus driver does, so that the node and the seeded network simulation run the same code.
 * <pre>{@code
 * HeightDriver.Transition<B> t = driver.step(state, input);
 * state = t.state();
 * t.effects().forEach(effects::execute);
 * }</pre>
 *
 * <ul>
 *   <li><b>Heights.</b> A {@link HeadMoved} moves the driver to the height after the head,
 *       whether this node decided the head or caught up by sync, and forgets the height before.
 *       Off duty at that height (not in its on-duty set), it only follows: it takes no part,
 *       keeps nothing, and sends nothing.</li>
 *   <li><b>Starting.</b> A height starts when the clock ticks with work to do once the block time
 *       has passed since the head ({@link Tick}), or as soon as a peer's message for it arrives,
 *       so that validators with empty pools take part. Starting asks for a candidate block
 *       ({@link BuildCandidate}), again every resend interval until it comes; messages arriving
 *       meanwhile wait in an inbox.</li>
 *   <li><b>Checking.</b> A proposal from the round's proposer is fed to the engine once its block
 *       is checked ({@link CheckBlock}, once per block hash and height). Votes go in at once.</li>
 *   <li><b>Own messages.</b> What the engine sends is published, signed by the {@code signer}
 *       for votes, and fed back in like anyone's; the driver keeps it and publishes it again every
 *       {@link DriverParams#resendMillis()} until the height is decided, for peers that missed it.</li>
 *   <li><b>Later heights.</b> Messages for up to {@link DriverParams#futureHeights()} heights ahead
 *       are kept (at most {@link DriverParams#futureMessages()} in all) and replayed on arrival there;
 *       messages for decided heights are dropped, but a late vote for the head is handed on.</li>
 *   <li><b>Decision.</b> The engine's decision becomes a {@link Commit}; the driver then waits,
 *       doing nothing at that height, for the shell to report the new head.</li>
 * </ul>
 *
 * <p>Pure and deterministic: time comes with the inputs. Instances are immutable and thread-safe;
 * the state is the caller's, and one caller must apply the inputs one at a time.
 *
 * @param <B> the proposed block as it travels with a proposal (kept, then handed back to be checked)
 */
public final class HeightDriver<B> {
    private final Address self;
    private final BftParams params;
    private final DriverParams limits;
    private final UnaryOperator<Vote> signer;

    /** The new state and the effects to carry out, in order. */
    public record Transition<B>(DriverState<B> state, List<DriverEffect<B>> effects) {
        public Transition {
            effects = List.copyOf(effects);
        }
    }

    /**
     * @param self   this node's validator account
     * @param params the engine's timeouts
     * @param limits resend interval and future-message bounds
     * @param signer signs this node's votes (deterministic: Ed25519 signatures are)
     */
    public HeightDriver(Address self, BftParams params, DriverParams limits, UnaryOperator<Vote> signer) {
        if (self == null || params == null || limits == null || signer == null) {
            throw new IllegalArgumentException("a height driver needs every part");
        }
        this.self = self;
        this.params = params;
        this.limits = limits;
        this.signer = signer;
    }

    public DriverParams limits() {
        return limits;
    }

    /** Applies one input; see the class comment. */
    public Transition<B> step(DriverState<B> state, DriverInput<B> input) {
        Work w = new Work(state, input.nowMillis());
        if (input instanceof HeadMoved<B> h) {
            w.onHeadMoved(h);
        } else if (input instanceof ClockTicked<B> t) {
            w.onTick(t);
        } else if (input instanceof PeerMessage<B> m) {
            w.route(m);
        } else if (input instanceof CandidateBuilt<B> c) {
            w.onCandidate(c);
        } else if (input instanceof BlockChecked<B> c) {
            w.onChecked(c);
        } else if (input instanceof TimeoutFired<B> t) {
            w.onTimeout(t);
        }
        return new Transition<>(w.freeze(), w.effects);
    }

    /** The working copy one step mutates. */
    private final class Work {
        private final long now;
        private final List<DriverEffect<B>> effects = new ArrayList<>();
        private long height;
        private long headTimestamp;
        private Optional<Bft.Context> context;
        private Phase phase;
        private Bft.State bft;
        private List<PeerMessage<B>> inbox;
        private final Map<Hash, Boolean> validity;
        private final Map<Hash, List<Proposal>> unchecked;
        /** Copied on the first change only: it may hold thousands of messages. */
        private Map<Long, List<PeerMessage<B>>> future;
        private int futureCount;
        private List<DriverEffect<B>> sent;
        private long startedAt;
        private long lastResend;

        Work(DriverState<B> s, long now) {
            this.now = now;
            height = s.height();
            headTimestamp = s.headTimestampMillis();
            context = s.context();
            phase = s.phase();
            bft = s.bft().orElse(null);
            inbox = new ArrayList<>(s.inbox());
            validity = new HashMap<>(s.validity());
            unchecked = new HashMap<>(s.unchecked());
            future = s.future();
            futureCount = s.futureCount();
            sent = new ArrayList<>(s.sent());
            startedAt = s.startedAtMillis();
            lastResend = s.lastResendMillis();
        }

        DriverState<B> freeze() {
            return new DriverState<>(height, headTimestamp, context, phase, Optional.ofNullable(bft), inbox, validity,
                    unchecked, future, futureCount, sent, startedAt, lastResend);
        }

        // -------------------------------------------------------------- inputs

        void onHeadMoved(HeadMoved<B> h) {
            long next = h.headHeight() + 1;
            if (next == height) {
                return;
            }
            boolean wasOnDuty = context.isPresent();
            height = next;
            headTimestamp = h.headTimestampMillis();
            context = h.validators().contains(self)
                    ? Optional.of(new Bft.Context(next, h.validators(), self, params)) : Optional.empty();
            phase = Phase.WAITING;
            bft = null;
            inbox = new ArrayList<>();
            validity.clear();
            unchecked.clear();
            sent = new ArrayList<>();
            List<PeerMessage<B>> waiting = future.getOrDefault(next, List.of());
            Map<Long, List<PeerMessage<B>>> later = new HashMap<>(future);
            later.keySet().removeIf(k -> k <= next);
            future = Map.copyOf(later);
            futureCount = later.values().stream().mapToInt(List::size).sum();
            effects.add(new Entered<>(next, context.isPresent(), context.isPresent() != wasOnDuty));
            if (context.isPresent() && !waiting.isEmpty()) {
                begin();
                inbox.addAll(waiting);
            }
        }

        void onTick(ClockTicked<B> t) {
            if (phase == Phase.STARTING) {
                if (now - startedAt >= limits.resendMillis()) {
                    begin(); // the candidate never came (the shell failed to build it): ask again
                }
                return;
            }
            Tick.View view = new Tick.View(context.isPresent(), Optional.ofNullable(bft), t.work(), now,
                    headTimestamp, t.blockTimeMillis(), lastResend, limits.resendMillis());
            switch (Tick.of(view)) {
                case START -> begin();
                case RESEND -> {
                    lastResend = now;
                    effects.addAll(sent);
                }
                case IDLE -> {
                }
            }
        }

        /** Hands a message to this height's engine, keeps it for a later height, or drops it. */
        void route(PeerMessage<B> m) {
            long h = m.height();
            if (h < height) {
                if (m instanceof VoteReceived<B> v && h == height - 1) {
                    effects.add(new LateVote<>(v.vote()));
                }
                return; // decided already
            }
            if (context.isEmpty()) {
                return; // off duty: this node only follows the chain
            }
            if (h > height) {
                if (h <= height + limits.futureHeights() && futureCount < limits.futureMessages()) {
                    Map<Long, List<PeerMessage<B>>> next = new HashMap<>(future);
                    List<PeerMessage<B>> atHeight = new ArrayList<>(next.getOrDefault(h, List.of()));
                    atHeight.add(m);
                    next.put(h, List.copyOf(atHeight));
                    future = Map.copyOf(next);
                    futureCount++;
                }
                return;
            }
            switch (phase) {
                case WAITING -> {
                    begin();
                    inbox.add(m);
                }
                case STARTING -> {
                    if (inbox.size() < limits.futureMessages()) {
                        inbox.add(m);
                    }
                }
                case RUNNING -> feed(m);
            }
        }

        void onCandidate(CandidateBuilt<B> c) {
            if (c.height() != height || phase != Phase.STARTING) {
                return;
            }
            phase = Phase.RUNNING;
            bft = Bft.initial(c.value());
            validity.put(c.value(), true);
            startedAt = now;
            lastResend = now;
            apply(new Bft.Start());
            List<PeerMessage<B>> waiting = inbox;
            inbox = new ArrayList<>();
            for (PeerMessage<B> m : waiting) {
                if (bft.decision().isPresent()) {
                    break;
                }
                feed(m);
            }
        }

        void onChecked(BlockChecked<B> c) {
            if (c.height() != height || phase != Phase.RUNNING || !unchecked.containsKey(c.value())) {
                return;
            }
            validity.put(c.value(), c.valid());
            for (Proposal p : unchecked.remove(c.value())) {
                apply(new Bft.ProposalIn(p, c.valid()));
            }
        }

        void onTimeout(TimeoutFired<B> t) {
            if (t.timeout().height() == height && phase == Phase.RUNNING) {
                apply(t.timeout());
            }
        }

        // -------------------------------------------------------------- the height

        private void begin() {
            phase = Phase.STARTING;
            startedAt = now;
            effects.add(new BuildCandidate<>(height));
        }

        private void feed(PeerMessage<B> m) {
            if (m instanceof VoteReceived<B> v) {
                apply(new Bft.VoteIn(v.vote()));
                return;
            }
            ProposalReceived<B> p = (ProposalReceived<B>) m;
            Proposal pr = p.proposal();
            if (!pr.proposer().equals(context.orElseThrow().validators().proposer(height, pr.round()))
                    || bft.proposals().containsKey(pr.round())) {
                return; // the engine would ignore it: no need to replay its block
            }
            Boolean valid = validity.get(pr.value());
            if (valid != null) {
                apply(new Bft.ProposalIn(pr, valid));
            } else if (unchecked.containsKey(pr.value())) {
                List<Proposal> waiting = new ArrayList<>(unchecked.get(pr.value()));
                if (!waiting.contains(pr)) {
                    waiting.add(pr);
                    unchecked.put(pr.value(), List.copyOf(waiting));
                }
            } else {
                unchecked.put(pr.value(), List.of(pr));
                effects.add(new CheckBlock<>(pr, p.block()));
            }
        }

        /** Steps the engine with {@code first} and everything the step makes this node say to itself. */
        private void apply(Bft.Input first) {
            Deque<Bft.Input> work = new ArrayDeque<>();
            work.add(first);
            Bft.Context c = context.orElseThrow();
            while (!work.isEmpty() && bft.decision().isEmpty()) {
                Bft.Result r = Bft.step(c, bft, work.poll());
                bft = r.state();
                for (Bft.Effect e : r.effects()) {
                    if (e instanceof Bft.SendProposal sp) {
                        say(new PublishProposal<>(sp.proposal()));
                        work.add(new Bft.ProposalIn(sp.proposal(), true));
                    } else if (e instanceof Bft.SendVote sv) {
                        Vote v = signer.apply(sv.vote());
                        say(new PublishVote<>(v));
                        work.add(new Bft.VoteIn(v));
                    } else if (e instanceof Bft.ScheduleTimeout t) {
                        effects.add(new ScheduleTimeout<>(new Bft.TimeoutIn(t.step(), t.height(), t.round()),
                                t.millis()));
                    } else if (e instanceof Bft.Decided d) {
                        effects.add(new Commit<>(height, d.decision(), startedAt));
                    } else if (e instanceof Bft.Evidence ev) {
                        effects.add(new Equivocation<>(ev));
                    }
                }
            }
        }

        private void say(DriverEffect<B> message) {
            sent.add(message);
            effects.add(message);
        }
    }
}
