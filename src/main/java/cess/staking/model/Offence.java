package cess.staking.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A punished equivocation: the validator signed two different votes of one kind for one height
 * and round. Keyed by that slot, so one offence is punished once however often it is reported.
 *
 * @param slashed   what its stake lost
 * @param atHeight  the block that carried the evidence
 */
public record Offence(Amount slashed, long atHeight) implements StateValue {
    public Offence {
        if (slashed == null || atHeight < 0) {
            throw new IllegalArgumentException("malformed offence");
        }
    }

    /** Ids sort by the offence's height, so old records can be pruned by range. */
    public static StateKey key(long height, int round, int voteType, Address offender) {
        return new StateKey(Staking.OFFENCE, String.format("%020d/%d/%d/%s", height, round, voteType, offender.ss58()));
    }

    /** The first key after every offence below {@code height}. */
    public static StateKey below(long height) {
        return new StateKey(Staking.OFFENCE, String.format("%020d", height));
    }

    @Override
    public byte[] encode() {
        return new Encoder().amount(slashed).u64(atHeight).toBytes();
    }

    public static Offence decode(Decoder d) {
        return new Offence(d.amount(), d.u64());
    }
}
