package cess.staking.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Account;
import cess.ledger.model.Call;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Balances;
import cess.ledger.model.Currency;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Issuance;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.runtime.model.Runtime;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.StorageParams;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StakingRulesTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {9});
    static final StakingParams STAKING = new StakingParams(Amount.ofUnits(5000));
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80),
            new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), STAKING, GovernanceParams.DEFAULT, 1_000);
    static final KeyPair VAL = KeyPair.dev("//Val");
    static final KeyPair AUTHOR = KeyPair.dev("//Author");
    static final Hash ONION = Hash.sha256("outer layer".getBytes());

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>();
    private StateOverlay state;

    @BeforeEach
    void fund() {
        base.put(StateKey.account(VAL.address()), new Account(Amount.ofUnits(20_000), 0));
        state = new StateOverlay(base::get);
    }

    private Optional<TxRejection> send(Call call) {
        long nonce = state.account(VAL.address()).nonce();
        SignedTransaction stx = new Transaction(VAL.address(), nonce, Amount.ofUnits(10), call).sign(VAL, CHAIN);
        assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD), "the call survives its encoding");
        return Runtime.STANDARD.apply(state, stx, AUTHOR.address(), 1, 1_000, PARAMS);
    }

    private TxError refused(Call call) {
        var before = new TreeMap<>(state.changes());
        TxError e = send(call).orElseThrow(() -> new AssertionError("expected a refusal of " + call)).error();
        assertEquals(before, state.changes(), "a refused call changes nothing");
        return e;
    }

    private Candidate candidate() {
        return state.find(Candidate.key(VAL.address()), Candidate.class).orElseThrow();
    }

    @Test
    void candidatesBondAtLeastTheMinimumWithAnOnionAndLeaveAtTheNextEpoch() {
        assertEquals(TxError.NOT_FOUND, refused(new StakingCall.Unbond()));
        assertEquals(TxError.INVALID_ARGUMENT, refused(new StakingCall.Bond(Amount.ofUnits(4999), ONION)));
        assertEquals(TxError.INVALID_ARGUMENT, refused(new StakingCall.Bond(Amount.ofUnits(5000), Hash.ZERO)));
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(new StakingCall.Bond(Amount.ofUnits(30_000), ONION)));
        assertTrue(send(new StakingCall.Bond(Amount.ofUnits(5000), ONION)).isEmpty());
        assertEquals(Amount.ofUnits(5000), candidate().stake());
        assertEquals(Amount.ofUnits(20_000 - 5000 - 10), state.account(VAL.address()).free());
        assertTrue(send(new StakingCall.Bond(Amount.ofUnits(1000), ONION)).isEmpty(), "more stake, same onion");
        assertEquals(Amount.ofUnits(6000), candidate().stake());
        assertEquals(TxError.INVALID_ARGUMENT, refused(new StakingCall.Bond(Amount.ofUnits(1), Hash.sha256(new byte[] {1}))),
                "the onion is published once");
        assertTrue(send(new StakingCall.Unbond()).isEmpty());
        assertTrue(candidate().leaving());
        assertEquals(TxError.ALREADY_EXISTS, refused(new StakingCall.Unbond()));
        assertEquals(TxError.INVALID_ARGUMENT, refused(new StakingCall.Bond(Amount.ofUnits(1000), ONION)));
        // The epoch start gives the stake back and forgets the candidate.
        TreeMap<StateKey, StateValue> merged = new TreeMap<>(base);
        StateOverlay.apply(merged, state.changes());
        StateOverlay next = new StateOverlay(merged::get);
        Amount free = next.account(VAL.address()).free();
        assertEquals(1, StakingRules.releaseLeaving(merged, next, Balances.currency(next), a -> false));
        assertEquals(free.plus(Amount.ofUnits(6000)), next.account(VAL.address()).free());
        assertTrue(next.find(Candidate.key(VAL.address()), Candidate.class).isEmpty());
    }

    @Test
    void aCandidateKeepsItsLastFiveScoresAndSurvivesItsEncoding() {
        Candidate c = Candidate.fresh(Amount.ofUnits(5000), ONION, 7);
        for (int s : new int[] {100, 200, 300, 400, 500, 600}) {
            c = c.withScore(s);
        }
        assertEquals(List.of(600, 500, 400, 300, 200), c.scores());
        Candidate copy = Candidate.decode(new Decoder(c.encode()));
        assertEquals(c, copy);
        assertEquals(c, Staking.CANDIDATE.decode(c.encode()));
    }

    @Test
    void aLeavingCandidateOnDutyKeepsItsStakeUntilItStopsServing() {
        assertTrue(send(new StakingCall.Bond(Amount.ofUnits(5000), ONION)).isEmpty());
        assertTrue(send(new StakingCall.Unbond()).isEmpty());
        TreeMap<StateKey, StateValue> merged = new TreeMap<>(base);
        StateOverlay.apply(merged, state.changes());
        StateOverlay next = new StateOverlay(merged::get);
        Amount free = next.account(VAL.address()).free();
        assertEquals(0, StakingRules.releaseLeaving(merged, next, Balances.currency(next), VAL.address()::equals));
        assertEquals(free, next.account(VAL.address()).free());
        assertTrue(next.find(Candidate.key(VAL.address()), Candidate.class).orElseThrow().leaving());
    }

    @Test
    void slashingPaysThePunishmentPoolAndMakesACandidateBelowTheMinimumLeave() {
        assertTrue(send(new StakingCall.Bond(Amount.ofUnits(6000), ONION)).isEmpty());
        state.put(Issuance.KEY, new Issuance(Amount.ofUnits(20_000)));
        Currency cur = Balances.currency(state);
        assertEquals(Amount.ofUnits(600), StakingRules.slash(state, cur, VAL.address(), 10, STAKING));
        assertEquals(Amount.ofUnits(5400), candidate().stake());
        assertTrue(!candidate().leaving(), "still at least the minimum bond");
        assertEquals(Amount.ofUnits(600), state.account(StakingRules.PUNISHMENT_POOL).free());
        assertEquals(Amount.ofUnits(540), StakingRules.slash(state, cur, VAL.address(), 10, STAKING));
        assertEquals(Amount.ofUnits(4860), candidate().stake());
        assertTrue(candidate().leaving(), "below the minimum bond the candidate is made to leave");
        assertEquals(Amount.ofUnits(1140), state.account(StakingRules.PUNISHMENT_POOL).free());
        assertEquals(Amount.ofUnits(20_000), Issuance.of(state), "slashing moves stake, it creates or destroys nothing");
        assertEquals(Amount.ZERO, StakingRules.slash(state, cur, AUTHOR.address(), 10, STAKING), "not a candidate");
    }
}
