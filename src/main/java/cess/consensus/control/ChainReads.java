package cess.consensus.control;

import cess.consensus.model.Application;
import cess.consensus.model.Block;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.Account;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateRange;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reads of this node's chain: the final head (its header, parameters, accounts, listings,
 * proofs and the validators it names), the pool's pending state and transactions, and the stored
 * final blocks. {@link ChainNode} makes blocks final and hands this out to every reader
 * ({@link ChainNode#reads}, an application-scoped bean); readers inject this, not the node.
 *
 * <p>Locking: reads of the final state take no lock: each reads the {@link Head} current when
 * it starts, which never changes, so one call sees one block's state however far the chain moves
 * meanwhile, and never waits for a block being made final. Pending reads take the read side of
 * the {@link Mempool}'s memory lock, which no writer holds across I/O. Stored blocks and headers
 * are read from the database. Thread-safe.
 */
public class ChainReads {
    private final Replica replica;
    private final Mempool mempool;
    private final ChainStore store;
    private final Application app;

    ChainReads(Replica replica, Mempool mempool, ChainStore store, Application app) {
        this.replica = replica;
        this.mempool = mempool;
        this.store = store;
        this.app = app;
    }

    /** For the container's client proxy only. */
    protected ChainReads() {
        this(null, null, null, null);
    }

    /** The header of the final head. */
    public BlockHeader head() {
        return replica.head().header();
    }

    /** The chain parameters in effect at the head: the genesis's, with the changes the chain has enacted since. */
    public Params params() {
        return replica.head().params();
    }

    /** The block time in effect at the head. */
    public long blockTimeMillis() {
        return app.blockTimeMillis(params());
    }

    /**
     * The on-duty validators of {@code epoch}, as the chain drew them; known for the epoch before
     * the head's, the head's, and the next.
     */
    public Optional<ValidatorSet> validatorsFor(long epoch) {
        return app.validators(replica.head().view(), epoch);
    }

    /** The final block at {@code height} with its transactions and commit, as it travels to a syncing peer. */
    public Optional<Block> blockAt(long height) {
        return store.fullBlock(height);
    }

    /** The header of this node's final block at {@code height}, if it has one. */
    public Optional<BlockHeader> headerAt(long height) {
        return store.block(height).map(ChainStore.StoredBlock::header);
    }

    /** An entry of the head's state with its proof against the head's state root (empty proof: no such entry). */
    public record StateProof(BlockHeader head, StateKey key, Optional<StateValue> value, Optional<StateTrie.Proof> proof) {
    }

    /** Reads {@code key} at the head, with the sibling hashes that prove it against the head's state root. */
    public StateProof prove(StateKey key) {
        Head head = replica.head();
        return new StateProof(head.header(), key, Optional.ofNullable(head.state().get(key)), head.trie().prove(key));
    }

    public Account account(Address a) {
        return replica.head().view().account(a);
    }

    /** The nonce the sender's next transaction must carry, counting its pending ones. */
    public long nextNonce(Address a) {
        return read(true, v -> v.account(a).nonce());
    }

    /**
     * Reads one consistent view of the state: as finalized (the head snapshot, without a lock),
     * or with the pool's pending transactions applied ({@code pending}), which is what this node
     * has acknowledged.
     */
    public <T> T read(boolean pending, Function<StateView, T> reader) {
        return pending ? mempool.read(reader) : reader.apply(replica.head().view());
    }

    /**
     * Up to {@code limit} entries of {@code kind} whose ids start with {@code idPrefix} (empty:
     * all of the kind), in key order, as finalized or with pending transactions applied.
     */
    public List<Map.Entry<StateKey, StateValue>> entries(StateKind kind, String idPrefix, boolean pending, int limit) {
        return entriesAfter(kind, idPrefix, null, pending, limit);
    }

    /**
     * Like {@link #entries}, starting after the id {@code afterId} (exclusive; null: from the
     * first id with the prefix): the page-by-page walk of a listing.
     */
    public List<Map.Entry<StateKey, StateValue>> entriesAfter(StateKind kind, String idPrefix, String afterId,
                                                              boolean pending, int limit) {
        boolean fromPrefix = afterId == null || afterId.compareTo(idPrefix) < 0;
        StateKey from = new StateKey(kind, fromPrefix ? (idPrefix.isEmpty() ? "\0" : idPrefix) : afterId);
        boolean inclusive = fromPrefix;
        StateKey to = StateKey.after(kind, idPrefix);
        if (from.compareTo(to) >= 0) {
            return List.of();
        }
        if (pending) {
            return mempool.entries(from, inclusive, to, limit);
        }
        return StateRange.merge(replica.head().state().subMap(from, inclusive, to, false), Collections.emptyNavigableMap(),
                limit);
    }

    /** A transaction waiting in the pool, whether or not it has a database row yet. */
    public Optional<SignedTransaction> pendingTransaction(Hash tx) {
        return mempool.get(tx);
    }

    public boolean isPending(Hash tx) {
        return mempool.contains(tx);
    }

    public int poolSize() {
        return mempool.size();
    }
}
