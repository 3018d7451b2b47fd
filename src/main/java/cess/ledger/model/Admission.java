package cess.ledger.model;

import cess.shared.Amount;
import cess.shared.Hash;
import java.util.Optional;

/**
 * Whether a transaction may enter the pool, given the state and what the sender already has
 * pending there. Checked before anything is stored, so a refused transaction changes nothing.
 */
public final class Admission {
    private Admission() {
    }

    /**
     * @param pending the sender's transactions already in the pool: how many, and what they cost
     */
    public static Optional<TxRejection> check(StateView state, Pending pending, SignedTransaction stx, Hash genesis,
                                              LedgerParams params) {
        if (!stx.verify(genesis)) {
            return Optional.of(new TxRejection(TxError.BAD_SIGNATURE,
                    "signature does not verify for sender " + stx.tx().sender() + " on this chain"));
        }
        Transaction tx = stx.tx();
        if (tx.fee().compareTo(params.minFee()) < 0) {
            return Optional.of(new TxRejection(TxError.FEE_TOO_LOW,
                    "fee " + tx.fee() + " is below the minimum fee " + params.minFee()));
        }
        Account sender = state.account(tx.sender());
        long expected = sender.nonce() + pending.count();
        if (tx.nonce() != expected) {
            return Optional.of(Ledger.nonceRejection(tx.nonce(), expected));
        }
        Amount needed = pending.cost().plus(Ledger.cost(tx));
        if (sender.free().compareTo(needed) < 0) {
            String more = pending.count() == 0 ? "" : " (including " + pending.count() + " pending transactions)";
            return Optional.of(new TxRejection(TxError.INSUFFICIENT_BALANCE,
                    "free balance " + sender.free() + " does not cover " + needed + more));
        }
        return Optional.empty();
    }

    /** A sender's pending transactions in the pool. */
    public record Pending(int count, Amount cost) {
        public static final Pending NONE = new Pending(0, Amount.ZERO);

        public Pending plus(Transaction tx) {
            return new Pending(count + 1, cost.plus(Ledger.cost(tx)));
        }
    }
}
