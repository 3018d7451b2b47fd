package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Amount;

/** An on-duty validator and its voting power (its bonded stake). */
public record Validator(Address account, Amount stake) {
    public Validator {
        if (account == null || stake == null || stake.isZero()) {
            throw new IllegalArgumentException("a validator needs an account and a positive stake");
        }
    }
}
