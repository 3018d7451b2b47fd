package cess.governance.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * Something the chain must do by itself for a proposal from a given block time on: decide its
 * vote, release a cancelled proposal's votes, or enact it. Keyed by that time then the proposal,
 * so a block finds what is due with one range read.
 */
public record AgendaItem(long proposal) implements StateValue {
    public static StateKey key(long dueMillis, long proposal) {
        return new StateKey(Governance.AGENDA, String.format("%020d/%010d", dueMillis, proposal));
    }

    /** The first key after every item due at or before {@code nowMillis}. */
    public static StateKey dueBy(long nowMillis) {
        return StateKey.after(Governance.AGENDA, String.format("%020d/", nowMillis));
    }

    public static StateKey first() {
        return new StateKey(Governance.AGENDA, "0");
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(proposal).toBytes();
    }

    public static AgendaItem decode(Decoder d) {
        return new AgendaItem(d.u64());
    }
}
