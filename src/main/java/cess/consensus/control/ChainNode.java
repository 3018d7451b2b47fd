package cess.consensus.control;

import cess.ledger.model.Schema;
import cess.consensus.model.Application;
import cess.consensus.model.Block;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.Evidence;
import cess.consensus.model.Genesis;
import cess.consensus.model.HashOnion;
import cess.consensus.model.Vote;
import cess.ledger.model.Admission;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * This node's chain: it loads or creates the {@link Replica} ({@link ReplicaLoader}), admits
 * transactions to the {@link Mempool}, builds and checks blocks on the head, and makes decided or
 * synced blocks final ({@link Finality}: persisted first, then the head snapshot swapped in, then
 * the pool moved on). It keeps the {@link EvidencePool} and {@link SignatureCache} for the blocks
 * it builds and checks, and the chain's {@link Divergence}. It hands out {@link ChainReads}, which
 * readers inject instead of the node.
 *
 * <p>Locking: reads of the final state take no lock: they read the current {@link Head}, which
 * never changes. Making a block final, applying a synced block and extending the head's commit
 * serialize on {@link Finality}'s lock, which no reader takes, and under which the block is
 * written to the database. Pool admission and pending reads lock inside the {@link Mempool}.
 * Thread-safe.
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

    private final Divergence divergence = new Divergence();
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
    private ChainReads reads;
    private Finality finality;

    @PostConstruct
    void start() {
        AdmissionLog admissions = new AdmissionLog(rows -> store.admitAll(rows));
        genesis = genesisSpec;
        genesisHash = genesis.hash();
        key = config.nodeKey();
        onion = new HashOnion(key.seed());
        snapshots = new TrieSnapshots(config.dataDir(), executor);
        replica = new ReplicaLoader(store, snapshots, executor)
                .load(genesis, genesisHash, config.dbUrl(), app::params, divergence::report);
        BlockHeader header = replica.head().header();
        mempool = new Mempool(admissions, config.mempoolMax(), key.address(), store.nextSeq(), app);
        store.reject(mempool.load(replica.head(), store.pending(), clock.millis()), header.height());
        reads = new ChainReads(replica, mempool, store, app);
        finality = new Finality(replica, mempool, store, snapshots, evidence, verified, app, genesis, genesisHash,
                divergence);
        LOG.info(() -> "chain " + genesis.chainId() + " at height " + header.height() + " (" + header.hash() + "), "
                + mempool.size() + " pending transactions; node account " + key.address()
                + (isValidator() ? " (validator)" : ""));
    }

    /**
     * The reads of this chain, for every reader to inject: the final head and the pool, read
     * without this node's locks. Produced once the replica is loaded; a reader's first call
     * waits for that.
     */
    @Produces
    @ApplicationScoped
    public ChainReads reads() {
        return reads;
    }

    /** The current head snapshot: one final block's header, commit, state and parameters, which never change. */
    private Head snapshot() {
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
     * Whether the application has business of its own due by {@code nowMillis} (a module's step
     * that comes with time, such as a vote to decide): worth a block even with no transaction waiting.
     */
    public boolean applicationDue(long nowMillis) {
        return app.due(snapshot().state(), nowMillis);
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
                finality::alreadyVerified, genesisHash, app, genesis.consensus());
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
        if (!finality.commit(out, commit, nowMillis)) {
            return false;
        }
        finalized.fire(new BlockFinalized(out.header(), out.included().size()));
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
        SyncOutcome out = finality.applyFinal(block, nowMillis);
        if (out == SyncOutcome.APPLIED) {
            finalized.fire(new BlockFinalized(block.header(), block.transactions().size()));
        }
        return out;
    }

    /**
     * Adds a late precommit to the commit this node holds for its head: one of the deciding
     * round for the head block, by an on-duty validator not yet in it (its signature already
     * checked by the caller). The next block this node proposes carries the fuller commit, and
     * the chain credits each signer with its vote.
     */
    public void addPrecommit(Vote v) {
        finality.addPrecommit(v);
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
        divergence.report(why);
    }

    /** Why this node stopped producing because its chain diverged from another node's, if it did. */
    public Optional<String> divergence() {
        return divergence.why();
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
        return app.validators(head.view(), genesis.consensus().epochOf(head.height() + 1))
                .map(v -> v.contains(key.address())).orElse(false);
    }
}
