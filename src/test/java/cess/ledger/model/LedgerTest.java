package cess.ledger.model;

import static cess.ledger.model.TransactionTest.ALICE;
import static cess.ledger.model.TransactionTest.BOB;
import static cess.ledger.model.TransactionTest.CHAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LedgerTest {
    static final LedgerParams PARAMS = new LedgerParams(Amount.ofUnits(10), 80);
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");

    private final TreeMap<Address, Account> base = new TreeMap<>(Map.of(ALICE.address(), new Account(Amount.ofUnits(1000), 0)));
    private final StateOverlay state = new StateOverlay(a -> base.getOrDefault(a, Account.EMPTY));

    private SignedTransaction tx(long nonce, long amount, long fee) {
        return new Transaction(ALICE.address(), nonce, Amount.ofUnits(fee), new Transfer(BOB.address(), Amount.ofUnits(amount)))
                .sign(ALICE, CHAIN);
    }

    @Test
    void transferMovesFundsBumpsNonceAndSplitsTheFee() {
        assertEquals(Optional.empty(), Ledger.apply(state, tx(0, 100, 10), AUTHOR.address(), PARAMS));
        assertEquals(new Account(Amount.ofUnits(890), 1), state.account(ALICE.address()));
        assertEquals(new Account(Amount.ofUnits(100), 0), state.account(BOB.address()));
        assertEquals(Amount.ofUnits(8), state.account(LedgerParams.TREASURY).free());
        assertEquals(Amount.ofUnits(2), state.account(AUTHOR.address()).free());
    }

    @Test
    void totalIssuanceIsConserved() {
        Ledger.apply(state, tx(0, 100, 13), AUTHOR.address(), PARAMS);
        Ledger.apply(state, tx(1, 7, 11), AUTHOR.address(), PARAMS);
        long total = state.changes().values().stream().mapToLong(a -> a.free().units().longValueExact()).sum();
        assertEquals(1000, total);
    }

    @Test
    void authorWhoIsAlsoSenderIsCreditedCorrectly() {
        assertEquals(Optional.empty(), Ledger.apply(state, tx(0, 100, 10), ALICE.address(), PARAMS));
        assertEquals(new Account(Amount.ofUnits(892), 1), state.account(ALICE.address()));
    }

    @Test
    void refusals() {
        assertEquals(TxError.NONCE_GAP, Ledger.apply(state, tx(1, 1, 10), AUTHOR.address(), PARAMS).orElseThrow().error());
        assertEquals(TxError.FEE_TOO_LOW, Ledger.apply(state, tx(0, 1, 9), AUTHOR.address(), PARAMS).orElseThrow().error());
        assertEquals(TxError.INSUFFICIENT_BALANCE, Ledger.apply(state, tx(0, 991, 10), AUTHOR.address(), PARAMS).orElseThrow().error());
        assertTrue(state.changes().isEmpty(), "a refused transaction changes nothing");
        Ledger.apply(state, tx(0, 990, 10), AUTHOR.address(), PARAMS);
        assertEquals(TxError.NONCE_REPLAYED, Ledger.apply(state, tx(0, 1, 10), AUTHOR.address(), PARAMS).orElseThrow().error());
        assertEquals(Amount.ZERO, state.account(ALICE.address()).free());
    }

    @Test
    void admissionCountsPendingTransactions() {
        SignedTransaction first = tx(0, 500, 10);
        assertEquals(Optional.empty(), Admission.check(state, Admission.Pending.NONE, first, CHAIN, PARAMS));
        Admission.Pending pending = Admission.Pending.NONE.plus(first.tx());
        assertEquals(TxError.NONCE_REPLAYED, Admission.check(state, pending, tx(0, 1, 10), CHAIN, PARAMS).orElseThrow().error());
        assertEquals(TxError.NONCE_GAP, Admission.check(state, pending, tx(2, 1, 10), CHAIN, PARAMS).orElseThrow().error());
        var overspend = Admission.check(state, pending, tx(1, 481, 10), CHAIN, PARAMS).orElseThrow();
        assertEquals(TxError.INSUFFICIENT_BALANCE, overspend.error());
        assertTrue(overspend.message().contains("pending"), overspend.message());
        assertEquals(Optional.empty(), Admission.check(state, pending, tx(1, 480, 10), CHAIN, PARAMS));
    }

    @Test
    void admissionChecksTheSignatureFirst() {
        SignedTransaction forged = new SignedTransaction(tx(0, 1, 10).tx(), BOB.sign(new byte[] {1}));
        assertEquals(TxError.BAD_SIGNATURE, Admission.check(state, Admission.Pending.NONE, forged, CHAIN, PARAMS).orElseThrow().error());
        SignedTransaction otherChain = tx(0, 1, 10);
        assertEquals(TxError.BAD_SIGNATURE, Admission.check(state, Admission.Pending.NONE, otherChain,
                cess.shared.Hash.ZERO, PARAMS).orElseThrow().error());
    }

    @Test
    void stateCommitmentIgnoresEmptyAccountsAndMergesChanges() {
        TreeMap<Address, Account> none = new TreeMap<>();
        var root = StateCommitment.root(base, none);
        TreeMap<Address, Account> withEmpty = new TreeMap<>(base);
        withEmpty.put(BOB.address(), Account.EMPTY);
        assertEquals(root, StateCommitment.root(withEmpty, none));
        TreeMap<Address, Account> change = new TreeMap<>(Map.of(ALICE.address(), new Account(Amount.ofUnits(999), 0)));
        TreeMap<Address, Account> merged = new TreeMap<>(Map.of(ALICE.address(), new Account(Amount.ofUnits(999), 0)));
        assertEquals(StateCommitment.root(merged, none), StateCommitment.root(base, change));
        assertTrue(!root.equals(StateCommitment.root(base, change)));
    }
}
