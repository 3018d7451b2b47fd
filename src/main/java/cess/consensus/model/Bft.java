package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The BFT engine of one height, in the Tendermint family (Buchman, Kwon, Milosevic, "The latest
 * gossip on BFT consensus", 2018): propose, prevote, precommit, with locking and round timeouts
 * and a proposer that rotates by height and round. Safe with less than a third of the voting
 * power faulty; live once the network delivers messages within the timeouts.
 *
 * <p>A pure step function: {@link #step} takes the state and one input (a proposal, a vote, a
 * timeout that fired, or the start of the height) and returns the next state and the effects to
 * carry out (messages to send, timeouts to schedule, the decision, evidence of equivocation). The
 * driver signs and sends what the engine sends — and feeds the node's own messages back in as
 * inputs, like anyone else's — verifies signatures and block validity before a message becomes
 * an input, and keeps time. Inputs for other heights are ignored: the driver routes them.
 */
public final class Bft {
    private Bft() {
    }

    public enum Step { PROPOSE, PREVOTE, PRECOMMIT }

    /** What is fixed for one height: the height, who votes, who this node is, the timeouts. */
    public record Context(long height, ValidatorSet validators, Address self, BftParams params) {
    }

    /** The decided block and the precommits (more than 2/3 of the power) that make it final. */
    public record Decision(int round, Hash value, List<Vote> precommits) {
        public Decision {
            precommits = List.copyOf(precommits);
        }

        public Commit commit(long height) {
            return new Commit(height, round, value,
                    precommits.stream().map(v -> new CommitSignature(v.voter(), v.signature())).toList());
        }
    }

    // ------------------------------------------------------------------ inputs and effects

    public sealed interface Input permits Start, ProposalIn, VoteIn, TimeoutIn {
    }

    /** Begin the height at round 0. */
    public record Start() implements Input {
    }

    /** A proposal from the network (or this node's own), with whether its block is valid. */
    public record ProposalIn(Proposal proposal, boolean valid) implements Input {
    }

    /** A prevote or precommit whose signature the driver has checked. */
    public record VoteIn(Vote vote) implements Input {
    }

    /** A timeout the engine scheduled has fired. */
    public record TimeoutIn(Step step, long height, int round) implements Input {
    }

    public sealed interface Effect permits SendProposal, SendVote, ScheduleTimeout, Decided, Evidence {
    }

    public record SendProposal(Proposal proposal) implements Effect {
    }

    /** A vote to sign and broadcast (its signature is null until the driver signs it). */
    public record SendVote(Vote vote) implements Effect {
    }

    public record ScheduleTimeout(Step step, long height, int round, long millis) implements Effect {
    }

    public record Decided(Decision decision) implements Effect {
    }

    /** Two conflicting votes of one validator for one slot: proof of equivocation, for the chain. */
    public record Evidence(Vote first, Vote second) implements Effect {
    }

    public record Result(State state, List<Effect> effects) {
        public Result {
            effects = List.copyOf(effects);
        }
    }

    // ------------------------------------------------------------------ state

    /**
     * Everything the engine knows at one height. Immutable: {@link #step} returns a new one.
     *
     * @param candidate the block this node proposes when it is the proposer and holds no valid value
     * @param proposals the first proposal of each round's proposer, with its validity
     * @param votes     the prevotes and precommits taken in (see {@link VoteKeeper})
     * @param done      rules that fire once per round ("prevote-timeout:3"), already fired
     */
    public record State(boolean started, int round, Step step, Optional<Hash> lockedValue, int lockedRound,
                        Optional<Hash> validValue, int validRound, Hash candidate,
                        Map<Integer, ProposalIn> proposals, VoteKeeper votes, Set<String> done,
                        Optional<Decision> decision) {
        /** Per round, the prevotes taken in. */
        public Map<Integer, List<Vote>> prevotes() {
            return votes.prevotes();
        }

        /** Per round, the precommits taken in. */
        public Map<Integer, List<Vote>> precommits() {
            return votes.precommits();
        }
    }

    /** The state before {@link Start}: round 0, nothing locked, {@code candidate} to propose. */
    public static State initial(Hash candidate) {
        return new State(false, 0, Step.PROPOSE, Optional.empty(), -1, Optional.empty(), -1, candidate, Map.of(),
                VoteKeeper.empty(), Set.of(), Optional.empty());
    }

    /** Applies one input; see the class comment. */
    public static Result step(Context c, State s, Input in) {
        Work w = new Work(c, s);
        if (s.decision().isPresent()) {
            return new Result(s, List.of());
        }
        if (in instanceof Start) {
            if (!s.started()) {
                w.started = true;
                w.startRound(0);
            }
        } else if (in instanceof ProposalIn p) {
            w.onProposal(p);
        } else if (in instanceof VoteIn v) {
            w.onVote(v.vote());
        } else if (in instanceof TimeoutIn t) {
            w.onTimeout(t);
        }
        if (w.started) {
            w.applyRules();
        }
        return new Result(w.freeze(), w.effects);
    }

    /** The working copy one step mutates. */
    private static final class Work {
        private final Context c;
        private final List<Effect> effects = new ArrayList<>();
        private boolean started;
        private int round;
        private Step step;
        private Optional<Hash> lockedValue;
        private int lockedRound;
        private Optional<Hash> validValue;
        private int validRound;
        private final Hash candidate;
        private Map<Integer, ProposalIn> proposals;
        private VoteKeeper votes;
        private Set<String> done;
        private Optional<Decision> decision;

        Work(Context c, State s) {
            this.c = c;
            started = s.started();
            round = s.round();
            step = s.step();
            lockedValue = s.lockedValue();
            lockedRound = s.lockedRound();
            validValue = s.validValue();
            validRound = s.validRound();
            candidate = s.candidate();
            proposals = s.proposals();
            votes = s.votes();
            done = s.done();
            decision = s.decision();
        }

        State freeze() {
            return new State(started, round, step, lockedValue, lockedRound, validValue, validRound, candidate,
                    proposals, votes, done, decision);
        }

        // -------------------------------------------------------------- inputs

        void onProposal(ProposalIn p) {
            Proposal pr = p.proposal();
            if (pr.height() != c.height() || !pr.proposer().equals(c.validators().proposer(c.height(), pr.round()))
                    || proposals.containsKey(pr.round())) {
                return; // another height, not this round's proposer, or a second proposal: the first stands
            }
            Map<Integer, ProposalIn> next = new HashMap<>(proposals);
            next.put(pr.round(), p);
            proposals = Map.copyOf(next);
        }

        void onVote(Vote v) {
            if (v.height() != c.height() || !c.validators().contains(v.voter())) {
                return;
            }
            VoteKeeper.Added added = votes.add(v, this::proposed);
            votes = added.keeper();
            added.evidence().ifPresent(effects::add);
        }

        private boolean proposed(Hash value) {
            return proposals.values().stream().anyMatch(p -> p.proposal().value().equals(value));
        }

        void onTimeout(TimeoutIn t) {
            if (t.height() != c.height() || !started) {
                return;
            }
            switch (t.step()) {
                case PROPOSE -> {
                    if (t.round() == round && step == Step.PROPOSE) {
                        vote(Vote.Type.PREVOTE, Optional.empty());
                        step = Step.PREVOTE;
                    }
                }
                case PREVOTE -> {
                    if (t.round() == round && step == Step.PREVOTE) {
                        vote(Vote.Type.PRECOMMIT, Optional.empty());
                        step = Step.PRECOMMIT;
                    }
                }
                case PRECOMMIT -> {
                    if (t.round() == round) {
                        startRound(round + 1);
                    }
                }
            }
        }

        // -------------------------------------------------------------- rules

        void startRound(int r) {
            round = r;
            step = Step.PROPOSE;
            if (c.validators().proposer(c.height(), r).equals(c.self())) {
                Hash v = validValue.orElse(candidate);
                effects.add(new SendProposal(new Proposal(c.height(), r, v, validValue.isPresent() ? validRound : -1,
                        c.self())));
            } else {
                schedule(Step.PROPOSE, r);
            }
        }

        /** Applies every rule whose condition holds until none does (one input can enable several). */
        void applyRules() {
            boolean changed = true;
            while (changed && decision.isEmpty()) {
                changed = decide() || skipRound() || prevoteOnProposal() || lockOnQuorum() || precommitNil()
                        || timeoutsOnQuorums();
            }
        }

        /** Any round: the proposal and more than 2/3 precommits for it decide the height. */
        private boolean decide() {
            for (Map.Entry<Integer, ProposalIn> e : proposals.entrySet()) {
                Hash v = e.getValue().proposal().value();
                List<Vote> commits = votes.votesFor(Vote.Type.PRECOMMIT, e.getKey(), Optional.of(v));
                if (e.getValue().valid() && quorum(commits)) {
                    Decision d = new Decision(e.getKey(), v, commits);
                    decision = Optional.of(d);
                    effects.add(new Decided(d));
                    return true;
                }
            }
            return false;
        }

        /** More than 1/3 of the power is already in a later round: join the latest such round. */
        private boolean skipRound() {
            int best = -1;
            for (int r : votes.roundsAfter(round)) {
                if (r > best && c.validators().exceedsOneThird(votes.senders(r))) {
                    best = r;
                }
            }
            if (best > round) {
                startRound(best);
                return true;
            }
            return false;
        }

        /** In the propose step: prevote the round's proposal if it is valid and not against our lock. */
        private boolean prevoteOnProposal() {
            ProposalIn p = proposals.get(round);
            if (step != Step.PROPOSE || p == null) {
                return false;
            }
            Proposal pr = p.proposal();
            Optional<Hash> v = Optional.of(pr.value());
            boolean acceptable;
            if (pr.validRound() == -1) {
                acceptable = lockedRound == -1 || lockedValue.equals(v);
            } else if (pr.validRound() < round && quorum(votes.votesFor(Vote.Type.PREVOTE, pr.validRound(), v))) {
                acceptable = lockedRound <= pr.validRound() || lockedValue.equals(v);
            } else {
                return false; // wait for the prevotes that justify it, or for the propose timeout
            }
            vote(Vote.Type.PREVOTE, p.valid() && acceptable ? v : Optional.empty());
            step = Step.PREVOTE;
            return true;
        }

        /** Once per round: the proposal with more than 2/3 prevotes is locked (and precommitted) or remembered as valid. */
        private boolean lockOnQuorum() {
            ProposalIn p = proposals.get(round);
            String key = "lock:" + round;
            if (p == null || !p.valid() || step == Step.PROPOSE || done.contains(key)) {
                return false;
            }
            Optional<Hash> v = Optional.of(p.proposal().value());
            if (!quorum(votes.votesFor(Vote.Type.PREVOTE, round, v))) {
                return false;
            }
            done = with(done, key);
            if (step == Step.PREVOTE) {
                lockedValue = v;
                lockedRound = round;
                vote(Vote.Type.PRECOMMIT, v);
                step = Step.PRECOMMIT;
            }
            validValue = v;
            validRound = round;
            return true;
        }

        /** More than 2/3 prevoted nil: precommit nil. */
        private boolean precommitNil() {
            if (step != Step.PREVOTE || !quorum(votes.votesFor(Vote.Type.PREVOTE, round, Optional.empty()))) {
                return false;
            }
            vote(Vote.Type.PRECOMMIT, Optional.empty());
            step = Step.PRECOMMIT;
            return true;
        }

        /** Once per round: more than 2/3 of the power voted (for anything): start the step's timeout. */
        private boolean timeoutsOnQuorums() {
            boolean changed = false;
            String pv = "prevote-timeout:" + round;
            if (step == Step.PREVOTE && !done.contains(pv) && quorum(votes.all(Vote.Type.PREVOTE, round))) {
                done = with(done, pv);
                schedule(Step.PREVOTE, round);
                changed = true;
            }
            String pc = "precommit-timeout:" + round;
            if (!done.contains(pc) && quorum(votes.all(Vote.Type.PRECOMMIT, round))) {
                done = with(done, pc);
                schedule(Step.PRECOMMIT, round);
                changed = true;
            }
            return changed;
        }

        // -------------------------------------------------------------- helpers

        private void vote(Vote.Type type, Optional<Hash> value) {
            effects.add(new SendVote(new Vote(type, c.height(), round, value, c.self(), null)));
        }

        private void schedule(Step s, int r) {
            effects.add(new ScheduleTimeout(s, c.height(), r, c.params().timeout(s, r)));
        }

        private boolean quorum(Collection<Vote> votes) {
            return c.validators().isQuorum(votes.stream().map(Vote::voter).toList());
        }

        private static Set<String> with(Set<String> set, String item) {
            Set<String> next = new HashSet<>(set);
            next.add(item);
            return Set.copyOf(next);
        }
    }
}
