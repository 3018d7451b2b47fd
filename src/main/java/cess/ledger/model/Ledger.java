package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import java.util.Optional;

/**
 * The state transition of one transaction. Pure: the same state and transaction always give the
 * same result. The caller has already checked the signature (see {@link Admission}).
 */
public final class Ledger {
    private Ledger() {
    }

    /**
     * Applies {@code stx} to {@code state}, authored into a block by {@code author}. On success
     * the state holds the sender's debit (amount and fee), the incremented nonce, the credit to
     * the destination and the fee split between treasury and author; on failure the state is
     * untouched and the rejection says why.
     */
    public static Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, LedgerParams params) {
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
        throw new IllegalStateException("no rule for call " + tx.call().type());
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

    /** What a transaction takes from its sender's free balance if it succeeds. */
    public static Amount cost(Transaction tx) {
        if (tx.call() instanceof Transfer t) {
            return t.amount().plus(tx.fee());
        }
        return tx.fee();
    }
}
