package cess.consensus.control;

import cess.ledger.model.StateKind;
import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.Block;
import cess.consensus.model.BlockExecution;
import cess.governance.model.TreasuryMovement;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.CommitSignature;
import cess.consensus.model.Evidence;
import cess.consensus.model.HashOnion;
import cess.consensus.model.Vote;
import cess.consensus.model.Commit;
import cess.consensus.model.Genesis;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.Account;
import cess.ledger.model.Admission;
import cess.ledger.model.Call;
import cess.ledger.model.Balances;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.Schema;
import cess.consensus.model.Application;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateRange;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
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
    Event<TransactionsAdmitted> admitted;
    @Inject
    Clock clock;
    @Resource
    ManagedExecutorService executor;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Genesis genesis;
    private Hash genesisHash;
    private KeyPair key;
    /** The commit this node holds for its head; late precommits of the deciding round extend it. */
    private Commit headCommit;
    /** Equivocations seen and not yet on chain, for this node's next block. */
    private final LinkedHashMap<Hash, Evidence> evidence = new LinkedHashMap<>();
    private static final int EVIDENCE_KEPT = BlockBody.MAX_EVIDENCE;
    private HashOnion onion;
    private TreeMap<StateKey, StateValue> state;
    /** The commitment to {@link #state}: a block changes it along the paths of the entries it changes. */
    private StateTrie trie;
    private TrieSnapshots snapshots;
    /** The state with every pool transaction applied in order: what admission checks against. */
    private StateOverlay poolState;
    private BlockHeader head;
    private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();
    /** Pool transactions gossiped by peers: they have no database row until a block includes them. */
    private final java.util.Set<Hash> unpersisted = new java.util.HashSet<>();
    /** The parameters in effect at the head, recomputed when the head moves (read on every admission and tick). */
    private volatile Params params;
    /** The chain this node serves, as {@code cess.genesis} names it. */
    @Inject
    Genesis genesisSpec;
    /** The application whose blocks this node orders. */
    @Inject
    Application app;
    /**
     * Hashes of transactions whose signatures this node has checked (at admission, or replaying
     * a block), most recent last: a transaction's hash covers its signature, so the same hash is
     * the same signed bytes, and a proposal, its gossip and its final block need one check, not three.
     */
    private final Map<Hash, Boolean> verified = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
            return size() > VERIFIED_CACHE;
        }
    });
    private static final int VERIFIED_CACHE = 200_000;
    private long nextSeq;
    /** The rows of admitted transactions on their way to the database, written in groups outside the lock. */
    private AdmissionLog admissions;

    @PostConstruct
    void start() {
        admissions = new AdmissionLog(rows -> store.admitAll(rows));
        genesis = genesisSpec;
        genesisHash = genesis.hash();
        key = config.nodeKey();
        onion = new HashOnion(key.seed());
        Optional<String> stored = store.meta(ChainMetaEntity.GENESIS);
        if (stored.isEmpty()) {
            store.initialize(genesisHash, genesis.header(), genesis.initialState());
            LOG.info(() -> "created a new replica of chain " + genesis.chainId() + " (genesis " + genesisHash + ")");
        } else if (!stored.get().equals(genesisHash.hex())) {
            throw new IllegalStateException("the database at " + config.dbUrl() + " holds chain " + stored.get()
                    + ", not the configured genesis " + genesisHash + "; use another cess.data.dir");
        }
        long height = Long.parseLong(store.meta(ChainMetaEntity.HEAD).orElseThrow());
        ChainStore.StoredBlock stored0 = store.block(height)
                .orElseThrow(() -> new IllegalStateException("head block " + height + " is missing"));
        head = stored0.header();
        headCommit = stored0.commit();
        state = new TreeMap<>(store.state());
        refreshParams();
        snapshots = new TrieSnapshots(config.dataDir(), executor);
        Optional<StateTrie> saved = snapshots.load(head, state.size());
        if (saved.isPresent()) {
            trie = saved.get();
            verifyStoredState(new TreeMap<>(state), head);
        } else {
            trie = StateTrie.of(state);
            Hash root = trie.root();
            if (!root.equals(head.stateRoot())) {
                throw new IllegalStateException("stored state root " + root + " differs from head block " + height
                        + "'s " + head.stateRoot() + ": the replica is corrupt; refusing to start");
            }
        }
        store.pending().forEach(stx -> pool.put(stx.hash(), stx));
        store.reject(rebuildPoolState(clock.millis()), head.height());
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
        return submit(stx, nowMillis, false);
    }

    /**
     * Like {@link #submit(SignedTransaction, long)}, saying whether another node gossiped the
     * transaction (then it is not gossiped on).
     */
    public Hash submit(SignedTransaction stx, long nowMillis, boolean fromPeer) {
        Optional<TxRejection> why = submitAll(List.of(stx), nowMillis, fromPeer).get(0);
        if (why.isPresent()) {
            throw new TxRefusedException(why.get());
        }
        return stx.hash();
    }

    /**
     * Admits each of {@code txs} in order, as {@link #submit} would one by one, and answers, for
     * each, nothing (admitted) or why it was refused; a refusal changes nothing for the others.
     * Signatures are checked before the lock is taken; the admitted transactions' rows are
     * written together (with those of concurrent callers) once the lock is released, and this
     * returns only when they are on the disk.
     *
     * @param fromPeer whether a peer gossiped them: then they get no database row until a block
     *                 includes them (the peer that admitted them from its client keeps them
     *                 durably), which spares every node three writes of every transfer the
     *                 network carries, and they are not gossiped on
     * @throws RuntimeException if the rows could not be stored: then the client was told nothing
     *                          was accepted, though the transactions stay in this node's pool
     *                          (without a row, like a peer's) and may still be included
     */
    public List<Optional<TxRejection>> submitAll(List<SignedTransaction> txs, long nowMillis, boolean fromPeer) {
        List<Optional<TxRejection>> out = new ArrayList<>(txs.size());
        for (SignedTransaction stx : txs) {
            Optional<TxRejection> bad = verified.containsKey(stx.hash()) ? Optional.empty()
                    : Admission.checkSignature(stx, genesisHash);
            if (bad.isEmpty()) {
                verified.put(stx.hash(), Boolean.TRUE);
            }
            out.add(bad);
        }
        List<SignedTransaction> admittedNow = new ArrayList<>();
        AdmissionLog.Ticket ticket = null;
        lock.writeLock().lock();
        try {
            List<AdmissionLog.Row> rows = new ArrayList<>();
            for (int i = 0; i < txs.size(); i++) {
                if (out.get(i).isPresent()) {
                    continue;
                }
                SignedTransaction stx = txs.get(i);
                Optional<TxRejection> why = admit(stx, nowMillis);
                out.set(i, why);
                if (why.isEmpty()) {
                    admittedNow.add(stx);
                    if (fromPeer) {
                        unpersisted.add(stx.hash());
                    } else {
                        rows.add(new AdmissionLog.Row(stx, nextSeq++, nowMillis));
                    }
                }
            }
            if (!rows.isEmpty()) {
                ticket = admissions.enqueue(rows);
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (ticket != null) {
            // The client is told "accepted" only once its transactions are on the disk: written
            // and synced outside the lock, so that concurrent admissions share both.
            admissions.await(ticket);
            store.sync();
        }
        if (!admittedNow.isEmpty()) {
            admitted.fire(new TransactionsAdmitted(admittedNow, fromPeer));
        }
        return out;
    }

    /**
     * Whether governance has something due by {@code nowMillis} (a vote to decide, a proposal to
     * enact, a cancelled proposal's votes to release): worth a block even with no transaction waiting.
     */
    public boolean governanceDue(long nowMillis) {
        lock.readLock().lock();
        try {
            return app.due(state, nowMillis);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The chain parameters in effect at the head: the genesis's, with the changes governance enacted. */
    public Params params() {
        return params;
    }

    /** The application's schema: how this chain's transactions and state are read. */
    public Schema schema() {
        return app.schema();
    }

    /** The block time in effect at the head. */
    public long blockTimeMillis() {
        return app.blockTimeMillis(params);
    }

    /** Recomputes {@link #params} from the state: at start and whenever the head moves. */
    private void refreshParams() {
        params = app.params(state::get);
    }

    /**
     * Signs {@code call} with {@code key} at the sender's next nonce (counting its pending
     * transactions) and the minimum fee, and admits it, atomically with respect to other
     * submissions: how a gateway or hosted miner sends its own transactions.
     *
     * @throws TxRefusedException with the rejection; nothing is stored then
     */
    public SignedTransaction submitAs(KeyPair signer, Call call, long nowMillis) {
        SignedTransaction stx;
        AdmissionLog.Ticket ticket;
        lock.writeLock().lock();
        try {
            long nonce = poolState.account(signer.address()).nonce();
            stx = new Transaction(signer.address(), nonce, params.get(FeeParams.class).minFee(), call).sign(signer, genesisHash);
            Optional<TxRejection> why = admit(stx, nowMillis); // signed here a moment ago: no signature check
            if (why.isPresent()) {
                throw new TxRefusedException(why.get());
            }
            verified.put(stx.hash(), Boolean.TRUE);
            ticket = admissions.enqueue(List.of(new AdmissionLog.Row(stx, nextSeq++, nowMillis)));
        } finally {
            lock.writeLock().unlock();
        }
        admissions.await(ticket);
        store.sync(); // a gateway acknowledges an upload on the strength of this deal: on the disk first
        admitted.fire(new TransactionsAdmitted(List.of(stx), false));
        return stx;
    }

    /**
     * Admits a transaction whose signature is known to be good to the pool, or says why not; the
     * caller holds the write lock, and writes the row.
     */
    private Optional<TxRejection> admit(SignedTransaction stx, long nowMillis) {
        Hash hash = stx.hash();
        if (pool.containsKey(hash)) {
            return Optional.of(new TxRejection(TxError.DUPLICATE, "transaction " + hash + " is already known"));
        }
        if (pool.size() >= config.mempoolMax()) {
            return Optional.of(new TxRejection(TxError.POOL_FULL,
                    "the transaction pool is full (" + pool.size() + "); retry later"));
        }
        Optional<TxRejection> why = Admission.admitSigned(poolState, stx, key.address(), nowMillis, params, app);
        if (why.isPresent()) {
            // an included transaction sent again fails on its nonce: say what it is (a rare path, so the lookup is here)
            if (why.get().error() == TxError.NONCE_REPLAYED && store.transaction(hash).isPresent()) {
                return Optional.of(new TxRejection(TxError.DUPLICATE, "transaction " + hash + " is already known"));
            }
            return why;
        }
        pool.put(hash, stx);
        return Optional.empty();
    }

    /**
     * The block this node would propose now: its pool's transactions, in order, executed on its
     * head. Transactions that no longer apply are left out (they are dropped from the pool when
     * the next block becomes final).
     */
    public BlockExecution.Outcome buildCandidate(long nowMillis) {
        BlockExecution.Outcome out;
        List<Evidence> offered;
        lock.readLock().lock();
        try {
            offered = List.copyOf(evidence.values());
            out = BlockExecution.build(state, trie, head, new ArrayList<>(pool.values()),
                    new BlockExecution.Extras(headCommit, offered, this::nextReveal),
                    key.address(), nowMillis, genesisHash, app, genesis.consensus());
        } finally {
            lock.readLock().unlock();
        }
        if (out.body().evidence().size() < offered.size()) {
            // Evidence the chain will not take now never becomes acceptable later: forget it.
            lock.writeLock().lock();
            try {
                offered.stream().filter(ev -> !out.body().evidence().contains(ev))
                        .forEach(ev -> evidence.remove(ev.hash()));
            } finally {
                lock.writeLock().unlock();
            }
        }
        return out;
    }

    /**
     * Replays a proposed block on this node's head: the outcome if it is the valid next block,
     * else why not. Signatures of transactions already in the pool are not checked twice.
     */
    public BlockExecution.Result check(BlockHeader header, BlockBody body) {
        lock.readLock().lock();
        try {
            BlockExecution.Result r = BlockExecution.replay(state, trie, head, header, body, this::alreadyVerified,
                    genesisHash, app, genesis.consensus());
            if (r.outcome().isPresent()) {
                body.transactions().forEach(t -> verified.put(t.hash(), Boolean.TRUE));
                verified.put(body.lastCommitHash(), Boolean.TRUE);
            }
            return r;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Makes a decided block final: persists it with its commit, moves the head and state, and
     * clears its transactions from the pool. Does nothing and answers false if the block no
     * longer extends the head (sync finalized this height meanwhile) or the node has diverged.
     *
     * @throws IllegalArgumentException if the commit's signers are not a quorum of the epoch
     */
    public boolean commit(BlockExecution.Outcome out, Commit commit, long nowMillis) {
        BlockHeader h = out.header();
        lock.writeLock().lock();
        try {
            if (divergence != null || !h.parent().equals(head.hash())) {
                return false;
            }
            if (commit.height() != h.height() || !commit.blockHash().equals(h.hash())
                    || !onDuty(h.epoch()).map(v -> v.isQuorum(commit.signers())).orElse(false)) {
                throw new IllegalArgumentException("the commit for block " + h.height() + " is not a quorum's");
            }
            finish(out, commit, nowMillis);
        } finally {
            lock.writeLock().unlock();
        }
        finalized.fire(new BlockFinalized(h, out.included().size()));
        return true;
    }

    /** What {@link #applyFinal} made of a block received from a peer. */
    public enum SyncOutcome { APPLIED, KNOWN, NOT_NEXT, INVALID, CONFLICT }

    /**
     * Applies a final block received from a peer (sync): its commit must be a quorum of its
     * epoch's validators, and replaying it must give its header's roots. A block this node
     * already has is compared: a different final block at one height means the chain forked, and
     * the node stops ({@link #reportDivergence}).
     */
    public SyncOutcome applyFinal(Block block, long nowMillis) {
        BlockHeader h = block.header();
        lock.writeLock().lock();
        try {
            if (h.height() <= head.height()) {
                BlockHeader own = h.height() == head.height() ? head : headerAt(h.height()).orElseThrow();
                if (own.hash().equals(h.hash())) {
                    return SyncOutcome.KNOWN;
                }
                Optional<ValidatorSet> then = onDuty(h.epoch());
                if (then.isPresent() && block.commit().verify(h, then.get(), genesisHash).isEmpty()) {
                    reportDivergence("a peer holds a different final block " + h.height() + " " + h.hash()
                            + " with a valid commit, where this node finalized " + own.hash());
                    return SyncOutcome.CONFLICT;
                }
                return SyncOutcome.INVALID;
            }
            if (h.height() != head.height() + 1 || divergence != null) {
                return SyncOutcome.NOT_NEXT;
            }
            Optional<ValidatorSet> set = onDuty(h.epoch());
            if (set.isEmpty()) {
                LOG.warning(() -> "synced block " + h.height() + " refused: no on-duty set for its epoch " + h.epoch());
                return SyncOutcome.INVALID;
            }
            Optional<String> badCommit = block.commit().verify(h, set.get(), genesisHash);
            if (badCommit.isPresent()) {
                LOG.warning(() -> "synced block " + h.height() + " refused: " + badCommit.get());
                return SyncOutcome.INVALID;
            }
            BlockExecution.Result r = BlockExecution.replay(state, trie, head, h, block.body(), this::alreadyVerified,
                    genesisHash, app, genesis.consensus());
            if (r.invalid().isPresent()) {
                // A quorum signed a block that does not replay here: this replica's state is not the network's.
                reportDivergence("block " + h.height() + " " + h.hash() + " is final (valid commit) but does not"
                        + " replay on this node's state: " + r.invalid().get());
                return SyncOutcome.CONFLICT;
            }
            finish(r.outcome().orElseThrow(), block.commit(), nowMillis);
        } finally {
            lock.writeLock().unlock();
        }
        finalized.fire(new BlockFinalized(h, block.transactions().size()));
        return SyncOutcome.APPLIED;
    }

    private boolean alreadyVerified(Hash tx) {
        return pool.containsKey(tx) || verified.containsKey(tx);
    }

    /** Persists and applies a final block; the caller holds the write lock. */
    private void finish(BlockExecution.Outcome out, Commit commit, long nowMillis) {
        BlockHeader h = out.header();
        // Every pool transaction the block includes needs its row first; the rows of a failed
        // admission write have none, and get one with the block, like a peer's transactions.
        admissions.flush();
        for (AdmissionLog.Row r : admissions.takeFailed()) {
            if (pool.containsKey(r.tx().hash())) {
                unpersisted.add(r.tx().hash());
            }
        }
        Map<Hash, Long> newSeqs = new java.util.HashMap<>();
        long seq = nextSeq;
        for (SignedTransaction t : out.included()) {
            if (!pool.containsKey(t.hash()) || unpersisted.contains(t.hash())) {
                newSeqs.put(t.hash(), seq++);
            }
        }
        Amount treasuryBefore = ((Account) state.getOrDefault(StateKey.account(Balances.TREASURY), Account.EMPTY)).free();
        StateValue treasuryAfter = out.changes().get(StateKey.account(Balances.TREASURY));
        List<TreasuryMovement> moves = TreasuryMovement.of(treasuryBefore,
                treasuryAfter == null ? treasuryBefore : ((Account) treasuryAfter).free(), out.events());
        store.append(out, commit, newSeqs, nowMillis, moves, treasuryBefore);
        nextSeq = seq;
        StateOverlay.apply(state, out.changes());
        trie = out.trie();
        snapshots.blockFinalized(h, trie);
        refreshParams();
        head = h;
        headCommit = commit;
        verified.put(commit.hash(), Boolean.TRUE);
        // Evidence leaves this node's pool once its offence is punished (by this block or an
        // earlier one, in whatever form) or it is too old for the chain to take.
        long oldest = genesis.consensus().epochOf(h.height()) - 1;
        evidence.values().removeIf(ev -> genesis.consensus().epochOf(ev.height()) < oldest
                || app.punished(state::get, ev));
        out.included().forEach(t -> {
            pool.remove(t.hash());
            unpersisted.remove(t.hash());
        });
        List<BlockExecution.Rejected> dropped = rebuildPoolState(nowMillis);
        if (!dropped.isEmpty()) {
            try {
                store.reject(dropped, h.height());
            } catch (RuntimeException e) {
                // The rows stay pending; the next start drops them again.
                LOG.log(Level.WARNING, "could not record " + dropped.size() + " dropped transactions", e);
            }
            dropped.forEach(r -> LOG.info(() -> "transaction " + r.tx().hash() + " dropped after block " + h.height()
                    + ": " + r.why().message()));
        }
    }

    /**
     * The on-duty validators of {@code epoch}, as the chain drew them; known for the epoch before
     * the head's, the head's, and the next.
     */
    public Optional<ValidatorSet> validatorsFor(long epoch) {
        lock.readLock().lock();
        try {
            return onDuty(epoch);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@link #validatorsFor} with the lock already held. */
    private Optional<ValidatorSet> onDuty(long epoch) {
        return app.validators(state::get, epoch);
    }

    /**
     * Adds a late precommit to the commit this node holds for its head: one of the deciding
     * round for the head block, by an on-duty validator not yet in it (its signature already
     * checked by the caller). The next block this node proposes carries the fuller commit, and
     * the chain credits each signer with its vote.
     */
    public void addPrecommit(Vote v) {
        lock.writeLock().lock();
        try {
            Commit c = headCommit;
            if (v.type() != Vote.Type.PRECOMMIT || v.height() != head.height() || v.round() != c.round()
                    || v.value().isEmpty() || !v.value().get().equals(c.blockHash()) || c.signers().contains(v.voter())
                    || !onDuty(head.epoch()).map(s -> s.contains(v.voter())).orElse(false)) {
                return;
            }
            List<CommitSignature> sigs = new ArrayList<>(c.signatures());
            sigs.add(new CommitSignature(v.voter(), v.signature()));
            headCommit = new Commit(c.height(), c.round(), c.blockHash(), sigs);
            verified.put(headCommit.hash(), Boolean.TRUE);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Keeps evidence of an equivocation for this node's next block. Evidence the chain would not
     * take (already punished, too old) is left out when the block is built.
     */
    public void reportEquivocation(Evidence ev) {
        lock.writeLock().lock();
        try {
            if (evidence.size() < EVIDENCE_KEPT) {
                evidence.putIfAbsent(ev.hash(), ev);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Equivocations this node holds for its next blocks. */
    public int pendingEvidence() {
        lock.readLock().lock();
        try {
            return evidence.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The onion layer this node reveals next as a candidate: the preimage of its published
     * layer, from the secret derived from the node's key. Empty when the published onion is not
     * this key's (the candidate bonded with another onion): this node cannot build a block until
     * it bonds afresh; said loudly in the log.
     */
    private Optional<Hash> nextReveal(Application.RevealDue due) {
        Optional<Hash> layer = onion.next(due.published(), due.reveals());
        if (layer.isEmpty()) {
            LOG.severe(() -> "candidate " + key.address() + " published onion layer " + due.published() + ", which is not"
                    + " the onion of this node's key: its blocks cannot carry the reveal they need");
        }
        return layer;
    }

    /** The final block at {@code height} with its transactions and commit, as it travels to a syncing peer. */
    public Optional<Block> blockAt(long height) {
        return store.fullBlock(height);
    }

    public BlockHeader head() {
        lock.readLock().lock();
        try {
            return head;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** An entry of the head's state with its proof against the head's state root (empty proof: no such entry). */
    public record StateProof(BlockHeader head, StateKey key, Optional<StateValue> value, Optional<StateTrie.Proof> proof) {
    }

    /** Reads {@code key} at the head, with the sibling hashes that prove it against the head's state root. */
    public StateProof prove(StateKey key) {
        lock.readLock().lock();
        try {
            return new StateProof(head, key, Optional.ofNullable(state.get(key)), trie.prove(key));
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
        lock.readLock().lock();
        try {
            return StateRange.merge(state.subMap(from, inclusive, to, false),
                    pending ? poolState.changes().subMap(from, inclusive, to, false) : Collections.emptyNavigableMap(), limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A transaction waiting in the pool, whether or not it has a database row yet. */
    public Optional<SignedTransaction> pendingTransaction(Hash tx) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(pool.get(tx));
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
     * With the trie read from its snapshot, the stored entries are still checked against the
     * head's state root, in the background: a replica whose state does not hash to its head stops
     * deciding and reports itself DOWN, as a diverged one does.
     */
    private void verifyStoredState(TreeMap<StateKey, StateValue> entries, BlockHeader at) {
        executor.execute(() -> {
            Hash root = StateTrie.of(entries).root();
            if (!root.equals(at.stateRoot())) {
                reportDivergence("the stored state hashes to " + root + ", not to head block " + at.height() + "'s state root "
                        + at.stateRoot() + ": the replica is corrupt");
            } else {
                LOG.fine(() -> "the stored state of block " + at.height() + " matches its state root");
            }
        });
    }

    /** A clean stop leaves the head's state trie on the disk for the next start. */
    @PreDestroy
    void stop() {
        lock.readLock().lock();
        try {
            if (snapshots != null && head != null) {
                snapshots.save(head, trie);
            }
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

    /** Whether this node takes part in consensus: the role, and on duty for the next block's epoch. */
    public boolean isValidator() {
        if (!config.roles().contains(NodeConfig.Role.CONSENSUS)) {
            return false;
        }
        lock.readLock().lock();
        try {
            return onDuty(genesis.consensus().epochOf(head.height() + 1)).map(v -> v.contains(key.address())).orElse(false);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Re-applies the pool in order on the new state. Transactions that no longer apply (another
     * transaction of the sender took their nonce, the funds went elsewhere…) leave the pool.
     *
     * @return the transactions dropped, with why
     */
    private List<BlockExecution.Rejected> rebuildPoolState(long nowMillis) {
        poolState = new StateOverlay(state::get);
        List<BlockExecution.Rejected> dropped = new ArrayList<>();
        for (var it = pool.values().iterator(); it.hasNext(); ) {
            SignedTransaction stx = it.next();
            StateOverlay attempt = poolState.fork();
            Optional<TxRejection> why = app.apply(attempt, stx, key.address(), nowMillis, params);
            if (why.isEmpty()) {
                poolState.absorb(attempt);
            } else {
                it.remove();
                unpersisted.remove(stx.hash());
                dropped.add(new BlockExecution.Rejected(stx, why.get()));
            }
        }
        return dropped;
    }
}
