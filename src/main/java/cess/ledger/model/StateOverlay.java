package cess.ledger.model;

import cess.shared.Address;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Changes on top of a read-only base state. Executing a block writes here; the caller commits
 * {@link #changes()} only when the whole block is valid, so a failed block changes nothing.
 * A removed entry is recorded as a null value. Not thread-safe.
 */
public final class StateOverlay implements StateView {
    private final StateView base;
    private final TreeMap<StateKey, StateValue> changes = new TreeMap<>();

    public StateOverlay(StateView base) {
        this.base = base;
    }

    @Override
    public StateValue get(StateKey key) {
        if (changes.containsKey(key)) {
            return changes.get(key);
        }
        return base.get(key);
    }

    public void put(StateKey key, StateValue value) {
        changes.put(key, value);
    }

    public void remove(StateKey key) {
        changes.put(key, null);
    }

    /** Stores an account; an empty account is removed from state. */
    public void put(Address address, Account account) {
        StateKey key = StateKey.account(address);
        if (account.isEmpty()) {
            remove(key);
        } else {
            put(key, account);
        }
    }

    /** The changed entries in key order; null marks a removal. */
    public NavigableMap<StateKey, StateValue> changes() {
        return Collections.unmodifiableNavigableMap(changes);
    }

    /** A nested overlay, to try one transaction and keep its changes only if it succeeds. */
    public StateOverlay fork() {
        return new StateOverlay(this);
    }

    public void absorb(StateOverlay child) {
        for (Map.Entry<StateKey, StateValue> e : child.changes.entrySet()) {
            changes.put(e.getKey(), e.getValue());
        }
    }

    /** Lays {@code changes} over {@code state} in place. */
    public static void apply(NavigableMap<StateKey, StateValue> state, NavigableMap<StateKey, StateValue> changes) {
        for (Map.Entry<StateKey, StateValue> e : changes.entrySet()) {
            if (e.getValue() == null) {
                state.remove(e.getKey());
            } else {
                state.put(e.getKey(), e.getValue());
            }
        }
    }
}
