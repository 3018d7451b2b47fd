package cess.governance.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** What a proposal asks the chain to do once it has passed. */
public sealed interface Action {
    /** The longest parameter name a change may carry. */
    int MAX_NAME = 64;
    /** The longest value a change may carry. */
    int MAX_VALUE = 40;
    /** The most parameters governance keeps overrides of. */
    int MAX_OVERRIDES = 64;

    int FUNDING = 1;
    int PARAM_CHANGE = 2;

    /** What the proposal asks from the treasury (zero for a parameter change). */
    Amount asked();

    void encode(Encoder e);

    static Action decode(Decoder d) {
        int tag = d.u8();
        return switch (tag) {
            case FUNDING -> new Funding(d.address(), d.amount());
            case PARAM_CHANGE -> new ParamChange(d.string(Action.MAX_NAME), d.string(Action.MAX_VALUE));
            default -> throw new IllegalArgumentException("unknown proposal action " + tag);
        };
    }

    /** Pay {@code amount} from the treasury (the Community Development Fund) to {@code beneficiary}. */
    record Funding(Address beneficiary, Amount amount) implements Action {
        public Funding {
            if (beneficiary == null || amount == null) {
                throw new IllegalArgumentException("a funding request needs a beneficiary and an amount");
            }
        }

        public Amount asked() {
            return amount;
        }

        public void encode(Encoder e) {
            e.u8(FUNDING).address(beneficiary).amount(amount);
        }
    }

    /** Set chain parameter {@code name} (a {@link cess.ledger.model.GovernableParam}) to {@code value}. */
    record ParamChange(String name, String value) implements Action {
        public ParamChange {
            if (name == null || value == null) {
                throw new IllegalArgumentException("a parameter change needs a name and a value");
            }
        }

        public Amount asked() {
            return Amount.ZERO;
        }

        public void encode(Encoder e) {
            e.u8(PARAM_CHANGE).string(name).string(value);
        }
    }
}
