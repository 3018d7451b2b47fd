package cess.consensus.control;

import cess.ledger.model.Params;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import java.util.Map;
import java.util.NavigableMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;
import java.util.function.Function;

/**
 * One final block as this node holds it: its header, the commit this node holds for it, the whole
 * state after it, the state's commitment and the parameters in effect. Immutable: a reader that
 * took a head reads one block's state for as long as it keeps it, however far the chain moves
 * meanwhile, and needs no lock for it.
 *
 * @param state  every entry after the block: a persistent map, which the next head shares except
 *               along the paths of the entries its block changes
 * @param trie   the commitment to {@code state}; its root is the header's state root
 * @param params the chain parameters in effect after the block (the genesis's, with the changes enacted on chain)
 */
public record Head(BlockHeader header, Commit commit, PSortedMap<StateKey, StateValue> state, StateTrie trie,
                   Params params) {

    /**
     * A head over a copy of {@code state}, so that no one holding the original map can change it.
     *
     * @param effective the parameters in effect on a state
     */
    static Head of(BlockHeader header, Commit commit, NavigableMap<StateKey, StateValue> state, StateTrie trie,
                   Function<StateView, Params> effective) {
        PSortedMap<StateKey, StateValue> frozen = TreePMap.from(state);
        return new Head(header, commit, frozen, trie, effective.apply(frozen::get));
    }

    /**
     * The head after a block that changed {@code changes} (null values: removed) and hashes to
     * {@code trie}. This head stays as it was; the next shares its state but for the changed
     * entries, so a block costs its changes (times the log of the state), not the state.
     */
    Head next(BlockHeader block, Commit blockCommit, NavigableMap<StateKey, StateValue> changes, StateTrie after,
              Function<StateView, Params> effective) {
        PSortedMap<StateKey, StateValue> next = state;
        for (Map.Entry<StateKey, StateValue> e : changes.entrySet()) {
            next = e.getValue() == null ? next.minus(e.getKey()) : next.plus(e.getKey(), e.getValue());
        }
        PSortedMap<StateKey, StateValue> frozen = next;
        return new Head(block, blockCommit, frozen, after, effective.apply(frozen::get));
    }

    /** This head with a fuller commit for the same block (late precommits added). */
    Head withCommit(Commit fuller) {
        if (!fuller.blockHash().equals(header.hash())) {
            throw new IllegalArgumentException("a commit for block " + fuller.blockHash() + " is not block "
                    + header.hash() + "'s");
        }
        return new Head(header, fuller, state, trie, params);
    }

    /** The state as a view. */
    public StateView view() {
        return state::get;
    }

    public long height() {
        return header.height();
    }
}
