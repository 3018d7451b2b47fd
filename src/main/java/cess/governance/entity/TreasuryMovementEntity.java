package cess.governance.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** One movement of the treasury in a block (see {@code cess.governance.model.TreasuryMovement}). */
@Entity
@Table(name = "treasury_movement")
@IdClass(TreasuryMovementEntity.Id.class)
@NamedQuery(name = "TreasuryMovement.latest",
        query = "SELECT m FROM TreasuryMovementEntity m ORDER BY m.height DESC, m.seq DESC")
@NamedQuery(name = "TreasuryMovement.before",
        query = "SELECT m FROM TreasuryMovementEntity m WHERE m.height < :height ORDER BY m.height DESC, m.seq DESC")
public class TreasuryMovementEntity {
    @jakarta.persistence.Id
    @Column(name = "height")
    private long height;
    @jakarta.persistence.Id
    @Column(name = "seq")
    private int seq;
    @Column(name = "timestamp_ms", nullable = false)
    private long timestampMillis;
    @Column(name = "kind", nullable = false)
    private String kind;
    @Column(name = "amount", nullable = false, precision = 39)
    private BigDecimal amount;
    @Column(name = "counterparty")
    private String counterparty;
    @Column(name = "proposal", nullable = false)
    private long proposal;
    @Column(name = "balance_after", nullable = false, precision = 39)
    private BigDecimal balanceAfter;

    protected TreasuryMovementEntity() {
    }

    public TreasuryMovementEntity(long height, int seq, long timestampMillis, String kind, BigDecimal amount,
                                  String counterparty, long proposal, BigDecimal balanceAfter) {
        this.height = height;
        this.seq = seq;
        this.timestampMillis = timestampMillis;
        this.kind = kind;
        this.amount = amount;
        this.counterparty = counterparty;
        this.proposal = proposal;
        this.balanceAfter = balanceAfter;
    }

    public long height() {
        return height;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public String kind() {
        return kind;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String counterparty() {
        return counterparty;
    }

    public long proposal() {
        return proposal;
    }

    public BigDecimal balanceAfter() {
        return balanceAfter;
    }

    /** The composite key: a block's height and the movement's place in it. */
    public static class Id implements Serializable {
        private long height;
        private int seq;

        public Id() {
        }

        public Id(long height, int seq) {
            this.height = height;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && other.height == height && other.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(height, seq);
        }
    }
}
