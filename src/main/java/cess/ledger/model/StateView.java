package cess.ledger.model;

import cess.shared.Address;
import java.util.Optional;

/** Read access to chain state. */
public interface StateView {
    /** The entry under {@code key}, or null when there is none. */
    StateValue get(StateKey key);

    /** An account; an unknown account reads as {@link Account#EMPTY}. */
    default Account account(Address address) {
        StateValue v = get(StateKey.account(address));
        return v == null ? Account.EMPTY : (Account) v;
    }

    default <T extends StateValue> Optional<T> find(StateKey key, Class<T> type) {
        return Optional.ofNullable(get(key)).map(type::cast);
    }
}
