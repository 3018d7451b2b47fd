package cess.ledger.model;

import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * An account's state: its free balance and the number of its transactions executed so far,
 * which is the nonce its next transaction must carry.
 */
public record Account(Amount free, long nonce) implements StateValue {
    public static final Account EMPTY = new Account(Amount.ZERO, 0);

    public Account {
        if (free == null) {
            throw new IllegalArgumentException("free balance is missing");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative");
        }
    }

    public boolean isEmpty() {
        return free.isZero() && nonce == 0;
    }

    public Account credit(Amount a) {
        return new Account(free.plus(a), nonce);
    }

    @Override
    public byte[] encode() {
        return new Encoder().amount(free).u64(nonce).toBytes();
    }

    public Account debit(Amount a) {
        return new Account(free.minus(a), nonce);
    }

    public static Account decode(Decoder d) {
        return new Account(d.amount(), d.u64());
    }
}
