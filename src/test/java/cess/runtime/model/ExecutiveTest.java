package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Admission;
import cess.ledger.model.Balances;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageParams;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The executive of {@link Runtime#STANDARD}: fees and nonces settled by balances, then the call; and pool admission over it. */
class ExecutiveTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {42});
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80),
            new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), StakingParams.DEFAULT,
            GovernanceParams.DEFAULT, 1_000);
    static final long NOW = 5_000;
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>(Map.of(StateKey.account(ALICE.address()),
            new Account(Amount.ofUnits(1000), 0)));
    private final StateOverlay state = new StateOverlay(base::get);

    private SignedTransaction tx(long nonce, long amount, long fee) {
        return new Transaction(ALICE.address(), nonce, Amount.ofUnits(fee), new Transfer(BOB.address(), Amount.ofUnits(amount)))
                .sign(ALICE, CHAIN);
    }

    private Optional<TxRejection> apply(SignedTransaction stx) {
        return Runtime.STANDARD.apply(state, stx, AUTHOR.address(), 1, NOW, PARAMS);
    }

    private Optional<TxRejection> admit(StateOverlay pool, SignedTransaction stx) {
        return Admission.admit(pool, stx, CHAIN, AUTHOR.address(), 1, NOW, PARAMS, Runtime.STANDARD);
    }

    @Test
    void transferMovesFundsBumpsNonceAndSplitsTheFee() {
        assertEquals(Optional.empty(), apply(tx(0, 100, 10)));
        assertEquals(new Account(Amount.ofUnits(890), 1), state.account(ALICE.address()));
        assertEquals(new Account(Amount.ofUnits(100), 0), state.account(BOB.address()));
        assertEquals(Amount.ofUnits(8), state.account(Balances.TREASURY).free());
        assertEquals(Amount.ofUnits(2), state.account(AUTHOR.address()).free());
    }

    @Test
    void totalIssuanceIsConserved() {
        apply(tx(0, 100, 13));
        apply(tx(1, 7, 11));
        long total = state.changes().values().stream().mapToLong(a -> ((Account) a).free().units().longValueExact()).sum();
        assertEquals(1000, total);
    }

    @Test
    void authorWhoIsAlsoSenderIsCreditedCorrectly() {
        assertEquals(Optional.empty(), Runtime.STANDARD.apply(state, tx(0, 100, 10), ALICE.address(), 1, NOW, PARAMS));
        assertEquals(new Account(Amount.ofUnits(892), 1), state.account(ALICE.address()));
    }

    @Test
    void refusals() {
        assertEquals(TxError.NONCE_GAP, apply(tx(1, 1, 10)).orElseThrow().error());
        assertEquals(TxError.FEE_TOO_LOW, apply(tx(0, 1, 9)).orElseThrow().error());
        assertEquals(TxError.INSUFFICIENT_BALANCE, apply(tx(0, 991, 10)).orElseThrow().error());
        assertTrue(state.changes().isEmpty(), "a refused transaction changes nothing");
        apply(tx(0, 990, 10));
        assertEquals(TxError.NONCE_REPLAYED, apply(tx(0, 1, 10)).orElseThrow().error());
        assertEquals(Amount.ZERO, state.account(ALICE.address()).free());
    }

    @Test
    void aTransferRefusedAfterTheFeeIsSettledKeepsNeitherFeeNorNonce() {
        TxRejection amount = apply(tx(0, 991, 10)).orElseThrow();
        assertEquals(TxError.INSUFFICIENT_BALANCE, amount.error());
        assertEquals("free balance " + Amount.ofUnits(990) + " (after the fee) does not cover the amount " + Amount.ofUnits(991),
                amount.message());
        assertTrue(state.changes().isEmpty(), "the executive discards the settled fee with the refused call");
        assertEquals(new Account(Amount.ofUnits(1000), 0), state.account(ALICE.address()));

        TxRejection fee = apply(new Transaction(ALICE.address(), 0, Amount.ofUnits(1001),
                new Transfer(BOB.address(), Amount.ofUnits(1))).sign(ALICE, CHAIN)).orElseThrow();
        assertEquals(TxError.INSUFFICIENT_BALANCE, fee.error());
        assertEquals("free balance " + Amount.ofUnits(1000) + " does not cover the fee " + Amount.ofUnits(1001), fee.message());
        assertTrue(state.changes().isEmpty());
    }

    @Test
    void theFeeUsesTheParametersPassedIn() {
        Params free = PARAMS.with(new FeeParams(Amount.ofUnits(1), 0));
        assertEquals(Optional.empty(), Runtime.STANDARD.apply(state, tx(0, 100, 5), AUTHOR.address(), 1, NOW, free));
        assertEquals(Amount.ZERO, state.account(Balances.TREASURY).free(), "no treasury share at 0 %");
        assertEquals(Amount.ofUnits(5), state.account(AUTHOR.address()).free());
    }

    @Test
    void admissionReservesWhatPendingTransactionsSpend() {
        StateOverlay pool = new StateOverlay(state);
        assertEquals(Optional.empty(), admit(pool, tx(0, 500, 10)));
        assertEquals(TxError.NONCE_REPLAYED, admit(pool, tx(0, 1, 10)).orElseThrow().error());
        assertEquals(TxError.NONCE_GAP, admit(pool, tx(2, 1, 10)).orElseThrow().error());
        assertEquals(TxError.INSUFFICIENT_BALANCE, admit(pool, tx(1, 481, 10)).orElseThrow().error());
        assertEquals(Optional.empty(), admit(pool, tx(1, 480, 10)));
        assertEquals(Amount.ZERO, pool.account(ALICE.address()).free());
        assertTrue(state.changes().isEmpty(), "admission writes to the pool view only");
    }

    @Test
    void admissionChecksTheSignatureFirst() {
        StateOverlay pool = new StateOverlay(state);
        SignedTransaction forged = new SignedTransaction(tx(0, 1, 10).tx(), BOB.sign(new byte[] {1}));
        assertEquals(TxError.BAD_SIGNATURE, admit(pool, forged).orElseThrow().error());
        assertEquals(TxError.BAD_SIGNATURE, Admission.admit(pool, tx(0, 1, 10), Hash.ZERO, AUTHOR.address(), 1,
                NOW, PARAMS, Runtime.STANDARD).orElseThrow().error());
        assertTrue(pool.changes().isEmpty());
    }
}
