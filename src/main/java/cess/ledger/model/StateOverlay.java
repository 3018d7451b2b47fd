package cess.ledger.model;

import cess.shared.Address;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Changes on top of a read-only base state. Executing a block writes here; the caller commits
 * {@link #changes()} only when the whole block is valid, so a failed block changes nothing.
 * Not thread-safe.
 */
public final class StateOverlay implements StateView {
    private final StateView base;
    private final TreeMap<Address, Account> changes = new TreeMap<>();

    public StateOverlay(StateView base) {
        this.base = base;
    }

    @Override
    public Account account(Address address) {
        Account changed = changes.get(address);
        return changed != null ? changed : base.account(address);
    }

    public void put(Address address, Account account) {
        changes.put(address, account);
    }

    /** The changed accounts, in address order. */
    public NavigableMap<Address, Account> changes() {
        return Collections.unmodifiableNavigableMap(changes);
    }

    /** A nested overlay, to try one transaction and keep its changes only if it succeeds. */
    public StateOverlay fork() {
        return new StateOverlay(this);
    }

    public void absorb(StateOverlay child) {
        for (Map.Entry<Address, Account> e : child.changes.entrySet()) {
            changes.put(e.getKey(), e.getValue());
        }
    }
}
