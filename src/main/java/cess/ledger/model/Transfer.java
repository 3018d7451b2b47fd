package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** Moves {@code amount} from the sender's free balance to {@code dest}. The amount is positive. */
public record Transfer(Address dest, Amount amount) implements Call {
    public Transfer {
        if (dest == null) {
            throw new IllegalArgumentException("transfer destination is missing");
        }
        if (amount == null || amount.isZero()) {
            throw new IllegalArgumentException("transfer amount must be positive");
        }
    }

    /** The call's index within {@link Balances}. */
    public static final int INDEX = 0;

    @Override
    public int module() {
        return Balances.INDEX;
    }

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String type() {
        return "transfer";
    }

    @Override
    public void encodeBody(Encoder e) {
        e.address(dest).amount(amount);
    }

    static Transfer decodeBody(Decoder d) {
        return new Transfer(d.address(), d.amount());
    }
}
