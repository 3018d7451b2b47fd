package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.Optional;

/**
 * Whether a transaction may enter the pool. The pool keeps a view of the state with every
 * pending transaction already applied in order; a new transaction is admitted only if it applies
 * on top of that view, so nonces, balances, territory space and everything else a rule checks
 * are reserved by pending transactions too. Checked before anything is stored, so a refused
 * transaction changes nothing.
 */
public final class Admission {
    private Admission() {
    }

    /**
     * Checks the signature, then applies {@code stx} to {@code poolState}: on success the
     * overlay holds its effects, on refusal it is unchanged.
     *
     * @param author    whom the pool view credits fees to (it does not matter which account)
     * @param height    the height of the block to come
     * @param nowMillis the node's clock, standing in for the time of the block to come
     */
    public static Optional<TxRejection> admit(StateOverlay poolState, SignedTransaction stx, Hash genesis,
                                              Address author, long height, long nowMillis, Params params,
                                              TxExecutor executor) {
        Optional<TxRejection> badSignature = checkSignature(stx, genesis);
        return badSignature.isPresent() ? badSignature : admitSigned(poolState, stx, author, height, nowMillis, params, executor);
    }

    /**
     * The signature check of {@link #admit} on its own: it needs no state, so a node can make it
     * before it takes the lock that admission holds.
     */
    public static Optional<TxRejection> checkSignature(SignedTransaction stx, Hash genesis) {
        if (!stx.verify(genesis)) {
            return Optional.of(new TxRejection(TxError.BAD_SIGNATURE,
                    "signature does not verify for sender " + stx.tx().sender() + " on this chain"));
        }
        return Optional.empty();
    }

    /**
     * {@link #admit} without the signature check, for a transaction whose signature the caller
     * has just made itself (a node submitting its own transactions): verifying what this process
     * signed a moment ago would only spend an Ed25519 verification per upload. Blocks still
     * verify every signature when they are checked.
     */
    public static Optional<TxRejection> admitSigned(StateOverlay poolState, SignedTransaction stx, Address author,
                                                    long height, long nowMillis, Params params, TxExecutor executor) {
        StateOverlay attempt = poolState.fork();
        Optional<TxRejection> why = executor.apply(attempt, stx, author, height, nowMillis, params);
        if (why.isEmpty()) {
            poolState.absorb(attempt);
        }
        return why;
    }
}
