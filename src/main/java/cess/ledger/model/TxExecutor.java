package cess.ledger.model;

import cess.shared.Address;
import java.util.Optional;

/**
 * The state transition of one transaction, as a runtime composes it from its modules. Pure: the
 * same state, transaction, author, time and parameters always give the same result. The caller
 * has already checked the signature.
 */
public interface TxExecutor {
    /**
     * Applies {@code stx} to {@code state} in block {@code height} authored by {@code author} at
     * {@code nowMillis}. On success the state holds the fee, the incremented nonce and the call's
     * effects; on a rejection it is untouched and the rejection says why.
     */
    Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, long height, long nowMillis,
                                Params params);
}
