package cess.consensus.control;

import cess.ledger.model.Schema;
import cess.ledger.model.Params;
import cess.consensus.model.Application;
import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.Block;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.CommitSignature;
import cess.consensus.model.Commit;
import cess.consensus.model.Evidence;
import cess.consensus.model.Genesis;
import cess.consensus.model.HashOnion;
import cess.consensus.model.ValidatorSet;
import cess.consensus.model.Vote;
import cess.ledger.model.Account;
import cess.ledger.model.Admission;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateRange;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.platform.NodeConfig;
import cess.shared.Address;
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
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's chain: it loads or creates the {@link Replica}, admits transactions to the
 * {@link Mempool}, builds and checks blocks on the head, and makes decided or synced blocks final
 * (persisted first, then the head snapshot swapped in, then the pool moved on). It keeps the
 * {@link EvidencePool} and {@link SignatureCache} for the blocks it builds and checks.
 *
 * <p>Locking: reads of the final state (accounts, listings, proofs, validators, parameters, the
 * head) take no lock: they read the current {@link Head}, which never changes. Making a block
 * final, applying a synced block and extending the head's commit serialize on {@code writing},
 * which no reader takes, and under which the block is written to the database. Pool admission and
 * pending reads lock inside the {@link Mempool}. Thread-safe.
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
    @Inject
    Event<TransactionsAdmitted> admitted;
    @Inject
    Clock clock;
    @Resource
    ManagedExecutorService executor;

    /** Serializes the head's writers (commit, sync, late precommits); readers never take it. */
    private final ReentrantLock writing = new ReentrantLock();
    private volatile String divergence;
    /** The chain this node serves, as {@code cess.genesis} names it. */
    @Inject
    Genesis genesisSpec;
    /** The application whose blocks this node orders. */
    @Inject
    Application app;
    private Genesis genesis;
    private Hash genesisHash;
    private KeyPair key;
    private HashOnion onion;
    private Replica replica;
    private Mempool mempool;
    private final EvidencePool evidence = new EvidencePool();
    private final SignatureCache verified = new SignatureCache();
    private TrieSnapshots snapshots;

    @PostConstruct
    void start() {
        AdmissionLog admissions = new AdmissionLog(rows -> store.admitAll(rows));
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
        BlockHeader header = stored0.header();
        NavigableMap<StateKey, StateValue> state = store.state();
        snapshots = new TrieSnapshots(config.dataDir(), executor);
        Optional<StateTrie> saved = snapshots.load(header, state.size());
        StateTrie trie;
        if (saved.isPresent()) {
            trie = saved.get();
            verifyStoredState(new TreeMap<>(state), header);
        } else {
            trie = StateTrie.of(state);
            Hash root = trie.root();
            if (!root.equals(header.stateRoot())) {
                throw new IllegalStateException("stored state root " + root + " differs from head block " + height
                        + "'s " + header.stateRoot() + ": the replica is corrupt; refusing to start");
            }
        }
        replica = new Replica(Head.of(header, stored0.commit(), state, trie, this::effective));
        mempool = new Mempool(admissions, config.mempoolMax(), key.address(), store.nextSeq(), app);
        store.reject(mempool.load(replica.head(), store.pending(), clock.millis()), height);
        LOG.info(() -> "chain " + genesis.chainId() + " at height " + height + " (" + header.hash() + "), "
                + mempool.size() + " pending transactions; node account " + key.address()
                + (isValidator() ? " (validator)" : ""));
    }

    /** The parameters in effect on {@code state}. */
    private Params effective(StateView state) {
        return app.params(state);
    }

    /** The current head snapshot: one final block's header, commit, state and parameters, which never change. */
    public Head snapshot() {
        return replica.head();
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
     * Signatures are checked before any lock is taken; the admitted transactions' rows are
     * written together (with those of concurrent callers) outside the pool's locks, and this
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
            Optional<TxRejection> bad = verified.contains(stx.hash()) ? Optional.empty()
                    : Admission.checkSignature(stx, genesisHash);
            if (bad.isEmpty()) {
                verified.add(stx.hash());
            }
            out.add(bad);
        }
        Mempool.Admitted done = mempool.admitAll(txs, out, nowMillis, fromPeer);
        awaitRows(done);
        for (int i = 0; i < out.size(); i++) {
            SignedTransaction stx = txs.get(i);
            out.set(i, out.get(i).map(why -> duplicateIfIncluded(stx, why)));
        }
        if (!done.transactions().isEmpty()) {
            admitted.fire(new TransactionsAdmitted(done.transactions(), fromPeer));
        }
        return out;
    }

    /**
     * Signs {@code call} with {@code signer} at the sender's next nonce (counting its pending
     * transactions) and the minimum fee, and admits it, atomically with respect to other
     * submissions: how a gateway or hosted miner sends its own transactions.
     *
     * @throws TxRefusedException with the rejection; nothing is stored then
     */
    public SignedTransaction submitAs(KeyPair signer, Call call, long nowMillis) {
        Mempool.Admitted done = mempool.signAndAdmit(signer, call, genesisHash, nowMillis);
        SignedTransaction stx = done.transactions().get(0);
        verified.add(stx.hash()); // signed here a moment ago
        awaitRows(done); // a gateway acknowledges an upload on the strength of this deal: on the disk first
        admitted.fire(new TransactionsAdmitted(List.of(stx), false));
        return stx;
    }

    /**
     * Waits, outside every lock, until the admitted rows are written and synced: the client is
     * told "accepted" only once its transactions are on the disk, and concurrent admissions share
     * the write and the sync.
     */
    private void awaitRows(Mempool.Admitted done) {
        if (done.ticket() != null) {
            mempool.awaitRows(done);
            store.sync();
        }
    }

    /** An included transaction sent again fails on its nonce: say what it is (a rare path, so the lookup is here). */
    private TxRejection duplicateIfIncluded(SignedTransaction stx, TxRejection why) {
        if (why.error() == TxError.NONCE_REPLAYED && store.transaction(stx.hash()).isPresent()) {
            return new TxRejection(TxError.DUPLICATE, "transaction " + stx.hash() + " is already known");
        }
        return why;
    }

    /**
     * Whether governance has something due by {@code nowMillis} (a vote to decide, a proposal to
     * enact, a cancelled proposal's votes to release): worth a block even with no transaction waiting.
     */
    public boolean governanceDue(long nowMillis) {
        return app.due(snapshot().state(), nowMillis);
    }

    /** The chain parameters in effect at the head: the genesis's, with the changes governance enacted. */
    public Params params() {
        return snapshot().params();
    }

    /** The block time in effect at the head. */
    public long blockTimeMillis() {
        return app.blockTimeMillis(params());
    }

    /** The application's schema: how this chain's transactions and state are read. */
    public Schema schema() {
        return app.schema();
    }

    /**
     * The block this node would propose now: its pool's transactions, in order, executed on its
     * head. Transactions that no longer apply are left out (they are dropped from the pool when
     * the next block becomes final).
     */
    public BlockExecution.Outcome buildCandidate(long nowMillis) {
        Head head = snapshot();
        List<Evidence> offered = evidence.offered();
        BlockExecution.Outcome out = BlockExecution.build(head.state(), head.trie(), head.header(), mempool.pending(),
                new BlockExecution.Extras(head.commit(), offered, this::nextReveal),
                key.address(), nowMillis, genesisHash, app, genesis.consensus());
        if (out.body().evidence().size() < offered.size()) {
            evidence.keepOnly(offered, out.body().evidence());
        }
        return out;
    }

    /**
     * Replays a proposed block on this node's head: the outcome if it is the valid next block,
     * else why not. Signatures of transactions already in the pool are not checked twice.
     */
    public BlockExecution.Result check(BlockHeader header, BlockBody body) {
        Head head = snapshot();
        BlockExecution.Result r = BlockExecution.replay(head.state(), head.trie(), head.header(), header, body,
                this::alreadyVerified, genesisHash, app, genesis.consensus());
        if (r.outcome().isPresent()) {
            verified.addAll(body.transactions().stream().map(SignedTransaction::hash).toList());
            verified.add(body.lastCommitHash());
        }
        return r;
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
        writing.lock();
        try {
            Head head = snapshot();
            if (divergence != null || !h.parent().equals(head.header().hash())) {
                return false;
            }
            if (commit.height() != h.height() || !commit.blockHash().equals(h.hash())
                    || !onDuty(head, h.epoch()).map(v -> v.isQuorum(commit.signers())).orElse(false)) {
                throw new IllegalArgumentException("the commit for block " + h.height() + " is not a quorum's");
            }
            finish(head, out, commit, nowMillis);
        } finally {
            writing.unlock();
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
        writing.lock();
        try {
            Head head = snapshot();
            if (h.height() <= head.height()) {
                BlockHeader own = h.height() == head.height() ? head.header() : headerAt(h.height()).orElseThrow();
                if (own.hash().equals(h.hash())) {
                    return SyncOutcome.KNOWN;
                }
                Optional<ValidatorSet> then = onDuty(head, h.epoch());
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
            Optional<ValidatorSet> set = onDuty(head, h.epoch());
            if (set.isEmpty()) {
                LOG.warning(() -> "synced block " + h.height() + " refused: no on-duty set for its epoch " + h.epoch());
                return SyncOutcome.INVALID;
            }
            Optional<String> badCommit = block.commit().verify(h, set.get(), genesisHash);
            if (badCommit.isPresent()) {
                LOG.warning(() -> "synced block " + h.height() + " refused: " + badCommit.get());
                return SyncOutcome.INVALID;
            }
            BlockExecution.Result r = BlockExecution.replay(head.state(), head.trie(), head.header(), h, block.body(),
                    this::alreadyVerified, genesisHash, app, genesis.consensus());
            if (r.invalid().isPresent()) {
                // A quorum signed a block that does not replay here: this replica's state is not the network's.
                reportDivergence("block " + h.height() + " " + h.hash() + " is final (valid commit) but does not"
                        + " replay on this node's state: " + r.invalid().get());
                return SyncOutcome.CONFLICT;
            }
            finish(head, r.outcome().orElseThrow(), block.commit(), nowMillis);
        } finally {
            writing.unlock();
        }
        finalized.fire(new BlockFinalized(h, block.transactions().size()));
        return SyncOutcome.APPLIED;
    }

    private boolean alreadyVerified(Hash tx) {
        return verified.contains(tx) || mempool.contains(tx);
    }

    /**
     * Persists a final block on {@code head} and moves the replica and the pool onto it; the
     * caller holds {@link #writing}. The next head is computed first (memory only); the block is
     * written with the pool's admissions held back, and only then is the new head swapped in.
     */
    private void finish(Head head, BlockExecution.Outcome out, Commit commit, long nowMillis) {
        BlockHeader h = out.header();
        Head next = head.next(h, commit, out.changes(), out.trie(), this::effective);
        List<BlockExecution.Rejected> dropped = mempool.blockFinal(out.included(), next, nowMillis, newSeqs -> {
            store.append(out, commit, newSeqs, nowMillis, head.view());
            replica.advance(next);
        });
        verified.add(commit.hash());
        snapshots.blockFinalized(h, next.trie());
        evidence.blockFinalized(h.height(), ev -> app.punished(next.view(), ev), genesis.consensus());
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
        return onDuty(snapshot(), epoch);
    }

    private Optional<ValidatorSet> onDuty(Head head, long epoch) {
        return app.validators(head.view(), epoch);
    }

    /**
     * Adds a late precommit to the commit this node holds for its head: one of the deciding
     * round for the head block, by an on-duty validator not yet in it (its signature already
     * checked by the caller). The next block this node proposes carries the fuller commit, and
     * the chain credits each signer with its vote.
     */
    public void addPrecommit(Vote v) {
        writing.lock();
        try {
            Head head = snapshot();
            Commit c = head.commit();
            if (v.type() != Vote.Type.PRECOMMIT || v.height() != head.height() || v.round() != c.round()
                    || v.value().isEmpty() || !v.value().get().equals(c.blockHash()) || c.signers().contains(v.voter())
                    || !onDuty(head, head.header().epoch()).map(s -> s.contains(v.voter())).orElse(false)) {
                return;
            }
            List<CommitSignature> sigs = new ArrayList<>(c.signatures());
            sigs.add(new CommitSignature(v.voter(), v.signature()));
            Commit fuller = new Commit(c.height(), c.round(), c.blockHash(), sigs);
            replica.advance(head.withCommit(fuller));
            verified.add(fuller.hash());
        } finally {
            writing.unlock();
        }
    }

    /**
     * Keeps evidence of an equivocation for this node's next block. Evidence the chain would not
     * take (already punished, too old) is left out when the block is built.
     */
    public void reportEquivocation(Evidence ev) {
        evidence.report(ev);
    }

    /** Equivocations this node holds for its next blocks. */
    public int pendingEvidence() {
        return evidence.size();
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
        return snapshot().header();
    }

    /** An entry of the head's state with its proof against the head's state root (empty proof: no such entry). */
    public record StateProof(BlockHeader head, StateKey key, Optional<StateValue> value, Optional<StateTrie.Proof> proof) {
    }

    /** Reads {@code key} at the head, with the sibling hashes that prove it against the head's state root. */
    public StateProof prove(StateKey key) {
        Head head = snapshot();
        return new StateProof(head.header(), key, Optional.ofNullable(head.state().get(key)), head.trie().prove(key));
    }

    public Account account(Address a) {
        return snapshot().view().account(a);
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
        return pending ? mempool.read(reader) : reader.apply(snapshot().view());
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
        return StateRange.merge(snapshot().state().subMap(from, inclusive, to, false), Collections.emptyNavigableMap(),
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
        if (snapshots != null && replica != null) {
            Head head = snapshot();
            snapshots.save(head.header(), head.trie());
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
        Head head = snapshot();
        return onDuty(head, genesis.consensus().epochOf(head.height() + 1)).map(v -> v.contains(key.address())).orElse(false);
    }
}
