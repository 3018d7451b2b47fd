package cess.audit.model;

import cess.ledger.model.Currency;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import java.util.List;
import java.util.NavigableMap;

/**
 * What the audit rules need of the storage market, over one block's state: the miners, what each
 * holds, its collateral, and the two punishments (a slash, a forced exit). Declared here, by the
 * module that needs it; the runtime implements it over the storage module's state, so that audit
 * never reads another module's entries itself. Bound to one block's state; not thread-safe.
 */
public interface AuditedMiners {
    /** The miners' holdings as the block's state has them now. */
    Holdings holdings();

    /** Every registered miner, in a fixed order, as the state before the block holds them. */
    List<Address> miners();

    /** The bytes of service data {@code miner} holds (what its deadline scales with). */
    long serviceBytes(Address miner);

    /** The space {@code miner} declared, in bytes (what its filler may fill beside its service data); 0 for an account that is no miner. */
    long declaredBytes(Address miner);

    /** The collateral a punishment's share is taken of; zero for an account that is no miner. */
    Amount collateral(Address miner);

    /**
     * Takes {@code amount}, or what is left of the stake, into the punishment pool; a miner whose
     * stake no longer covers its space is frozen.
     *
     * @return what was taken
     */
    Amount slash(Address miner, Amount amount);

    /** Makes {@code miner} exit in block {@code height}: it takes no new data, and what it holds is rebuilt elsewhere. */
    void forceExit(Address miner, long height);

    /**
     * A failed proof showed {@code fragment} lost from {@code miner} in block {@code height}: the
     * storage market opens its repair (a restoral order), unless one is open already.
     */
    void reportLost(Address miner, Holding fragment, long height);

    /** Binds the view to one block's state. */
    interface Factory {
        AuditedMiners over(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency currency, Params params);
    }
}
