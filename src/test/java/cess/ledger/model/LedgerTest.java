package cess.ledger.model;

import static cess.ledger.model.TransactionTest.ALICE;
import static cess.ledger.model.TransactionTest.BOB;
import static cess.ledger.model.TransactionTest.CHAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LedgerTest {
    static final LedgerParams PARAMS = new LedgerParams(Amount.ofUnits(10), 80,
            new cess.storage.model.StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30));
    static final long NOW = 5_000;
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>(Map.of(StateKey.account(ALICE.address()),
            new Account(Amount.ofUnits(1000), 0)));
    private final StateOverlay state = new StateOverlay(base::get);

    private SignedTransaction tx(long nonce, long amount, long fee) {
        return new Transaction(ALICE.address(), nonce, Amount.ofUnits(fee), new Transfer(BOB.address(), Amount.ofUnits(amount)))
                .sign(ALICE, CHAIN);
    }

    @Test
    void transferMovesFundsBumpsNonceAndSplitsTheFee() {
        assertEquals(Optional.empty(), Ledger.apply(state, tx(0, 100, 10), AUTHOR.address(), NOW, PARAMS));
        assertEquals(new Account(Amount.ofUnits(890), 1), state.account(ALICE.address()));
        assertEquals(new Account(Amount.ofUnits(100), 0), state.account(BOB.address()));
        assertEquals(Amount.ofUnits(8), state.account(LedgerParams.TREASURY).free());
        assertEquals(Amount.ofUnits(2), state.account(AUTHOR.address()).free());
    }

    @Test
    void totalIssuanceIsConserved() {
        Ledger.apply(state, tx(0, 100, 13), AUTHOR.address(), NOW, PARAMS);
        Ledger.apply(state, tx(1, 7, 11), AUTHOR.address(), NOW, PARAMS);
        long total = state.changes().values().stream().mapToLong(a -> ((Account) a).free().units().longValueExact()).sum();
        assertEquals(1000, total);
    }

    @Test
    void authorWhoIsAlsoSenderIsCreditedCorrectly() {
        assertEquals(Optional.empty(), Ledger.apply(state, tx(0, 100, 10), ALICE.address(), NOW, PARAMS));
        assertEquals(new Account(Amount.ofUnits(892), 1), state.account(ALICE.address()));
    }

    @Test
    void refusals() {
        assertEquals(TxError.NONCE_GAP, Ledger.apply(state, tx(1, 1, 10), AUTHOR.address(), NOW, PARAMS).orElseThrow().error());
        assertEquals(TxError.FEE_TOO_LOW, Ledger.apply(state, tx(0, 1, 9), AUTHOR.address(), NOW, PARAMS).orElseThrow().error());
        assertEquals(TxError.INSUFFICIENT_BALANCE, Ledger.apply(state, tx(0, 991, 10), AUTHOR.address(), NOW, PARAMS).orElseThrow().error());
        assertTrue(state.changes().isEmpty(), "a refused transaction changes nothing");
        Ledger.apply(state, tx(0, 990, 10), AUTHOR.address(), NOW, PARAMS);
        assertEquals(TxError.NONCE_REPLAYED, Ledger.apply(state, tx(0, 1, 10), AUTHOR.address(), NOW, PARAMS).orElseThrow().error());
        assertEquals(Amount.ZERO, state.account(ALICE.address()).free());
    }

    @Test
    void admissionReservesWhatPendingTransactionsSpend() {
        StateOverlay pool = new StateOverlay(state);
        assertEquals(Optional.empty(), Admission.admit(pool, tx(0, 500, 10), CHAIN, AUTHOR.address(), NOW, PARAMS));
        assertEquals(TxError.NONCE_REPLAYED, Admission.admit(pool, tx(0, 1, 10), CHAIN, AUTHOR.address(), NOW, PARAMS)
                .orElseThrow().error());
        assertEquals(TxError.NONCE_GAP, Admission.admit(pool, tx(2, 1, 10), CHAIN, AUTHOR.address(), NOW, PARAMS)
                .orElseThrow().error());
        assertEquals(TxError.INSUFFICIENT_BALANCE, Admission.admit(pool, tx(1, 481, 10), CHAIN, AUTHOR.address(), NOW, PARAMS)
                .orElseThrow().error());
        assertEquals(Optional.empty(), Admission.admit(pool, tx(1, 480, 10), CHAIN, AUTHOR.address(), NOW, PARAMS));
        assertEquals(Amount.ZERO, pool.account(ALICE.address()).free());
        assertTrue(state.changes().isEmpty(), "admission writes to the pool view only");
    }

    @Test
    void admissionChecksTheSignatureFirst() {
        StateOverlay pool = new StateOverlay(state);
        SignedTransaction forged = new SignedTransaction(tx(0, 1, 10).tx(), BOB.sign(new byte[] {1}));
        assertEquals(TxError.BAD_SIGNATURE, Admission.admit(pool, forged, CHAIN, AUTHOR.address(), NOW, PARAMS)
                .orElseThrow().error());
        assertEquals(TxError.BAD_SIGNATURE, Admission.admit(pool, tx(0, 1, 10), cess.shared.Hash.ZERO, AUTHOR.address(),
                NOW, PARAMS).orElseThrow().error());
        assertTrue(pool.changes().isEmpty());
    }

    @Test
    void theStateCommitmentSkipsRemovedEntriesAndMergesChanges() {
        TreeMap<StateKey, StateValue> none = new TreeMap<>();
        StateTrie trie = StateTrie.of(base);
        var root = trie.root();
        TreeMap<StateKey, StateValue> removeBob = new TreeMap<>();
        removeBob.put(StateKey.account(BOB.address()), null);
        assertEquals(root, trie.with(removeBob).root());
        TreeMap<StateKey, StateValue> change = new TreeMap<>(Map.of(StateKey.account(ALICE.address()),
                new Account(Amount.ofUnits(999), 0)));
        assertEquals(StateTrie.of(change).root(), trie.with(change).root());
        assertTrue(!root.equals(trie.with(change).root()));
        TreeMap<StateKey, StateValue> removeAlice = new TreeMap<>();
        removeAlice.put(StateKey.account(ALICE.address()), null);
        assertEquals(StateTrie.of(none).root(), trie.with(removeAlice).root());
    }
}
