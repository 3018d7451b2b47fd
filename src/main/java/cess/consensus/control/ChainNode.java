package cess.consensus.control;

import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.Genesis;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.Account;
import cess.ledger.model.Admission;
import cess.ledger.model.Call;
import cess.ledger.model.Ledger;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateCommitment;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateRange;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's replica of the chain: the head, the full account state in memory, and the pool of
 * admitted transactions. Writers (admission, block production) hold the write lock; readers the
 * read lock, so every read sees one consistent block. The in-memory state moves only after the
 * block has been committed to the database, so a crash at any point leaves database and memory
 * agreeing on restart.
 */
@Singleton
@Startup
@DependsOn("Database")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ChainNode {
    private volatile String divergence;
    private static final Logger LOG = Logger.getLogger(ChainNode.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    ChainStore store;
    @Inject
    Event<BlockFinalized> finalized;
    @Inject
    Clock clock;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Genesis genesis;
    private Hash genesisHash;
    private ValidatorSet validators;
    private KeyPair key;
    private TreeMap<StateKey, StateValue> state;
    /** The state with every pool transaction applied in order: what admission checks against. */
    private StateOverlay poolState;
    private BlockHeader head;
    private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();
    private long nextSeq;

    @PostConstruct
    void start() {
        genesis = GenesisLoader.load(config.genesis());
        genesisHash = genesis.hash();
        validators = genesis.validatorSet();
        key = config.nodeKey();
        Optional<String> stored = store.meta(ChainMetaEntity.GENESIS);
        if (stored.isEmpty()) {
            store.initialize(genesisHash, genesis.header(), genesis.initialState());
            LOG.info(() -> "created a new replica of chain " + genesis.chainId() + " (genesis " + genesisHash + ")");
        } else if (!stored.get().equals(genesisHash.hex())) {
            throw new IllegalStateException("the database at " + config.dbUrl() + " holds chain " + stored.get()
                    + ", not the configured genesis " + genesisHash + "; use another cess.data.dir");
        }
        long height = Long.parseLong(store.meta(ChainMetaEntity.HEAD).orElseThrow());
        head = store.block(height).orElseThrow(() -> new IllegalStateException("head block " + height + " is missing"))
                .header();
        state = new TreeMap<>(store.state());
        Hash root = StateCommitment.root(state, new TreeMap<>());
        if (!root.equals(head.stateRoot())) {
            throw new IllegalStateException("stored state root " + root + " differs from head block " + height
                    + "'s " + head.stateRoot() + ": the replica is corrupt; refusing to start");
        }
        store.pending().forEach(stx -> pool.put(stx.hash(), stx));
        rebuildPoolState(clock.millis());
        nextSeq = store.nextSeq();
        LOG.info(() -> "chain " + genesis.chainId() + " at height " + head.height() + " (" + head.hash() + "), "
                + pool.size() + " pending transactions; node account " + key.address()
                + (isValidator() ? " (validator)" : ""));
    }

    /**
     * Admits a signed transaction to the pool and persists it, or refuses it with the reason.
     *
     * @throws TxRefusedException with the rejection; nothing is stored then
     */
    public Hash submit(SignedTransaction stx, long nowMillis) {
        lock.writeLock().lock();
        try {
            return admit(stx, nowMillis, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Signs {@code call} with {@code key} at the sender's next nonce (counting its pending
     * transactions) and the minimum fee, and admits it, atomically with respect to other
     * submissions: how a gateway or hosted miner sends its own transactions.
     *
     * @throws TxRefusedException with the rejection; nothing is stored then
     */
    public SignedTransaction submitAs(KeyPair signer, Call call, long nowMillis) {
        lock.writeLock().lock();
        try {
            long nonce = poolState.account(signer.address()).nonce();
            SignedTransaction stx = new Transaction(signer.address(), nonce, genesis.ledger().minFee(), call)
                    .sign(signer, genesisHash);
            admit(stx, nowMillis, true);
            return stx;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @param selfSigned whether this process has just signed {@code stx} (its signature needs no check) */
    private Hash admit(SignedTransaction stx, long nowMillis, boolean selfSigned) {
        Hash hash = stx.hash();
        if (pool.containsKey(hash) || store.transaction(hash).isPresent()) {
            throw new TxRefusedException(new TxRejection(TxError.DUPLICATE, "transaction " + hash + " is already known"));
        }
        if (pool.size() >= config.mempoolMax()) {
            throw new TxRefusedException(new TxRejection(TxError.POOL_FULL,
                    "the transaction pool is full (" + pool.size() + "); retry later"));
        }
        StateOverlay attempt = poolState.fork();
        Optional<TxRejection> why = selfSigned
                ? Admission.admitSigned(attempt, stx, key.address(), nowMillis, genesis.ledger())
                : Admission.admit(attempt, stx, genesisHash, key.address(), nowMillis, genesis.ledger());
        if (why.isPresent()) {
            throw new TxRefusedException(why.get());
        }
        store.admit(stx, nextSeq, nowMillis);
        nextSeq++;
        poolState.absorb(attempt);
        pool.put(hash, stx);
        return hash;
    }

    /**
     * Produces, persists and applies the next block from the pool, if this node is the validator
     * and transactions are waiting.
     */
    public Optional<BlockHeader> produce(long nowMillis) {
        BlockExecution.Outcome out;
        lock.writeLock().lock();
        try {
            if (pool.isEmpty() || !isValidator() || divergence != null) {
                return Optional.empty();
            }
            List<SignedTransaction> candidates = new ArrayList<>(pool.values());
            out = BlockExecution.build(state, head, candidates, key.address(), nowMillis, genesis.ledger(),
                    genesis.consensus());
            BlockHeader h = out.header();
            Commit commit = new Commit(h.height(), 0, h.hash(), List.of(Commit.precommit(key, genesisHash, h.height(), 0, h.hash())));
            Optional<String> invalid = commit.verify(h, validators, genesisHash);
            if (invalid.isPresent()) {
                // One validator holding under 2/3 of the stake cannot finalize alone: wait for consensus.
                LOG.warning(() -> "cannot finalize block " + h.height() + " alone: " + invalid.get());
                return Optional.empty();
            }
            store.append(out, commit);
            StateOverlay.apply(state, out.changes());
            head = h;
            out.included().forEach(t -> pool.remove(t.hash()));
            out.rejected().forEach(r -> {
                pool.remove(r.tx().hash());
                LOG.info(() -> "transaction " + r.tx().hash() + " rejected in block " + h.height() + ": " + r.why().message());
            });
            rebuildPoolState(nowMillis);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "block production failed; state unchanged, will retry", e);
            return Optional.empty();
        } finally {
            lock.writeLock().unlock();
        }
        finalized.fire(new BlockFinalized(out.header(), out.included().size()));
        return Optional.of(out.header());
    }

    public BlockHeader head() {
        lock.readLock().lock();
        try {
            return head;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Account account(Address a) {
        return read(false, v -> v.account(a));
    }

    /** The nonce the sender's next transaction must carry, counting its pending ones. */
    public long nextNonce(Address a) {
        return read(true, v -> v.account(a).nonce());
    }

    /**
     * Reads one consistent view of the state: as finalized, or with the pool's pending
     * transactions applied ({@code pending}), which is what this node has acknowledged.
     */
    public <T> T read(boolean pending, Function<StateView, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(pending ? poolState : state::get);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Up to {@code limit} entries of {@code kind} whose ids start with {@code idPrefix} (empty:
     * all of the kind), in key order, as finalized or with pending transactions applied.
     */
    public List<Map.Entry<StateKey, StateValue>> entries(StateKey.Kind kind, String idPrefix, boolean pending, int limit) {
        return entriesAfter(kind, idPrefix, null, pending, limit);
    }

    /**
     * Like {@link #entries}, starting after the id {@code afterId} (exclusive; null: from the
     * first id with the prefix): the page-by-page walk of a listing.
     */
    public List<Map.Entry<StateKey, StateValue>> entriesAfter(StateKey.Kind kind, String idPrefix, String afterId,
                                                              boolean pending, int limit) {
        boolean fromPrefix = afterId == null || afterId.compareTo(idPrefix) < 0;
        StateKey from = new StateKey(kind, fromPrefix ? (idPrefix.isEmpty() ? "\0" : idPrefix) : afterId);
        boolean inclusive = fromPrefix;
        StateKey to = StateKey.after(kind, idPrefix);
        if (from.compareTo(to) >= 0) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            return StateRange.merge(state.subMap(from, inclusive, to, false),
                    pending ? poolState.changes().subMap(from, inclusive, to, false) : Collections.emptyNavigableMap(), limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean isPending(Hash tx) {
        lock.readLock().lock();
        try {
            return pool.containsKey(tx);
        } finally {
            lock.readLock().unlock();
        }
    }

    public int poolSize() {
        lock.readLock().lock();
        try {
            return pool.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Records that another node holds a different final block at a height this node has: the
     * chain has forked (or another process signs with this node's key). The node stops producing
     * at once, says so in its log every time it is told, and its health turns DOWN; it never
     * finalizes a block on top of the fork. The first report stands.
     */
    public void reportDivergence(String why) {
        synchronized (this) {
            if (divergence == null) {
                divergence = why;
            }
        }
        LOG.severe(() -> "CHAIN DIVERGED, block production stopped: " + why);
    }

    /** Why this node stopped producing because its chain diverged from another node's, if it did. */
    public Optional<String> divergence() {
        return Optional.ofNullable(divergence);
    }

    /** The header of this node's final block at {@code height}, if it has one. */
    public Optional<BlockHeader> headerAt(long height) {
        return store.block(height).map(ChainStore.StoredBlock::header);
    }

    public Genesis genesis() {
        return genesis;
    }

    public Hash genesisHash() {
        return genesisHash;
    }

    public Address nodeAccount() {
        return key.address();
    }

    public boolean isValidator() {
        return config.roles().contains(NodeConfig.Role.CONSENSUS) && validators.contains(key.address());
    }

    /** Re-applies the pool in order on the new state; transactions that no longer apply stay out of the view. */
    private void rebuildPoolState(long nowMillis) {
        poolState = new StateOverlay(state::get);
        for (SignedTransaction stx : pool.values()) {
            StateOverlay attempt = poolState.fork();
            if (Ledger.apply(attempt, stx, key.address(), nowMillis, genesis.ledger()).isEmpty()) {
                poolState.absorb(attempt);
            }
        }
    }
}
