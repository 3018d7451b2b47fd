package cess.governance.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * An account's vote on a proposal: its choice and the balance it locked, which is its weight.
 * The locked amount leaves the voter's free balance until the proposal's vote ends (or it is
 * cancelled), so the same tokens cannot vote twice by moving to another account.
 */
public record Vote(Choice choice, Amount locked) implements StateValue {
    public enum Choice { AYE, NAY, ABSTAIN }

    public Vote {
        if (choice == null || locked == null || locked.isZero()) {
            throw new IllegalArgumentException("a vote needs a choice and a positive locked amount");
        }
    }

    public static StateKey key(long proposal, Address voter) {
        return new StateKey(Governance.VOTE, prefix(proposal) + voter.ss58());
    }

    /** Every vote on {@code proposal} has an id starting with this. */
    public static String prefix(long proposal) {
        return String.format("%010d/", proposal);
    }

    public static Address voterOf(StateKey key) {
        return Address.parse(key.id().substring(key.id().indexOf('/') + 1));
    }

    @Override
    public byte[] encode() {
        return new Encoder().u8(choice.ordinal()).amount(locked).toBytes();
    }

    public static Vote decode(Decoder d) {
        int c = d.u8();
        if (c >= Choice.values().length) {
            throw new IllegalArgumentException("unknown vote choice " + c);
        }
        return new Vote(Choice.values()[c], d.amount());
    }
}
