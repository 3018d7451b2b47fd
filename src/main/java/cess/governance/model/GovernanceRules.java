package cess.governance.model;

import cess.ledger.model.Balances;
import cess.ledger.model.BlockStart;
import cess.ledger.model.CallContext;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.Currency;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Params;
import cess.ledger.model.Issuance;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The rules of DAO governance. Pure: the same state, call and block time give the same result.
 * Transactions submit, vote and cancel ({@link #apply}); the chain itself decides votes and
 * enacts proposals at the start of each block ({@link #beginBlock}), so every replica does the
 * same at the same height whoever proposes the block.
 */
public final class GovernanceRules {
    private GovernanceRules() {
    }

    /** What the chain did by itself for a proposal in a block: the treasury's movements among it. */
    public record Event(long proposal, Kind kind, Optional<Address> account, Amount amount, String note) implements ChainEvent {
        public enum Kind {
            /** the vote ended with this verdict (amount: the turnout) */
            DECIDED,
            /** the bond went back to the proposer */
            BOND_RETURNED,
            /** the bond went to the treasury */
            BOND_FORFEITED,
            /** the treasury paid a passed funding request */
            PAID,
            /** a passed parameter change took effect */
            PARAMETER_SET,
            /** a passed proposal could not be carried out */
            FAILED
        }
    }

    /**
     * Applies a governance call by {@code sender} (whose fee is already paid) in a block at
     * {@code nowMillis}. On a rejection the caller discards the state.
     */
    public static Optional<TxRejection> apply(CallContext ctx, GovernanceCall call) {
        StateOverlay state = ctx.state();
        Address sender = ctx.sender();
        long nowMillis = ctx.nowMillis();
        if (call instanceof GovernanceCall.Propose p) {
            return propose(state, ctx.currency(), sender, p, nowMillis, ctx.params());
        }
        if (call instanceof GovernanceCall.Cast v) {
            return vote(state, ctx.currency(), sender, v, nowMillis);
        }
        return cancel(state, ctx.currency(), sender, (GovernanceCall.Cancel) call, nowMillis);
    }

    /** Why {@code p} cannot be a proposal under {@code params}, if it cannot. */
    public static Optional<String> problem(GovernanceCall.Propose p, Params params) {
        if (p.description().isBlank() || p.description().length() > Proposal.MAX_DESCRIPTION) {
            return Optional.of("a proposal needs a description of 1 to " + Proposal.MAX_DESCRIPTION + " characters");
        }
        if (p.link().length() > Proposal.MAX_LINK
                || !(p.link().isEmpty() || p.link().matches("https?://[^\\s<>\"]+"))) {
            return Optional.of("the link must be empty or an http(s) URL of at most " + Proposal.MAX_LINK + " characters");
        }
        if (p.action() instanceof Action.Funding f) {
            if (f.amount().isZero()) {
                return Optional.of("a funding request must ask for a positive amount");
            }
            if (f.beneficiary().equals(Balances.TREASURY)) {
                return Optional.of("the treasury cannot fund itself");
            }
            return Optional.empty();
        }
        Action.ParamChange c = (Action.ParamChange) p.action();
        Optional<GovernableParam> param = params.governable(c.name());
        if (param.isEmpty()) {
            return Optional.of("unknown chain parameter '" + c.name() + "'; known: " + params.governable().stream()
                    .map(GovernableParam::key).collect(java.util.stream.Collectors.joining(", ")));
        }
        try {
            // the range checks do not depend on the current values
            param.get().apply(params, c.value());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<TxRejection> propose(StateOverlay state, Currency cur, Address sender, GovernanceCall.Propose p,
                                                 long now, Params params) {
        Optional<String> bad = problem(p, params);
        if (bad.isPresent()) {
            return reject(TxError.INVALID_ARGUMENT, bad.get());
        }
        GovernanceParams g = params.get(GovernanceParams.class);
        Amount bond = g.bondFor(p.action().asked());
        Amount free = cur.free(sender);
        if (free.compareTo(bond) < 0) {
            return reject(TxError.INSUFFICIENT_BALANCE, "the proposal's bond is " + bond.toCess() + " CESS; the free balance is "
                    + free.toCess() + " CESS after the fee");
        }
        cur.reserve(sender, bond);
        GovernanceState gov = GovernanceState.of(state);
        long id = gov.nextProposal();
        long ends = now + g.votingMillis();
        state.put(Proposal.key(id), new Proposal(sender, p.action(), p.description(), p.link(), bond, now, ends,
                Proposal.Status.VOTING, 0, Tally.EMPTY, 0, ""));
        state.put(AgendaItem.key(ends, id), new AgendaItem(id));
        state.put(GovernanceState.KEY, gov.next());
        return Optional.empty();
    }

    private static Optional<TxRejection> vote(StateOverlay state, Currency cur, Address voter, GovernanceCall.Cast v, long now) {
        Optional<Proposal> found = state.find(Proposal.key(v.proposal()), Proposal.class);
        if (found.isEmpty()) {
            return reject(TxError.NOT_FOUND, "there is no proposal " + v.proposal());
        }
        Proposal p = found.get();
        if (!p.status().open() || now >= p.votingEndsMillis()) {
            return reject(TxError.VOTING_CLOSED, "proposal " + v.proposal() + " is no longer open to votes ("
                    + (p.status().open() ? "its voting time is over" : p.status().name().toLowerCase(java.util.Locale.ROOT)) + ")");
        }
        if (v.amount().isZero()) {
            return reject(TxError.INVALID_ARGUMENT, "a vote must lock a positive amount: its weight");
        }
        StateKey key = Vote.key(v.proposal(), voter);
        Optional<Vote> earlier = state.find(key, Vote.class);
        Amount free = cur.free(voter).plus(earlier.map(Vote::locked).orElse(Amount.ZERO));
        if (free.compareTo(v.amount()) < 0) {
            return reject(TxError.INSUFFICIENT_BALANCE, "the vote locks " + v.amount().toCess() + " CESS; the free balance is "
                    + free.toCess() + " CESS after the fee" + (earlier.isPresent() ? " and the earlier vote's release" : ""));
        }
        Tally t = p.tally();
        if (earlier.isPresent()) {
            t = t.minus(earlier.get().choice(), earlier.get().locked());
        }
        earlier.ifPresent(e -> cur.unreserve(voter, e.locked()));
        cur.reserve(voter, v.amount());
        state.put(key, new Vote(v.choice(), v.amount()));
        state.put(Proposal.key(v.proposal()), p.withTally(t.plus(v.choice(), v.amount()),
                p.voters() + (earlier.isPresent() ? 0 : 1)));
        return Optional.empty();
    }

    private static Optional<TxRejection> cancel(StateOverlay state, Currency cur, Address sender, GovernanceCall.Cancel c,
                                                long now) {
        Optional<Proposal> found = state.find(Proposal.key(c.proposal()), Proposal.class);
        if (found.isEmpty()) {
            return reject(TxError.NOT_FOUND, "there is no proposal " + c.proposal());
        }
        Proposal p = found.get();
        if (!p.proposer().equals(sender)) {
            return reject(TxError.FORBIDDEN, "only its proposer may cancel proposal " + c.proposal());
        }
        if (!p.status().open() || now >= p.votingEndsMillis()) {
            return reject(TxError.VOTING_CLOSED, "proposal " + c.proposal() + " can no longer be cancelled: its vote is over");
        }
        cur.unreserve(sender, p.bond());
        state.put(Proposal.key(c.proposal()), p.ended(Proposal.Status.CANCELLED, 0, "cancelled by its proposer"));
        // the votes are released by the chain at the next block's start (a transaction reads no ranges)
        state.remove(AgendaItem.key(p.votingEndsMillis(), c.proposal()));
        state.put(AgendaItem.key(now, c.proposal()), new AgendaItem(c.proposal()));
        return Optional.empty();
    }

    /**
     * What the chain does for governance when a block at {@code nowMillis} begins: every agenda
     * item due by then, in order of due time then proposal. A proposal whose voting time is over
     * is decided by its tally against the total issuance ({@link Tally#verdict}): its votes'
     * locks are released and its bond returned or forfeited to the treasury; a passed one is put
     * on the agenda for enactment after the delay. A cancelled proposal's votes are released. A
     * passed proposal due for enactment pays its beneficiary from the treasury, or sets its
     * parameter, exactly once; if the treasury cannot pay it FAILS, and nothing is paid.
     *
     * @param before the full state before the block (agenda and votes are read from it: no
     *               transaction of this block has run yet); {@code state} is the block's overlay
     * @param params the effective parameters (with enacted changes), the block time's among them
     */
    public static List<Event> beginBlock(BlockStart block) {
        NavigableMap<StateKey, StateValue> before = block.before();
        StateOverlay state = block.state();
        Currency cur = block.currency();
        Params params = block.params();
        long nowMillis = block.nowMillis();
        List<Event> events = new ArrayList<>();
        List<Map.Entry<StateKey, StateValue>> due = new ArrayList<>(
                before.subMap(AgendaItem.first(), true, AgendaItem.dueBy(nowMillis), false).entrySet());
        for (Map.Entry<StateKey, StateValue> item : due) {
            state.remove(item.getKey());
            long id = ((AgendaItem) item.getValue()).proposal();
            Proposal p = state.find(Proposal.key(id), Proposal.class).orElseThrow(
                    () -> new IllegalStateException("agenda names a missing proposal " + id));
            switch (p.status()) {
                case VOTING -> decide(before, state, cur, id, p, params.get(GovernanceParams.class), events);
                case CANCELLED -> releaseVotes(before, state, cur, id);
                case PASSED -> enact(state, cur, id, p, params, events);
                default -> throw new IllegalStateException("proposal " + id + " is " + p.status() + " yet on the agenda");
            }
        }
        events.forEach(block.events());
        return events;
    }

    private static void decide(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency cur, long id, Proposal p,
                               GovernanceParams g, List<Event> events) {
        Amount issuance = Issuance.of(state);
        Tally.Verdict verdict = p.tally().verdict(issuance, g);
        releaseVotes(before, state, cur, id);
        String turnout = "turnout " + p.tally().turnout().toCess() + " of " + issuance.toCess() + " CESS (quorum "
                + g.quorumPercent() + " %), ayes " + p.tally().ayes().toCess() + ", nays " + p.tally().nays().toCess();
        events.add(new Event(id, Event.Kind.DECIDED, Optional.empty(), p.tally().turnout(), verdict.name()));
        if (verdict == Tally.Verdict.REJECTED_FORFEIT) {
            cur.slashInto(Balances.TREASURY, p.bond());
            events.add(new Event(id, Event.Kind.BOND_FORFEITED, Optional.of(Balances.TREASURY), p.bond(), ""));
        } else {
            cur.unreserve(p.proposer(), p.bond());
            events.add(new Event(id, Event.Kind.BOND_RETURNED, Optional.of(p.proposer()), p.bond(), ""));
        }
        switch (verdict) {
            case PASSED -> {
                long enactAt = p.votingEndsMillis() + g.enactmentDelayMillis();
                state.put(Proposal.key(id), p.ended(Proposal.Status.PASSED, enactAt, "passed: " + turnout));
                state.put(AgendaItem.key(enactAt, id), new AgendaItem(id));
            }
            case REJECTED -> state.put(Proposal.key(id), p.ended(Proposal.Status.REJECTED, 0, "rejected: " + turnout));
            case REJECTED_FORFEIT -> state.put(Proposal.key(id), p.ended(Proposal.Status.REJECTED, 0,
                    "rejected by at least " + g.forfeitPercent() + " % of ayes and nays, the bond forfeited: " + turnout));
            case EXPIRED -> state.put(Proposal.key(id), p.ended(Proposal.Status.EXPIRED, 0, "expired without quorum: " + turnout));
        }
    }

    /** Returns every vote's lock on proposal {@code id} to its voter and removes the votes. */
    private static void releaseVotes(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency cur, long id) {
        String prefix = Vote.prefix(id);
        for (Map.Entry<StateKey, StateValue> v : before.subMap(new StateKey(Governance.VOTE, prefix), true,
                StateKey.after(Governance.VOTE, prefix), false).entrySet()) {
            Address voter = Vote.voterOf(v.getKey());
            cur.unreserve(voter, ((Vote) v.getValue()).locked());
            state.remove(v.getKey());
        }
    }

    private static void enact(StateOverlay state, Currency cur, long id, Proposal p, Params params, List<Event> events) {
        if (p.action() instanceof Action.Funding f) {
            Amount treasury = cur.free(Balances.TREASURY);
            if (treasury.compareTo(f.amount()) < 0) {
                String why = "the treasury holds " + treasury.toCess() + " CESS, less than the "
                        + f.amount().toCess() + " CESS asked";
                state.put(Proposal.key(id), p.ended(Proposal.Status.FAILED, p.enactAtMillis(), why));
                events.add(new Event(id, Event.Kind.FAILED, Optional.of(f.beneficiary()), f.amount(), why));
                return;
            }
            cur.transfer(Balances.TREASURY, f.beneficiary(), f.amount());
            state.put(Proposal.key(id), p.ended(Proposal.Status.ENACTED, p.enactAtMillis(),
                    "paid " + f.amount().toCess() + " CESS to " + f.beneficiary()));
            events.add(new Event(id, Event.Kind.PAID, Optional.of(f.beneficiary()), f.amount(), ""));
            return;
        }
        Action.ParamChange c = (Action.ParamChange) p.action();
        Optional<GovernableParam> registered = params.governable(c.name());
        if (registered.isEmpty()) {
            // passed under a runtime that had it; an upgrade since dropped it
            String why = "no module registers the parameter " + c.name() + " any more";
            state.put(Proposal.key(id), p.ended(Proposal.Status.FAILED, p.enactAtMillis(), why));
            events.add(new Event(id, Event.Kind.FAILED, Optional.empty(), Amount.ZERO, why));
            return;
        }
        GovernableParam param = registered.get();
        try {
            param.apply(params, c.value());
        } catch (IllegalArgumentException e) {
            state.put(Proposal.key(id), p.ended(Proposal.Status.FAILED, p.enactAtMillis(), e.getMessage()));
            events.add(new Event(id, Event.Kind.FAILED, Optional.empty(), Amount.ZERO, e.getMessage()));
            return;
        }
        String was = param.current(params);
        state.put(GovernanceState.KEY, GovernanceState.of(state).with(c.name(), c.value()));
        state.put(Proposal.key(id), p.ended(Proposal.Status.ENACTED, p.enactAtMillis(),
                c.name() + " set to " + c.value() + " (was " + was + ")"));
        events.add(new Event(id, Event.Kind.PARAMETER_SET, Optional.empty(), Amount.ZERO, c.name() + "=" + c.value()));
    }

    private static Optional<TxRejection> reject(TxError e, String message) {
        return Optional.of(new TxRejection(e, message));
    }
}
