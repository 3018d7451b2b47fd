package cess.consensus.control;

import cess.ledger.model.Schema;
import cess.consensus.entity.BlockEntity;
import cess.consensus.entity.ChainMetaEntity;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.ledger.entity.StateEntryEntity;
import cess.ledger.entity.TransactionEntity;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateView;
import cess.platform.Database;
import cess.shared.Hash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Persistence of the replica. Each method is one database transaction; a block, its
 * transactions' outcomes, the accounts it changes and the new head are written together.
 */
@ApplicationScoped
public class ChainStore {
    /** How stored transactions and state are read: the application's calls and kinds. */
    @Inject
    Schema schema;
    @Inject
    Database db;
    @Inject
    Event<BlockPersisting> persisting;

    public Optional<String> meta(String name) {
        return db.read(em -> Optional.ofNullable(em.find(ChainMetaEntity.class, name)).map(ChainMetaEntity::value));
    }

    /** Writes block 0 and the initial state of a new replica. */
    public void initialize(Hash genesisHash, BlockHeader genesis, NavigableMap<StateKey, StateValue> state) {
        db.inTransaction(em -> {
            em.persist(new BlockEntity(genesis, new BlockBody(List.of(), BlockBody.genesisCommit(genesis), List.of()),
                    BlockBody.genesisCommit(genesis)));
            state.forEach((k, v) -> em.persist(new StateEntryEntity(k, v)));
            em.persist(new ChainMetaEntity(ChainMetaEntity.GENESIS, genesisHash.hex()));
            em.persist(new ChainMetaEntity(ChainMetaEntity.HEAD, "0"));
            return null;
        });
    }

    /** A stored block's header, transaction count and commit; empty above the head. */
    public Optional<StoredBlock> block(long height) {
        return db.read(em -> Optional.ofNullable(em.find(BlockEntity.class, height))
                .map(b -> new StoredBlock(b.header(), b.txCount(), b.commit())));
    }

    /** A block as stored, detached from JPA. */
    public record StoredBlock(BlockHeader header, int txCount, Commit commit) {
    }

    public Optional<Long> heightOf(Hash hash) {
        return db.read(em -> em.createNamedQuery("Block.byHash", BlockEntity.class).setParameter("hash", hash.hex())
                .getResultStream().findFirst().map(b -> b.header().height()));
    }

    public NavigableMap<StateKey, StateValue> state() {
        return db.read(em -> {
            TreeMap<StateKey, StateValue> out = new TreeMap<>();
            em.createQuery("SELECT e FROM StateEntryEntity e", StateEntryEntity.class).getResultList()
                    .forEach(e -> out.put(e.key(schema), e.value(schema)));
            return out;
        });
    }

    public List<SignedTransaction> pending() {
        return db.read(em -> em.createNamedQuery("Tx.pending", TransactionEntity.class).getResultList().stream()
                .map(t -> t.transaction(schema)).toList());
    }

    public long nextSeq() {
        Long max = db.read(em -> em.createNamedQuery("Tx.maxSeq", Long.class).getSingleResult());
        return max == null ? 1 : max + 1;
    }

    public Optional<TxRecord> transaction(Hash hash) {
        return db.read(em -> Optional.ofNullable(em.find(TransactionEntity.class, hash.hex())).map(t -> TxRecord.of(t, schema)));
    }

    public List<Hash> transactionsIn(long height) {
        return db.read(em -> em.createNamedQuery("Tx.inBlock", TransactionEntity.class).setParameter("height", height)
                .getResultList().stream()
                .filter(t -> t.status() == TransactionEntity.Status.INCLUDED)
                .map(t -> Hash.parse(t.hash())).toList());
    }

    /** Forces every commit so far onto the disk (see {@link cess.platform.Database#sync}). */
    public void sync() {
        db.sync();
    }

    /** Stores the rows of newly admitted pool transactions, all in one database transaction. */
    public void admitAll(List<AdmissionLog.Row> rows) {
        db.inTransaction(em -> {
            rows.forEach(r -> em.persist(new TransactionEntity(r.tx(), r.seq(), r.receivedMs())));
            return null;
        });
    }

    /**
     * Persists a final block atomically: header and commit, its transactions' places in it, state
     * changes, head, and whatever the observers of {@link BlockPersisting} write for it
     * (transactions a proposer left out are the pool's business: {@link #reject}). A transaction
     * this node never had (another node admitted it) gets a row, numbered from {@code newSeqs};
     * one it had refused or dropped is marked included after all.
     *
     * @param newSeqs the pool sequence numbers to give transactions that have no row yet
     * @param before  the state before the block, for the observers
     */
    public void append(BlockExecution.Outcome out, Commit commit, Map<Hash, Long> newSeqs, long receivedMs,
                       StateView before) {
        db.inTransaction(em -> {
            BlockHeader h = out.header();
            em.persist(new BlockEntity(h, out.body(), commit));
            Map<String, TransactionEntity> rows = rows(em, TransactionEntity.class, "Tx.byHashes",
                    out.included().stream().map(t -> t.hash().hex()).toList(), TransactionEntity::hash);
            Map<String, StateEntryEntity> entries = rows(em, StateEntryEntity.class, "State.byKeys",
                    out.changes().keySet().stream().map(StateKey::stored).toList(), StateEntryEntity::storedKey);
            for (int i = 0; i < out.included().size(); i++) {
                SignedTransaction stx = out.included().get(i);
                TransactionEntity row = rows.get(stx.hash().hex());
                if (row == null) {
                    Long seq = newSeqs.get(stx.hash());
                    if (seq == null) {
                        throw new IllegalStateException("transaction " + stx.hash() + " has neither a row nor a number");
                    }
                    row = new TransactionEntity(stx, seq, receivedMs);
                    em.persist(row);
                }
                row.included(h.height(), i);
            }
            for (Map.Entry<StateKey, StateValue> e : out.changes().entrySet()) {
                StateEntryEntity row = entries.get(e.getKey().stored());
                if (e.getValue() == null) {
                    if (row != null) {
                        em.remove(row);
                    }
                } else if (row == null) {
                    em.persist(new StateEntryEntity(e.getKey(), e.getValue()));
                } else {
                    row.update(e.getValue());
                }
            }
            persisting.fire(new BlockPersisting(h, out.events(), before, out.changes(), em));
            em.find(ChainMetaEntity.class, ChainMetaEntity.HEAD).value(Long.toString(h.height()));
            return null;
        });
    }

    /** The rows of {@code ids}, read with one query per 500 ids rather than one per row. */
    private static <T> Map<String, T> rows(EntityManager em, Class<T> type, String query, List<String> ids,
                                          java.util.function.Function<T, String> idOf) {
        Map<String, T> out = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            em.createNamedQuery(query, type).setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .getResultList().forEach(r -> out.put(idOf.apply(r), r));
        }
        return out;
    }

    /** Marks pool transactions as rejected: they no longer apply on the state after block {@code height}. */
    public void reject(List<BlockExecution.Rejected> dropped, long height) {
        if (dropped.isEmpty()) {
            return;
        }
        db.inTransaction(em -> {
            // a transaction gossiped by a peer has no row while pending: there is nothing to mark
            dropped.forEach(r -> Optional.ofNullable(em.find(TransactionEntity.class, r.tx().hash().hex()))
                    .ifPresent(row -> row.rejected(height, r.why())));
            return null;
        });
    }

    /**
     * The final block at {@code height} with its transactions and commit, as it travels to a
     * node that syncs; empty above the head.
     */
    public Optional<cess.consensus.model.Block> fullBlock(long height) {
        return db.read(em -> Optional.ofNullable(em.find(BlockEntity.class, height)).map(b ->
                new cess.consensus.model.Block(b.header(), new BlockBody(
                        em.createNamedQuery("Tx.inBlock", TransactionEntity.class).setParameter("height", height)
                                .getResultList().stream()
                                .filter(t -> t.status() == TransactionEntity.Status.INCLUDED)
                                .map(t -> t.transaction(schema)).toList(),
                        b.lastCommit(), b.evidence()),
                        b.commit())));
    }

    /** A transaction's recorded fate, detached from JPA. */
    public record TxRecord(String hash, String status, Long height, Integer index, String errorCode,
                           String reason, SignedTransaction transaction) {
        static TxRecord of(TransactionEntity t, Schema schema) {
            return new TxRecord(t.hash(), t.status().name().toLowerCase(java.util.Locale.ROOT), t.blockHeight(),
                    t.blockIndex(), t.errorCode(), t.reason(), t.transaction(schema));
        }
    }
}
