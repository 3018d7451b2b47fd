package cess.consensus.control;

import cess.consensus.control.ChainNode.SyncOutcome;
import cess.consensus.model.Application;
import cess.consensus.model.Block;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.CommitSignature;
import cess.consensus.model.Genesis;
import cess.consensus.model.ValidatorSet;
import cess.consensus.model.Vote;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes blocks final on {@link ChainNode}'s replica: a decided block ({@link #commit}), a final
 * block a peer sent ({@link #applyFinal}), and a late precommit that fills out the head's commit
 * ({@link #addPrecommit}). A block is persisted first, then its head is swapped into the
 * {@link Replica}, then the pool moves on; nothing becomes final once the chain has diverged.
 *
 * <p>Locking: these writers serialize on {@code writing}, under which the block is written to the
 * database; no reader takes it (readers read the {@link Head} current when they start, see
 * {@link ChainReads}). Under it the {@link Mempool}'s gate is taken to hold admissions back while
 * the block is persisted. Thread-safe.
 */
final class Finality {
    /** Logs as the node: operators read these lines as the chain's. */
    private static final Logger LOG = Logger.getLogger(ChainNode.class.getName());

    /** Serializes the head's writers (commit, sync, late precommits); readers never take it. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Replica replica;
    private final Mempool mempool;
    private final ChainStore store;
    private final TrieSnapshots snapshots;
    private final EvidencePool evidence;
    private final SignatureCache verified;
    private final Application app;
    private final Genesis genesis;
    private final Hash genesisHash;
    private final Divergence divergence;

    Finality(Replica replica, Mempool mempool, ChainStore store, TrieSnapshots snapshots, EvidencePool evidence,
             SignatureCache verified, Application app, Genesis genesis, Hash genesisHash, Divergence divergence) {
        this.replica = replica;
        this.mempool = mempool;
        this.store = store;
        this.snapshots = snapshots;
        this.evidence = evidence;
        this.verified = verified;
        this.app = app;
        this.genesis = genesis;
        this.genesisHash = genesisHash;
        this.divergence = divergence;
    }

    /** {@link ChainNode#commit}: true if the block became final (the caller announces it). */
    boolean commit(BlockExecution.Outcome out, Commit commit, long nowMillis) {
        BlockHeader h = out.header();
        writing.lock();
        try {
            Head head = replica.head();
            if (divergence.happened() || !h.parent().equals(head.header().hash())) {
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
        return true;
    }

    /** {@link ChainNode#applyFinal}: {@code APPLIED} if the block became final (the caller announces it). */
    SyncOutcome applyFinal(Block block, long nowMillis) {
        BlockHeader h = block.header();
        writing.lock();
        try {
            Head head = replica.head();
            if (h.height() <= head.height()) {
                BlockHeader own = h.height() == head.height() ? head.header()
                        : store.block(h.height()).map(ChainStore.StoredBlock::header).orElseThrow();
                if (own.hash().equals(h.hash())) {
                    return SyncOutcome.KNOWN;
                }
                Optional<ValidatorSet> then = onDuty(head, h.epoch());
                if (then.isPresent() && block.commit().verify(h, then.get(), genesisHash).isEmpty()) {
                    divergence.report("a peer holds a different final block " + h.height() + " " + h.hash()
                            + " with a valid commit, where this node finalized " + own.hash());
                    return SyncOutcome.CONFLICT;
                }
                return SyncOutcome.INVALID;
            }
            if (h.height() != head.height() + 1 || divergence.happened()) {
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
                divergence.report("block " + h.height() + " " + h.hash() + " is final (valid commit) but does not"
                        + " replay on this node's state: " + r.invalid().get());
                return SyncOutcome.CONFLICT;
            }
            finish(head, r.outcome().orElseThrow(), block.commit(), nowMillis);
        } finally {
            writing.unlock();
        }
        return SyncOutcome.APPLIED;
    }

    /** Whether {@code tx}'s signature need not be checked again: this node verified it, or it is in the pool. */
    boolean alreadyVerified(Hash tx) {
        return verified.contains(tx) || mempool.contains(tx);
    }

    /**
     * Persists a final block on {@code head} and moves the replica and the pool onto it; the
     * caller holds {@link #writing}. The next head is computed first (memory only); the block is
     * written with the pool's admissions held back, and only then is the new head swapped in.
     */
    private void finish(Head head, BlockExecution.Outcome out, Commit commit, long nowMillis) {
        BlockHeader h = out.header();
        Head next = head.next(h, commit, out.changes(), out.trie(), app::params);
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

    /** {@link ChainNode#addPrecommit}. */
    void addPrecommit(Vote v) {
        writing.lock();
        try {
            Head head = replica.head();
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

    private Optional<ValidatorSet> onDuty(Head head, long epoch) {
        return app.validators(head.view(), epoch);
    }
}
