package cess.consensus.control;

import cess.consensus.model.BlockHeader;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.NavigableMap;

/**
 * Synchronous CDI event fired by {@link ChainStore} inside the database transaction that persists
 * a final block, before it commits: an observer writes what the block means to its module (the
 * treasury's movements, say) through {@code em}, in the same transaction, so a crash leaves the
 * block with all of it or none. An observer that throws rolls the block back. Observers must not
 * keep {@code em} past the call.
 *
 * @param events  what the chain's modules did by themselves in the block, in order; consensus
 *                carries them without knowing their types
 * @param before  the state before the block
 * @param changes the entries the block changes (null: removed)
 */
public record BlockPersisting(BlockHeader header, List<?> events, StateView before,
                              NavigableMap<StateKey, StateValue> changes, EntityManager em) {
    public BlockPersisting {
        events = List.copyOf(events);
    }
}
