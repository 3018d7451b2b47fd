package cess.consensus.entity;

import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.shared.Address;
import cess.shared.Hash;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A finalized block's header and commit; its transactions are rows of {@code chain_tx}. */
@Entity
@Table(name = "block")
@NamedQuery(name = "Block.byHash", query = "SELECT b FROM BlockEntity b WHERE b.hash = :hash")
public class BlockEntity {
    @Id
    private long height;
    @Column(nullable = false, unique = true)
    private String hash;
    @Column(name = "parent_hash", nullable = false)
    private String parentHash;
    @Column(name = "timestamp_ms", nullable = false)
    private long timestampMs;
    @Column(nullable = false)
    private String proposer;
    @Column(name = "tx_root", nullable = false)
    private String txRoot;
    @Column(name = "state_root", nullable = false)
    private String stateRoot;
    private long epoch;
    @Column(name = "tx_count")
    private int txCount;
    @Column(name = "commit_data", nullable = false)
    private byte[] commitData;

    protected BlockEntity() {
    }

    public BlockEntity(BlockHeader h, int txCount, Commit commit) {
        this.height = h.height();
        this.hash = h.hash().hex();
        this.parentHash = h.parent().hex();
        this.timestampMs = h.timestampMillis();
        this.proposer = h.proposer().ss58();
        this.txRoot = h.txRoot().hex();
        this.stateRoot = h.stateRoot().hex();
        this.epoch = h.epoch();
        this.txCount = txCount;
        this.commitData = commit.encode();
    }

    /** The header, rebuilt from the columns and checked against the stored hash. */
    public BlockHeader header() {
        BlockHeader h = new BlockHeader(height, Hash.parse(parentHash), timestampMs, Address.parse(proposer),
                Hash.parse(txRoot), Hash.parse(stateRoot), epoch);
        if (!h.hash().hex().equals(hash)) {
            throw new IllegalStateException("stored block " + height + " does not hash to its recorded hash");
        }
        return h;
    }

    public Commit commit() {
        return Commit.decode(commitData);
    }

    public int txCount() {
        return txCount;
    }
}
