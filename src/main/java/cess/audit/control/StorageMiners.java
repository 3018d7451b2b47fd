package cess.audit.control;

import cess.shared.Address;
import java.util.List;
import java.util.Optional;

/**
 * What the audit's views need of the storage market, read from the final head: the registered
 * miners, each with its state and the service data it holds (what it is challenged on). Declared
 * here, by the module that needs it, as {@link cess.audit.model.AuditedMiners} is for the rules;
 * the runtime, which alone knows both modules, implements it, so that audit never reads another
 * module's entries itself. Implementations are thread-safe.
 */
public interface StorageMiners {
    /**
     * A registered miner.
     *
     * @param account      the miner's account
     * @param state        its state in lower case ({@code positive}, {@code frozen}, {@code exiting})
     * @param serviceBytes  the bytes of service data it holds
     * @param declaredBytes the space it declared (what its filler may fill beside its service data)
     */
    record Registered(Address account, String state, long serviceBytes, long declaredBytes) {
    }

    /** Every registered miner, in address order. */
    List<Registered> miners();

    /** {@code account} if it is a registered miner. */
    Optional<Registered> miner(Address account);
}
