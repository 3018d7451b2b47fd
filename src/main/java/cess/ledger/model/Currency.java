package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import java.util.Optional;

/**
 * The balances a module may move: the only way a module other than balances touches an
 * account's tokens. A module that holds tokens back (a stake, a bond, a vote's lock) keeps the
 * amount in its own state between {@link #reserve} and {@link #unreserve} or {@link #slashInto}.
 * Every refusal changes nothing. Bound to one block's state; not thread-safe.
 */
public interface Currency {
    /** What {@code who} may spend now. */
    Amount free(Address who);

    /** Moves {@code amount} of {@code from}'s free balance to {@code to}. */
    Optional<TxRejection> transfer(Address from, Address to, Amount amount);

    /** Takes {@code amount} out of {@code who}'s free balance into the calling module's keeping. */
    Optional<TxRejection> reserve(Address who, Amount amount);

    /** Gives back {@code amount} the module kept for {@code who}. */
    void unreserve(Address who, Amount amount);

    /** Pays {@code amount} the module kept (a slashed stake, a forfeited bond) into {@code to}'s free balance. */
    void slashInto(Address to, Amount amount);

    /** Creates {@code amount} new tokens in {@code to}'s free balance; the total issuance grows. */
    void mint(Address to, Amount amount);

    /** Destroys {@code amount} of {@code from}'s free balance; the total issuance shrinks. */
    Optional<TxRejection> burn(Address from, Amount amount);
}
