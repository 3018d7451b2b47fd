package cess.ledger.entity;

import cess.ledger.model.Schema;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One persisted entry of chain state: its key ({@code tag:id}) and canonical encoding. */
@Entity
@Table(name = "state_entry")
@NamedQuery(name = "State.byKeys", query = "SELECT s FROM StateEntryEntity s WHERE s.key IN :ids")
public class StateEntryEntity {
    @Id
    @Column(name = "skey")
    private String key;
    @Column(name = "val", nullable = false)
    private byte[] value;

    protected StateEntryEntity() {
    }

    public StateEntryEntity(StateKey key, StateValue value) {
        this.key = key.stored();
        this.value = value.encode();
    }

    public void update(StateValue v) {
        this.value = v.encode();
    }

    /** The stored key, {@code tag:id}. */
    public String storedKey() {
        return key;
    }

    public StateKey key(Schema schema) {
        return StateKey.parseStored(key, schema);
    }

    public StateValue value(Schema schema) {
        return key(schema).kind().decode(value);
    }
}
