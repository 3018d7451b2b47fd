package cess.ledger.model;

import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * All the tokens there are: free balances, stakes, bonds and vote locks together. The genesis
 * sets it; a rule that mints or burns changes it. A module that counts votes measures turnout
 * against it.
 */
public record Issuance(Amount total) implements StateValue {
    public static final StateKey KEY = new StateKey(Balances.ISSUANCE, "total");

    public static Amount of(StateView state) {
        return state.find(KEY, Issuance.class).map(Issuance::total).orElse(Amount.ZERO);
    }

    @Override
    public byte[] encode() {
        return new Encoder().amount(total).toBytes();
    }

    public static Issuance decode(Decoder d) {
        return new Issuance(d.amount());
    }
}
