package cess.consensus.control;

import cess.ledger.model.TxExecutor;
import cess.ledger.model.FeeParams;
import cess.consensus.model.BlockExecution;
import cess.ledger.model.Admission;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateRange;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The pool of admitted transactions waiting for a block, in admission order, and the state with
 * all of them applied on the head they were checked against (what admission checks the next one
 * against, and what this node has acknowledged). Transactions gossiped by peers have no database
 * row until a block includes them ({@link #blockFinal} numbers them then).
 *
 * <p>Two locks, neither held across database I/O that a reader waits for:
 * <ul>
 * <li>{@code gate} serializes the pool's writers: admissions, and a block becoming final, which
 *     holds it while the block is persisted, so no transaction the block includes is admitted
 *     (and queued for a row) halfway through. Only writers take it; the pool's fields change
 *     only under it, so a holder reads them without more.</li>
 * <li>{@code memory} guards the fields against readers: writers take its write side for the
 *     moment they change them (never across I/O), readers of the pending state its read side.</li>
 * </ul>
 * The order is {@code gate} then {@code memory}. Thread-safe.
 */
final class Mempool {
    private final ReentrantLock gate = new ReentrantLock();
    private final ReentrantReadWriteLock memory = new ReentrantReadWriteLock();
    private final AdmissionLog log;
    private final int max;
    private final Address node;

    /** Guarded by {@link #memory} for readers, changed only under {@link #gate}: the four below. */
    private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();
    /** Pool transactions without a database row (a peer's, or whose row write failed). */
    private final Set<Hash> unpersisted = new HashSet<>();
    private final TxExecutor executor;
    /** The head the pool was checked against. */
    private Head base;
    /** {@link #base}'s state with every pool transaction applied, in order. */
    private StateOverlay poolState;
    /** The next row's pool sequence number; guarded by {@link #gate}. */
    private long nextSeq;

    /**
     * @param log     where admitted transactions' rows are written, in groups
     * @param max     how many transactions the pool holds at most
     * @param node    this node's account, which admission and execution credit as the block author
     * @param nextSeq the first free pool sequence number in the database
     * @param executor the application's state transition of one transaction
     */
    Mempool(AdmissionLog log, int max, Address node, long nextSeq, TxExecutor executor) {
        this.executor = executor;
        this.log = log;
        this.max = max;
        this.node = node;
        this.nextSeq = nextSeq;
    }

    /**
     * Fills the pool at start with the stored pending transactions, on {@code head}.
     *
     * @return those that no longer apply, which are left out, with why
     */
    List<BlockExecution.Rejected> load(Head head, List<SignedTransaction> stored, long nowMillis) {
        gate.lock();
        try {
            stored.forEach(stx -> pool.put(stx.hash(), stx));
            return moveTo(head, List.of(), nowMillis);
        } finally {
            gate.unlock();
        }
    }

    /** What one admission call admitted, and the write of their rows to wait for (null: no rows). */
    record Admitted(List<SignedTransaction> transactions, AdmissionLog.Ticket ticket) {
    }

    /**
     * Admits, in order, those of {@code txs} whose entry in {@code verdicts} is empty (their
     * signatures are good), writing each one's refusal there; a refusal changes nothing for the
     * others. The rows of a client's transactions are queued ({@code fromPeer} false); the caller
     * waits for their write, outside every lock.
     */
    Admitted admitAll(List<SignedTransaction> txs, List<Optional<TxRejection>> verdicts, long nowMillis, boolean fromPeer) {
        List<SignedTransaction> admitted = new ArrayList<>();
        List<AdmissionLog.Row> rows = new ArrayList<>();
        gate.lock();
        try {
            memory.writeLock().lock();
            try {
                for (int i = 0; i < txs.size(); i++) {
                    if (verdicts.get(i).isPresent()) {
                        continue;
                    }
                    SignedTransaction stx = txs.get(i);
                    Optional<TxRejection> why = admit(stx, nowMillis);
                    verdicts.set(i, why);
                    if (why.isEmpty()) {
                        admitted.add(stx);
                        if (fromPeer) {
                            unpersisted.add(stx.hash());
                        } else {
                            rows.add(new AdmissionLog.Row(stx, nextSeq++, nowMillis));
                        }
                    }
                }
            } finally {
                memory.writeLock().unlock();
            }
            return new Admitted(admitted, rows.isEmpty() ? null : log.enqueue(rows));
        } finally {
            gate.unlock();
        }
    }

    /**
     * Returns once the rows of {@code done} are committed (see {@link AdmissionLog#await}); called
     * outside the pool's locks.
     */
    void awaitRows(Admitted done) {
        if (done.ticket() != null) {
            log.await(done.ticket());
        }
    }

    /**
     * Signs {@code call} with {@code signer} at the sender's next nonce (counting its pending
     * transactions) and the minimum fee, and admits it, atomically with respect to other
     * admissions; its row is queued.
     *
     * @throws TxRefusedException with the rejection; nothing is queued then
     */
    Admitted signAndAdmit(KeyPair signer, Call call, Hash genesisHash, long nowMillis) {
        gate.lock();
        try {
            SignedTransaction stx;
            memory.writeLock().lock();
            try {
                long nonce = poolState.account(signer.address()).nonce();
                stx = new Transaction(signer.address(), nonce, base.params().get(FeeParams.class).minFee(), call)
                        .sign(signer, genesisHash);
                Optional<TxRejection> why = admit(stx, nowMillis);
                if (why.isPresent()) {
                    throw new TxRefusedException(why.get());
                }
            } finally {
                memory.writeLock().unlock();
            }
            return new Admitted(List.of(stx), log.enqueue(List.of(new AdmissionLog.Row(stx, nextSeq++, nowMillis))));
        } finally {
            gate.unlock();
        }
    }

    /** Admits one transaction whose signature is good, or says why not; the caller holds both locks. */
    private Optional<TxRejection> admit(SignedTransaction stx, long nowMillis) {
        Hash hash = stx.hash();
        if (pool.containsKey(hash)) {
            return Optional.of(new TxRejection(TxError.DUPLICATE, "transaction " + hash + " is already known"));
        }
        if (pool.size() >= max) {
            return Optional.of(new TxRejection(TxError.POOL_FULL, "the transaction pool is full (" + pool.size()
                    + "); retry later"));
        }
        Optional<TxRejection> why = Admission.admitSigned(poolState, stx, node, base.height() + 1, nowMillis, base.params(),
                executor);
        if (why.isEmpty()) {
            pool.put(hash, stx);
        }
        return why;
    }

    /**
     * Makes a block final for the pool: every pool transaction it includes gets its row first
     * (queued rows are written; those of a failed write, and a peer's, are numbered for
     * {@code persist}), then {@code persist} writes the block, given the sequence numbers of the
     * included transactions that have no row yet, and moves the replica; then the included
     * transactions leave the pool and the rest are applied again on {@code next}. Admissions wait
     * meanwhile; readers of the pending state do not, but for the moment the pool is swapped.
     *
     * @return the pool transactions that no longer apply on {@code next}, now out of the pool
     * @throws RuntimeException what {@code persist} threw: then the pool is as it was
     */
    List<BlockExecution.Rejected> blockFinal(List<SignedTransaction> included, Head next, long nowMillis,
                                             Consumer<Map<Hash, Long>> persist) {
        gate.lock();
        try {
            log.flush();
            List<AdmissionLog.Row> failed = log.takeFailed();
            if (!failed.isEmpty()) {
                memory.writeLock().lock();
                try {
                    failed.stream().map(r -> r.tx().hash()).filter(pool::containsKey).forEach(unpersisted::add);
                } finally {
                    memory.writeLock().unlock();
                }
            }
            Map<Hash, Long> newSeqs = new HashMap<>();
            long seq = nextSeq;
            for (SignedTransaction t : included) {
                if (!pool.containsKey(t.hash()) || unpersisted.contains(t.hash())) {
                    newSeqs.put(t.hash(), seq++);
                }
            }
            persist.accept(newSeqs);
            nextSeq = seq;
            return moveTo(next, included, nowMillis);
        } finally {
            gate.unlock();
        }
    }

    /**
     * Applies the pool, less {@code included}, on {@code head} in order; transactions that no
     * longer apply (another of the sender's took their nonce, the funds went elsewhere…) leave.
     * The new pool state is built under the gate alone, then swapped in. The caller holds the gate.
     */
    private List<BlockExecution.Rejected> moveTo(Head head, List<SignedTransaction> included, long nowMillis) {
        Set<Hash> gone = new HashSet<>();
        included.forEach(t -> gone.add(t.hash()));
        StateOverlay state = new StateOverlay(head.view());
        List<BlockExecution.Rejected> dropped = new ArrayList<>();
        for (SignedTransaction stx : pool.values()) {
            if (gone.contains(stx.hash())) {
                continue;
            }
            StateOverlay attempt = state.fork();
            Optional<TxRejection> why = executor.apply(attempt, stx, node, head.height() + 1, nowMillis, head.params());
            if (why.isEmpty()) {
                state.absorb(attempt);
            } else {
                gone.add(stx.hash());
                dropped.add(new BlockExecution.Rejected(stx, why.get()));
            }
        }
        memory.writeLock().lock();
        try {
            pool.keySet().removeAll(gone);
            unpersisted.removeAll(gone);
            base = head;
            poolState = state;
        } finally {
            memory.writeLock().unlock();
        }
        return dropped;
    }

    /** The pool's transactions in admission order: a proposer's candidates. */
    List<SignedTransaction> pending() {
        memory.readLock().lock();
        try {
            return new ArrayList<>(pool.values());
        } finally {
            memory.readLock().unlock();
        }
    }

    boolean contains(Hash tx) {
        memory.readLock().lock();
        try {
            return pool.containsKey(tx);
        } finally {
            memory.readLock().unlock();
        }
    }

    Optional<SignedTransaction> get(Hash tx) {
        memory.readLock().lock();
        try {
            return Optional.ofNullable(pool.get(tx));
        } finally {
            memory.readLock().unlock();
        }
    }

    int size() {
        memory.readLock().lock();
        try {
            return pool.size();
        } finally {
            memory.readLock().unlock();
        }
    }

    /** Reads the pending state: the pool's head with every pool transaction applied. */
    <T> T read(Function<StateView, T> reader) {
        memory.readLock().lock();
        try {
            return reader.apply(poolState);
        } finally {
            memory.readLock().unlock();
        }
    }

    /** Up to {@code limit} live entries of the pending state from {@code from} to {@code to} (exclusive), in key order. */
    List<Map.Entry<StateKey, StateValue>> entries(StateKey from, boolean inclusive, StateKey to, int limit) {
        memory.readLock().lock();
        try {
            return StateRange.merge(base.state().subMap(from, inclusive, to, false),
                    poolState.changes().subMap(from, inclusive, to, false), limit);
        } finally {
            memory.readLock().unlock();
        }
    }
}
