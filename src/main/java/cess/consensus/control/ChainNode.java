package cess.consensus.control;

import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.Genesis;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.Account;
import cess.ledger.model.Admission;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateCommitment;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
    private static final Logger LOG = Logger.getLogger(ChainNode.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    ChainStore store;
    @Inject
    Event<BlockFinalized> finalized;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Genesis genesis;
    private Hash genesisHash;
    private ValidatorSet validators;
    private KeyPair key;
    private TreeMap<Address, Account> state;
    private BlockHeader head;
    private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();
    private final Map<Address, Admission.Pending> pendingBySender = new HashMap<>();
    private long nextSeq;

    @PostConstruct
    void start() {
        genesis = GenesisLoader.load(config.genesis());
        genesisHash = genesis.hash();
        validators = genesis.validatorSet();
        key = config.nodeKey();
        Optional<String> stored = store.meta(ChainMetaEntity.GENESIS);
        if (stored.isEmpty()) {
            store.initialize(genesisHash, genesis.header(), genesis.initialAccounts());
            LOG.info(() -> "created a new replica of chain " + genesis.chainId() + " (genesis " + genesisHash + ")");
        } else if (!stored.get().equals(genesisHash.hex())) {
            throw new IllegalStateException("the database at " + config.dbUrl() + " holds chain " + stored.get()
                    + ", not the configured genesis " + genesisHash + "; use another cess.data.dir");
        }
        long height = Long.parseLong(store.meta(ChainMetaEntity.HEAD).orElseThrow());
        head = store.block(height).orElseThrow(() -> new IllegalStateException("head block " + height + " is missing"))
                .header();
        state = new TreeMap<>(store.accounts());
        Hash root = StateCommitment.root(state, new TreeMap<>());
        if (!root.equals(head.stateRoot())) {
            throw new IllegalStateException("stored state root " + root + " differs from head block " + height
                    + "'s " + head.stateRoot() + ": the replica is corrupt; refusing to start");
        }
        for (SignedTransaction stx : store.pending()) {
            addToPool(stx);
        }
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
        Hash hash = stx.hash();
        lock.writeLock().lock();
        try {
            if (pool.containsKey(hash) || store.transaction(hash).isPresent()) {
                throw new TxRefusedException(new TxRejection(TxError.DUPLICATE, "transaction " + hash + " is already known"));
            }
            Admission.Pending pending = pendingBySender.getOrDefault(stx.tx().sender(), Admission.Pending.NONE);
            Optional<TxRejection> why = Admission.check(a -> state.getOrDefault(a, Account.EMPTY), pending, stx,
                    genesisHash, genesis.ledger());
            if (why.isPresent()) {
                throw new TxRefusedException(why.get());
            }
            if (pool.size() >= config.mempoolMax()) {
                throw new TxRefusedException(new TxRejection(TxError.POOL_FULL,
                        "the transaction pool is full (" + pool.size() + "); retry later"));
            }
            store.admit(stx, nextSeq, nowMillis);
            nextSeq++;
            addToPool(stx);
            return hash;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Produces, persists and applies the next block from the pool, if this node is the validator
     * and transactions are waiting.
     */
    public Optional<BlockHeader> produce(long nowMillis) {
        BlockExecution.Outcome out;
        lock.writeLock().lock();
        try {
            if (pool.isEmpty() || !isValidator()) {
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
            state.putAll(out.changes());
            state.values().removeIf(Account::isEmpty);
            head = h;
            out.included().forEach(t -> pool.remove(t.hash()));
            out.rejected().forEach(r -> {
                pool.remove(r.tx().hash());
                LOG.info(() -> "transaction " + r.tx().hash() + " rejected in block " + h.height() + ": " + r.why().message());
            });
            recomputePending();
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
        lock.readLock().lock();
        try {
            return state.getOrDefault(a, Account.EMPTY);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The nonce the sender's next transaction must carry, counting its pending ones. */
    public long nextNonce(Address a) {
        lock.readLock().lock();
        try {
            return state.getOrDefault(a, Account.EMPTY).nonce()
                    + pendingBySender.getOrDefault(a, Admission.Pending.NONE).count();
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

    private void addToPool(SignedTransaction stx) {
        pool.put(stx.hash(), stx);
        countPending(stx);
    }

    private void recomputePending() {
        pendingBySender.clear();
        pool.values().forEach(this::countPending);
    }

    private void countPending(SignedTransaction stx) {
        pendingBySender.merge(stx.tx().sender(), Admission.Pending.NONE.plus(stx.tx()), (old, one) -> old.plus(stx.tx()));
    }
}
