package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * One number in the audit module's indexes (a scheduled challenge, a deadline, a miner's open
 * challenge, the next challenge id): the key says what, the value says which.
 */
public record AuditMark(long value) implements StateValue {
    public AuditMark {
        if (value < 0) {
            throw new IllegalArgumentException("an audit mark is not negative");
        }
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(value).toBytes();
    }

    public static AuditMark decode(Decoder d) {
        return new AuditMark(d.u64());
    }
}
