package cess.storage.model;

import cess.ledger.model.Currency;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import java.util.Optional;

/** What the storage rules share: refusing a call, and taking the sender's funds into the market's keeping. */
final class RuleSupport {
    private RuleSupport() {
    }

    static Optional<TxRejection> refuse(TxError e, String why) {
        return Optional.of(new TxRejection(e, why));
    }

    /** Takes {@code amount} from the sender into the market's keeping (a stake, a price on its way to the pool). */
    static Optional<TxRejection> debit(Currency cur, Address sender, Amount amount) {
        Amount free = cur.free(sender);
        if (free.compareTo(amount) < 0) {
            return refuse(TxError.INSUFFICIENT_BALANCE, "free balance " + free + " (after the fee) does not cover "
                    + amount);
        }
        return cur.reserve(sender, amount);
    }

    /** A purchase: takes {@code price} from the sender as {@link #debit} does and hands it on to the storage pool's free balance. */
    static Optional<TxRejection> pay(Currency cur, Address sender, Amount price) {
        Optional<TxRejection> paid = debit(cur, sender, price);
        if (paid.isEmpty()) {
            cur.unreserve(StorageParams.STORAGE_POOL, price);
        }
        return paid;
    }
}
