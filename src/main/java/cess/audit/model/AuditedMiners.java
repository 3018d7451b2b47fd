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

    /**
     * {@code miner} let a service challenge's deadline pass unanswered in block {@code height}
     * (idle-space misses are not reported: they say nothing of its fragments): the storage market
     * counts the run and decides when it is long enough that its data is presumed lost (its repair
     * parameters), opening the repair of everything it holds at once, in one entry.
     */
    void reportMissed(Address miner, long height);

    /** {@code miner} passed a service proof in block {@code height}: a presumed loss of its data is lifted. */
    void reportPassed(Address miner, long height);

    /**
     * A targeted challenge after a gateway's report showed {@code fragment} corrupt on
     * {@code miner} (failed or missed): the storage market opens its restoral order.
     */
    void reportCorrupt(Address miner, Holding fragment, long height);

    /**
     * Where fragment {@code fragment} of segment {@code segment} of file {@code fid} is held now,
     * if the file and the position exist.
     */
    java.util.Optional<Located> locate(cess.shared.Hash fid, int segment, int fragment);

    /** Whether {@code account} is a gateway active in the registry (the only accounts that may report a corrupt read). */
    boolean activeGateway(Address account);

    /**
     * A fragment as the file's layout places it.
     *
     * @param miner     the miner the layout names
     * @param seq       its position in that miner's {@link Holdings} (what a sample names)
     * @param holding   the fragment, with its commitment and length
     * @param repairing whether a restoral order is open for it, written or implied (its miner exits
     *                  or is presumed lost): it is already being rebuilt
     */
    record Located(Address miner, long seq, Holding holding, boolean repairing) {
    }

    /** Binds the view to one block's state. */
    interface Factory {
        AuditedMiners over(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency currency, Params params);
    }
}
