package cess.consensus.entity;

import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.shared.Address;
import cess.shared.Hash;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A finalized block's header, commit, and the body parts besides transactions (its parent's
 * commit, evidence); its transactions are rows of {@code chain_tx}.
 */
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
    private String reveal;
    @Column(name = "last_commit_hash")
    private String lastCommitHash;
    @Column(name = "evidence_root")
    private String evidenceRoot;
    @Column(name = "last_commit_data")
    private byte[] lastCommitData;
    @Column(name = "evidence_data")
    private byte[] evidenceData;

    protected BlockEntity() {
    }

    public BlockEntity(BlockHeader h, BlockBody body, Commit commit) {
        this.height = h.height();
        this.hash = h.hash().hex();
        this.parentHash = h.parent().hex();
        this.timestampMs = h.timestampMillis();
        this.proposer = h.proposer().ss58();
        this.txRoot = h.txRoot().hex();
        this.stateRoot = h.stateRoot().hex();
        this.epoch = h.epoch();
        this.txCount = body.transactions().size();
        this.commitData = commit.encode();
        this.reveal = h.reveal().hex();
        this.lastCommitHash = h.lastCommitHash().hex();
        this.evidenceRoot = h.evidenceRoot().hex();
        this.lastCommitData = body.lastCommit().encode();
        this.evidenceData = BlockBody.encodeEvidence(body.evidence());
    }

    /** The header, rebuilt from the columns and checked against the stored hash. */
    public BlockHeader header() {
        BlockHeader h = new BlockHeader(height, Hash.parse(parentHash), timestampMs, Address.parse(proposer),
                Hash.parse(txRoot), Hash.parse(stateRoot), epoch, Hash.parse(reveal), Hash.parse(lastCommitHash),
                Hash.parse(evidenceRoot));
        if (!h.hash().hex().equals(hash)) {
            throw new IllegalStateException("stored block " + height + " does not hash to its recorded hash");
        }
        return h;
    }

    public Commit commit() {
        return Commit.decode(commitData);
    }

    /** The parent's commit this block carries. */
    public Commit lastCommit() {
        return Commit.decode(lastCommitData);
    }

    public java.util.List<cess.consensus.model.Evidence> evidence() {
        return BlockBody.decodeEvidence(evidenceData);
    }

    public int txCount() {
        return txCount;
    }
}
