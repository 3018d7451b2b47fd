package cess.ledger.entity;

import cess.ledger.model.Account;
import cess.shared.Address;
import cess.shared.Amount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An account's persisted state. */
@Entity
@Table(name = "account")
public class AccountEntity {
    @Id
    private String address;
    @Column(nullable = false, precision = 39, scale = 0)
    private BigDecimal free;
    private long nonce;

    protected AccountEntity() {
    }

    public AccountEntity(Address address, Account account) {
        this.address = address.ss58();
        update(account);
    }

    public void update(Account account) {
        this.free = new BigDecimal(account.free().units());
        this.nonce = account.nonce();
    }

    public Address address() {
        return Address.parse(address);
    }

    public Account account() {
        return new Account(new Amount(free.toBigIntegerExact()), nonce);
    }
}
