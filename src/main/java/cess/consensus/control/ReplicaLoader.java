package cess.consensus.control;

import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Genesis;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.shared.Hash;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Loads {@link ChainNode}'s replica at start: creates the chain in an empty database from its
 * genesis, or checks that the database holds that chain, and rebuilds the head from the stored
 * state, with the trie a clean stop saved ({@link TrieSnapshots}) or by hashing the whole state.
 * A replica whose state does not hash to its head block does not start. Used once, by the node's
 * start-up thread.
 */
final class ReplicaLoader {
    /** Logs as the node it starts: operators read these lines as the chain's. */
    private static final Logger LOG = Logger.getLogger(ChainNode.class.getName());

    private final ChainStore store;
    private final TrieSnapshots snapshots;
    private final Executor background;

    ReplicaLoader(ChainStore store, TrieSnapshots snapshots, Executor background) {
        this.store = store;
        this.snapshots = snapshots;
        this.background = background;
    }

    /**
     * The replica of {@code genesis}'s chain in the store.
     *
     * @param genesisHash {@code genesis}'s hash
     * @param dbUrl       where the database is, for the refusal when it holds another chain
     * @param effective   the parameters in effect on a state
     * @param corrupt     told, from the background, if the stored entries do not hash to the head
     *                    whose trie was read from its snapshot
     * @throws IllegalStateException if the database holds another chain, lacks its head block, or
     *                               its state does not hash to the head block's state root
     */
    Replica load(Genesis genesis, Hash genesisHash, String dbUrl, Function<StateView, Params> effective,
                 Consumer<String> corrupt) {
        Optional<String> stored = store.meta(ChainMetaEntity.GENESIS);
        if (stored.isEmpty()) {
            store.initialize(genesisHash, genesis.header(), genesis.initialState());
            LOG.info(() -> "created a new replica of chain " + genesis.chainId() + " (genesis " + genesisHash + ")");
        } else if (!stored.get().equals(genesisHash.hex())) {
            throw new IllegalStateException("the database at " + dbUrl + " holds chain " + stored.get()
                    + ", not the configured genesis " + genesisHash + "; use another cess.data.dir");
        }
        long height = Long.parseLong(store.meta(ChainMetaEntity.HEAD).orElseThrow());
        ChainStore.StoredBlock stored0 = store.block(height)
                .orElseThrow(() -> new IllegalStateException("head block " + height + " is missing"));
        BlockHeader header = stored0.header();
        NavigableMap<StateKey, StateValue> state = store.state();
        Optional<StateTrie> saved = snapshots.load(header, state.size());
        StateTrie trie;
        if (saved.isPresent()) {
            trie = saved.get();
            verifyStoredState(new TreeMap<>(state), header, corrupt);
        } else {
            trie = StateTrie.of(state);
            Hash root = trie.root();
            if (!root.equals(header.stateRoot())) {
                throw new IllegalStateException("stored state root " + root + " differs from head block " + height
                        + "'s " + header.stateRoot() + ": the replica is corrupt; refusing to start");
            }
        }
        return new Replica(Head.of(header, stored0.commit(), state, trie, effective));
    }

    /**
     * With the trie read from its snapshot, the stored entries are still checked against the
     * head's state root, in the background: a replica whose state does not hash to its head stops
     * deciding and reports itself DOWN, as a diverged one does.
     */
    private void verifyStoredState(TreeMap<StateKey, StateValue> entries, BlockHeader at, Consumer<String> corrupt) {
        background.execute(() -> {
            Hash root = StateTrie.of(entries).root();
            if (!root.equals(at.stateRoot())) {
                corrupt.accept("the stored state hashes to " + root + ", not to head block " + at.height() + "'s state root "
                        + at.stateRoot() + ": the replica is corrupt");
            } else {
                LOG.fine(() -> "the stored state of block " + at.height() + " matches its state root");
            }
        });
    }
}
