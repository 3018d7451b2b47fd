package cess.ledger.model;

import cess.governance.model.ChainParam;
import cess.governance.model.GovernanceCall;
import cess.governance.model.GovernanceRules;
import cess.shared.Address;
import cess.shared.Amount;
import cess.staking.model.StakingCall;
import cess.staking.model.StakingRules;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageRules;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The state transition of one transaction. Pure: the same state, transaction and block time
 * always give the same result. The caller has already checked the signature (see
 * {@link Admission}).
 */
public final class Ledger {
    private Ledger() {
    }

    /**
     * What the chain does by itself when a block begins, before its transactions: at an epoch's
     * first block, the storage market deletes what expired territories left after their grace;
     * then governance decides the votes that are over and enacts what is due
     * ({@link GovernanceRules#beginBlock}). (What a block does about validators, the consensus
     * model does next.)
     *
     * @param before the full state before the block; {@code state} is the block's overlay on it
     * @param params the parameters in effect when the block begins
     * @return what governance did
     */
    public static List<GovernanceRules.Event> beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state,
                                                         boolean epochStart, long nowMillis, ChainParam.Effective params) {
        if (epochStart) {
            StorageRules.sweepExpiredTerritories(before, state, nowMillis, params.ledger().storage());
        }
        return GovernanceRules.beginBlock(before, state, nowMillis, params);
    }

    /**
     * Applies {@code stx} to {@code state} in a block authored by {@code author} at
     * {@code nowMillis}. On success the state holds the sender's fee, the incremented nonce, the
     * fee split between treasury and author and the call's effects; on failure the state is
     * untouched and the rejection says why.
     */
    public static Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, long nowMillis,
                                              LedgerParams params) {
        Transaction tx = stx.tx();
        Account sender = state.account(tx.sender());
        if (tx.nonce() != sender.nonce()) {
            return Optional.of(nonceRejection(tx.nonce(), sender.nonce()));
        }
        if (tx.fee().compareTo(params.minFee()) < 0) {
            return Optional.of(new TxRejection(TxError.FEE_TOO_LOW,
                    "fee " + tx.fee() + " is below the minimum fee " + params.minFee()));
        }
        if (tx.call() instanceof Transfer t) {
            return transfer(state, tx, sender, t, author, params);
        }
        if (sender.free().compareTo(tx.fee()) < 0) {
            return Optional.of(insufficient(sender.free(), tx.fee()));
        }
        StateOverlay attempt = state.fork();
        attempt.put(tx.sender(), new Account(sender.free().minus(tx.fee()), sender.nonce() + 1));
        payFee(attempt, tx.fee(), author, params);
        Optional<TxRejection> why;
        if (tx.call() instanceof StorageCall c) {
            why = StorageRules.apply(attempt, tx.sender(), c, nowMillis, params.storage());
        } else if (tx.call() instanceof StakingCall c) {
            why = StakingRules.apply(attempt, tx.sender(), c, nowMillis, params.staking());
        } else if (tx.call() instanceof GovernanceCall c) {
            why = GovernanceRules.apply(attempt, tx.sender(), c, nowMillis, params);
        } else {
            throw new IllegalStateException("no rule for call " + tx.call().type());
        }
        if (why.isEmpty()) {
            state.absorb(attempt);
        }
        return why;
    }

    private static Optional<TxRejection> transfer(StateOverlay state, Transaction tx, Account sender, Transfer t,
                                                  Address author, LedgerParams params) {
        Amount cost = t.amount().plus(tx.fee());
        if (sender.free().compareTo(cost) < 0) {
            return Optional.of(insufficient(sender.free(), cost));
        }
        state.put(tx.sender(), new Account(sender.free().minus(cost), sender.nonce() + 1));
        state.put(t.dest(), state.account(t.dest()).credit(t.amount()));
        payFee(state, tx.fee(), author, params);
        return Optional.empty();
    }

    static void payFee(StateOverlay state, Amount fee, Address author, LedgerParams params) {
        Amount toTreasury = fee.share(params.treasuryFeePercent(), 100);
        Amount toAuthor = fee.minus(toTreasury);
        if (!toTreasury.isZero()) {
            state.put(LedgerParams.TREASURY, state.account(LedgerParams.TREASURY).credit(toTreasury));
        }
        if (!toAuthor.isZero()) {
            state.put(author, state.account(author).credit(toAuthor));
        }
    }

    static TxRejection nonceRejection(long got, long expected) {
        return got < expected
                ? new TxRejection(TxError.NONCE_REPLAYED, "nonce " + got + " was already used; the next nonce is " + expected)
                : new TxRejection(TxError.NONCE_GAP, "nonce " + got + " is ahead of the next nonce " + expected);
    }

    static TxRejection insufficient(Amount free, Amount cost) {
        return new TxRejection(TxError.INSUFFICIENT_BALANCE,
                "free balance " + free + " does not cover amount plus fee " + cost);
    }
}
