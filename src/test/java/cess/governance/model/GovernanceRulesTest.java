package cess.governance.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Account;
import cess.ledger.model.Balances;
import cess.ledger.model.BlockStart;
import cess.ledger.model.CallContext;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Issuance;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.runtime.model.Runtime;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DAO's rules on a small chain state: 10,000 CESS issued, a 10 % quorum (1,000 CESS of
 * turnout), a minute of voting, five seconds before enactment, bonds of 5 % (at least 1 CESS).
 */
class GovernanceRulesTest {
    static final GovernanceParams GOV = new GovernanceParams(5, Amount.cess(1), 60_000, 5_000, 10, 67);
    static final FeeParams FEES = new FeeParams(Amount.ofUnits(10), 80);
    static final Params PARAMS = Runtime.standardParams(FEES, new StorageParams(Amount.cess(4000), Amount.cess(1), 30, 7),
            StakingParams.DEFAULT, GOV, 1_000);
    static final Address ALICE = KeyPair.dev("Alice").address();
    static final Address BOB = KeyPair.dev("Bob").address();
    static final Address CAROL = KeyPair.dev("Carol").address();
    static final Address DAVE = KeyPair.dev("Dave").address();
    static final Address T = Balances.TREASURY;
    static final long T0 = 1_000_000;

    TreeMap<StateKey, StateValue> state;

    @BeforeEach
    void genesis() {
        state = new TreeMap<>();
        put(ALICE, 3_000);
        put(BOB, 3_000);
        put(CAROL, 1_000);
        put(T, 500);
        state.put(Issuance.KEY, new Issuance(Amount.cess(10_000)));
    }

    void put(Address a, long cess) {
        state.put(StateKey.account(a), new Account(Amount.cess(cess), 0));
    }

    Amount free(Address a) {
        StateValue v = state.get(StateKey.account(a));
        return v == null ? Amount.ZERO : ((Account) v).free();
    }

    Optional<TxRejection> tx(Address sender, GovernanceCall call, long now) {
        StateOverlay o = new StateOverlay(state::get);
        Optional<TxRejection> why = GovernanceRules.apply(new CallContext(o, Balances.currency(o), sender, 1, now,
                Runtime.STANDARD.effective(o, PARAMS)), call);
        if (why.isEmpty()) {
            StateOverlay.apply(state, o.changes());
        }
        return why;
    }

    void ok(Address sender, GovernanceCall call, long now) {
        Optional<TxRejection> why = tx(sender, call, now);
        assertTrue(why.isEmpty(), () -> why.get().message());
    }

    TxError refused(Address sender, GovernanceCall call, long now) {
        TreeMap<StateKey, StateValue> before = new TreeMap<>(state);
        Optional<TxRejection> why = tx(sender, call, now);
        assertTrue(why.isPresent(), "expected a refusal");
        assertEquals(before, state, "a refused call changes nothing");
        return why.get().error();
    }

    List<GovernanceRules.Event> block(long now) {
        StateOverlay o = new StateOverlay(state::get);
        List<ChainEvent> reported = new ArrayList<>();
        List<GovernanceRules.Event> events = GovernanceRules.beginBlock(new BlockStart(state, o, Balances.currency(o), 1, now,
                cess.shared.Hash.ZERO, Runtime.STANDARD.effective(o, PARAMS), reported::add));
        assertEquals(events, reported, "what the hook did is reported to the node");
        StateOverlay.apply(state, o.changes());
        return events;
    }

    Proposal proposal(long id) {
        return (Proposal) state.get(Proposal.key(id));
    }

    long fund(Address proposer, Address beneficiary, long cess, long now) {
        long id = GovernanceState.of(state::get).nextProposal();
        ok(proposer, new GovernanceCall.Propose(new Action.Funding(beneficiary, Amount.cess(cess)), "fund the thing",
                "https://example.org/p"), now);
        return id;
    }

    GovernanceCall.Cast vote(long id, Vote.Choice c, long cess) {
        return new GovernanceCall.Cast(id, c, Amount.cess(cess));
    }

    @Test
    void aFundedProposalPassesAndPaysOnceAfterTheDelay() {
        long id = fund(ALICE, DAVE, 200, T0);
        assertEquals(1, id);
        assertEquals(Amount.cess(10), proposal(id).bond(), "5 % of 200 CESS");
        assertEquals(Amount.cess(2_990), free(ALICE));
        ok(BOB, vote(id, Vote.Choice.AYE, 800), T0 + 10);
        ok(CAROL, vote(id, Vote.Choice.NAY, 300), T0 + 20);
        assertEquals(Amount.cess(2_200), free(BOB), "the vote's weight is locked");
        assertEquals(2, proposal(id).voters());
        assertTrue(block(T0 + 59_999).isEmpty(), "nothing is due before the voting time is over");

        List<GovernanceRules.Event> decided = block(T0 + 60_000);
        assertEquals(Proposal.Status.PASSED, proposal(id).status());
        assertEquals(T0 + 65_000, proposal(id).enactAtMillis());
        assertEquals(Amount.cess(3_000), free(BOB), "locks are released when the vote ends");
        assertEquals(Amount.cess(1_000), free(CAROL));
        assertEquals(Amount.cess(3_000), free(ALICE), "the bond returns");
        assertTrue(decided.stream().anyMatch(e -> e.kind() == GovernanceRules.Event.Kind.BOND_RETURNED));
        assertTrue(state.keySet().stream().noneMatch(k -> k.kind() == Governance.VOTE));

        assertTrue(block(T0 + 64_999).isEmpty());
        assertEquals(Amount.ZERO, free(DAVE));
        List<GovernanceRules.Event> enacted = block(T0 + 65_000);
        assertEquals(Proposal.Status.ENACTED, proposal(id).status());
        assertEquals(Amount.cess(200), free(DAVE));
        assertEquals(Amount.cess(300), free(T));
        assertEquals(List.of(GovernanceRules.Event.Kind.PAID), enacted.stream().map(GovernanceRules.Event::kind).toList());
        assertTrue(block(T0 + 999_999).isEmpty(), "enacted exactly once");
        assertEquals(Amount.cess(200), free(DAVE));
        assertTrue(state.keySet().stream().noneMatch(k -> k.kind() == Governance.AGENDA));
    }

    @Test
    void exactQuorumCountsAndOneUnitLessDoesNot() {
        long id = fund(ALICE, DAVE, 20, T0);
        ok(BOB, vote(id, Vote.Choice.AYE, 600), T0);
        ok(CAROL, vote(id, Vote.Choice.ABSTAIN, 400), T0);
        block(T0 + 60_000);
        assertEquals(Proposal.Status.PASSED, proposal(id).status(), "turnout 1,000 of 10,000 is exactly 10 %");

        long short_ = fund(ALICE, DAVE, 20, T0);
        ok(BOB, new GovernanceCall.Cast(short_, Vote.Choice.AYE, Amount.cess(1_000).minus(Amount.ofUnits(1))), T0);
        block(T0 + 60_000);
        assertEquals(Proposal.Status.EXPIRED, proposal(short_).status());
        assertEquals(Amount.cess(3_000), free(ALICE), "both bonds returned: an expired proposal forfeits nothing");
    }

    @Test
    void aTieIsNotAPassAndALandslideForfeitsTheBond() {
        long tie = fund(ALICE, DAVE, 100, T0);
        ok(BOB, vote(tie, Vote.Choice.AYE, 600), T0);
        ok(CAROL, vote(tie, Vote.Choice.NAY, 600), T0);
        block(T0 + 60_000);
        assertEquals(Proposal.Status.REJECTED, proposal(tie).status());
        assertEquals(Amount.cess(3_000), free(ALICE), "a fair rejection returns the bond");

        long lost = fund(ALICE, DAVE, 100, T0 + 1);
        ok(BOB, vote(lost, Vote.Choice.NAY, 2_100), T0 + 1);
        ok(CAROL, vote(lost, Vote.Choice.AYE, 1_000), T0 + 1);
        List<GovernanceRules.Event> events = block(T0 + 60_001);
        assertEquals(Proposal.Status.REJECTED, proposal(lost).status());
        assertTrue(proposal(lost).note().contains("forfeited"), proposal(lost).note());
        assertEquals(Amount.cess(2_995), free(ALICE), "2,100 nays of 3,100 is 67.7 %: the 5 CESS bond is forfeited");
        assertEquals(Amount.cess(505), free(T), "to the treasury");
        assertTrue(events.stream().anyMatch(e -> e.kind() == GovernanceRules.Event.Kind.BOND_FORFEITED));
    }

    @Test
    void lateVotesAndVotesWithoutBalanceAreRefused() {
        long id = fund(ALICE, DAVE, 100, T0);
        assertEquals(TxError.VOTING_CLOSED, refused(BOB, vote(id, Vote.Choice.AYE, 10), T0 + 60_000));
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(DAVE, vote(id, Vote.Choice.AYE, 1), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(BOB, vote(id, Vote.Choice.AYE, 0), T0));
        assertEquals(TxError.NOT_FOUND, refused(BOB, vote(99, Vote.Choice.AYE, 1), T0));
        block(T0 + 60_000);
        assertEquals(TxError.VOTING_CLOSED, refused(BOB, vote(id, Vote.Choice.AYE, 10), T0 + 60_001));
    }

    @Test
    void aChangedVoteReplacesTheEarlierOneAndItsLock() {
        long id = fund(ALICE, DAVE, 100, T0);
        ok(BOB, vote(id, Vote.Choice.AYE, 2_000), T0);
        ok(BOB, vote(id, Vote.Choice.NAY, 500), T0 + 1);
        Proposal p = proposal(id);
        assertEquals(new Tally(Amount.ZERO, Amount.cess(500), Amount.ZERO), p.tally());
        assertEquals(1, p.voters());
        assertEquals(Amount.cess(2_500), free(BOB));
        // the whole balance may be locked again once the earlier lock is counted back
        ok(BOB, vote(id, Vote.Choice.AYE, 3_000), T0 + 2);
        assertEquals(Amount.ZERO, free(BOB));
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(BOB, vote(id, Vote.Choice.AYE, 3_001), T0 + 3));
    }

    @Test
    void lockedTokensLeaveTheFreeBalanceSoTheyCannotVoteTwice() {
        long id = fund(ALICE, DAVE, 100, T0);
        ok(CAROL, vote(id, Vote.Choice.AYE, 1_000), T0);
        assertEquals(Amount.ZERO, free(CAROL), "nothing is left to spend, or to move to a second account that votes again");
        long other = fund(ALICE, DAVE, 100, T0);
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(CAROL, vote(other, Vote.Choice.AYE, 1), T0),
                "tokens locked on one proposal do not vote on another");
    }

    @Test
    void aTreasuryThatCannotPayFailsTheProposalAndPaysNothing() {
        long id = fund(ALICE, DAVE, 600, T0);
        ok(BOB, vote(id, Vote.Choice.AYE, 1_000), T0);
        block(T0 + 60_000);
        assertEquals(Proposal.Status.PASSED, proposal(id).status());
        List<GovernanceRules.Event> events = block(T0 + 65_000);
        assertEquals(Proposal.Status.FAILED, proposal(id).status());
        assertTrue(proposal(id).note().contains("the treasury holds 500"), proposal(id).note());
        assertEquals(Amount.cess(500), free(T));
        assertEquals(Amount.ZERO, free(DAVE));
        assertEquals(GovernanceRules.Event.Kind.FAILED, events.get(0).kind());
        assertTrue(block(T0 + 999_999).isEmpty());
    }

    @Test
    void theProposerMayCancelWhileVotingAndOnlyThen() {
        long id = fund(ALICE, DAVE, 100, T0);
        ok(BOB, vote(id, Vote.Choice.NAY, 1_000), T0);
        assertEquals(TxError.FORBIDDEN, refused(BOB, new GovernanceCall.Cancel(id), T0 + 1));
        ok(ALICE, new GovernanceCall.Cancel(id), T0 + 2);
        assertEquals(Proposal.Status.CANCELLED, proposal(id).status());
        assertEquals(Amount.cess(3_000), free(ALICE), "the bond returns at once");
        assertEquals(Amount.cess(2_000), free(BOB), "votes are released by the next block");
        assertEquals(TxError.VOTING_CLOSED, refused(BOB, vote(id, Vote.Choice.AYE, 1), T0 + 3));
        block(T0 + 3);
        assertEquals(Amount.cess(3_000), free(BOB));
        assertTrue(block(T0 + 60_000).isEmpty(), "the cancelled proposal's voting end is off the agenda");
        assertEquals(Proposal.Status.CANCELLED, proposal(id).status());
        assertEquals(TxError.VOTING_CLOSED, refused(ALICE, new GovernanceCall.Cancel(id), T0 + 60_001));
    }

    @Test
    void bondsAndBadProposalsAreRefusedWithReasons() {
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(DAVE, new GovernanceCall.Propose(
                new Action.Funding(DAVE, Amount.cess(1)), "x", ""), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(ALICE, new GovernanceCall.Propose(
                new Action.Funding(DAVE, Amount.ZERO), "x", ""), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(ALICE, new GovernanceCall.Propose(
                new Action.Funding(DAVE, Amount.cess(1)), " ", ""), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(ALICE, new GovernanceCall.Propose(
                new Action.Funding(DAVE, Amount.cess(1)), "x", "javascript:alert(1)"), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(ALICE, new GovernanceCall.Propose(
                new Action.ParamChange("epochBlocks", "5"), "x", ""), T0));
        assertEquals(TxError.INVALID_ARGUMENT, refused(ALICE, new GovernanceCall.Propose(
                new Action.ParamChange("treasuryFeePercent", "101"), "x", ""), T0));
        ok(ALICE, new GovernanceCall.Propose(new Action.Funding(DAVE, Amount.cess(1)), "small", ""), T0);
        assertEquals(Amount.cess(1), proposal(1).bond(), "the minimum bond");
    }

    @Test
    void aParameterChangeTakesEffectWhenEnacted() {
        ok(ALICE, new GovernanceCall.Propose(new Action.ParamChange("treasuryFeePercent", "50"), "halve it", ""), T0);
        ok(BOB, vote(1, Vote.Choice.AYE, 1_000), T0);
        block(T0 + 60_000);
        assertEquals(80, Runtime.STANDARD.effective(state::get, PARAMS).get(FeeParams.class).treasuryFeePercent());
        block(T0 + 65_000);
        assertEquals(Proposal.Status.ENACTED, proposal(1).status());
        assertEquals("treasuryFeePercent set to 50 (was 80)", proposal(1).note());
        Params now = Runtime.STANDARD.effective(state::get, PARAMS);
        assertEquals(50, now.get(FeeParams.class).treasuryFeePercent());
        assertEquals(FEES.minFee(), now.get(FeeParams.class).minFee(), "other parameters keep their genesis value");
        assertEquals(PARAMS.get(GovernanceParams.class), now.get(GovernanceParams.class));
        assertEquals(2, GovernanceState.of(state::get).nextProposal());
    }

    @Test
    void verdictEdges() {
        Amount issued = Amount.cess(100);
        assertEquals(Tally.Verdict.EXPIRED, Tally.EMPTY.verdict(issued, GOV));
        assertEquals(Tally.Verdict.REJECTED, new Tally(Amount.ZERO, Amount.ZERO, Amount.cess(10)).verdict(issued, GOV),
                "only abstentions: quorate, no ayes above nays, nothing to forfeit");
        assertEquals(Tally.Verdict.PASSED, new Tally(Amount.ofUnits(1), Amount.ZERO, Amount.cess(10)).verdict(issued, GOV));
        assertEquals(Tally.Verdict.REJECTED_FORFEIT, new Tally(Amount.cess(33), Amount.cess(67), Amount.ZERO).verdict(issued, GOV));
        assertEquals(Tally.Verdict.REJECTED, new Tally(Amount.cess(34), Amount.cess(66), Amount.ZERO).verdict(issued, GOV));
        assertFalse(new Tally(Amount.cess(9), Amount.ZERO, Amount.ZERO).quorate(issued, 10));
    }
}
