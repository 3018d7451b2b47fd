package cess.consensus.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named value about the replica itself: the genesis hash it belongs to, the head height. */
@Entity
@Table(name = "chain_meta")
public class ChainMetaEntity {
    public static final String GENESIS = "genesis_hash";
    public static final String HEAD = "head_height";

    @Id
    private String name;
    @Column(name = "val", nullable = false)
    private String value;

    protected ChainMetaEntity() {
    }

    public ChainMetaEntity(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String value() {
        return value;
    }

    public void value(String v) {
        this.value = v;
    }
}
