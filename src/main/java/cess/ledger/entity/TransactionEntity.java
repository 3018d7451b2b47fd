package cess.ledger.entity;

import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.TxRejection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An admitted transaction and what became of it. */
@Entity
@Table(name = "chain_tx")
@NamedQuery(name = "Tx.byHashes", query = "SELECT t FROM TransactionEntity t WHERE t.hash IN :ids")
@NamedQuery(name = "Tx.pending", query = "SELECT t FROM TransactionEntity t WHERE t.status = cess.ledger.entity.TransactionEntity.Status.PENDING ORDER BY t.seq")
@NamedQuery(name = "Tx.inBlock", query = "SELECT t FROM TransactionEntity t WHERE t.blockHeight = :height ORDER BY t.blockIndex")
@NamedQuery(name = "Tx.maxSeq", query = "SELECT MAX(t.seq) FROM TransactionEntity t")
public class TransactionEntity {
    /** Where a transaction stands. */
    public enum Status { PENDING, INCLUDED, REJECTED }

    @Id
    private String hash;
    @Column(nullable = false, unique = true)
    private long seq;
    @Column(nullable = false)
    private String sender;
    private long nonce;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;
    @Column(name = "block_height")
    private Long blockHeight;
    @Column(name = "block_index")
    private Integer blockIndex;
    @Column(name = "error_code")
    private String errorCode;
    private String reason;
    @Column(nullable = false)
    private byte[] encoded;
    @Column(name = "received_ms", nullable = false)
    private long receivedMs;

    protected TransactionEntity() {
    }

    public TransactionEntity(SignedTransaction stx, long seq, long receivedMs) {
        this.hash = stx.hash().hex();
        this.seq = seq;
        this.sender = stx.tx().sender().ss58();
        this.nonce = stx.tx().nonce();
        this.status = Status.PENDING;
        this.encoded = stx.encode();
        this.receivedMs = receivedMs;
    }

    public void included(long height, int index) {
        this.status = Status.INCLUDED;
        this.blockHeight = height;
        this.blockIndex = index;
        this.errorCode = null;
        this.reason = null;
    }

    public void rejected(long height, TxRejection why) {
        this.status = Status.REJECTED;
        this.blockHeight = height;
        this.errorCode = why.error().code();
        this.reason = why.message().length() > 512 ? why.message().substring(0, 512) : why.message();
    }

    public String hash() {
        return hash;
    }

    public long seq() {
        return seq;
    }

    public Status status() {
        return status;
    }

    public Long blockHeight() {
        return blockHeight;
    }

    public Integer blockIndex() {
        return blockIndex;
    }

    public String errorCode() {
        return errorCode;
    }

    public String reason() {
        return reason;
    }

    public long receivedMs() {
        return receivedMs;
    }

    public SignedTransaction transaction(Schema schema) {
        return SignedTransaction.decode(encoded, schema);
    }
}
