package cess.governance.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A proposal on chain, with its live tally.
 *
 * @param bond            what the proposer put up (held by the chain until voting ends)
 * @param votingEndsMillis the block time from which no vote is taken and the tally is decided
 * @param enactAtMillis   for a passed proposal, the block time from which it is enacted
 * @param voters          how many accounts hold a vote on it
 * @param note            why it ended as it did (empty while voting)
 */
public record Proposal(Address proposer, Action action, String description, String link, Amount bond,
                       long submittedMillis, long votingEndsMillis, Status status,
                       long enactAtMillis, Tally tally, int voters, String note) implements StateValue {
    public static final int MAX_DESCRIPTION = 2_000;
    public static final int MAX_LINK = 256;
    static final int MAX_NOTE = 500;

    /**
     * The life cycle: a proposal is open to votes from the block that admits it (VOTING); when its
     * voting time is over it is PASSED, REJECTED or EXPIRED (no quorum); a passed one is ENACTED
     * after the enactment delay, or FAILED if it can no longer be carried out (the treasury cannot
     * pay). The proposer may withdraw it while voting (CANCELLED).
     */
    public enum Status {
        VOTING, PASSED, REJECTED, EXPIRED, ENACTED, FAILED, CANCELLED;

        public boolean open() {
            return this == VOTING;
        }
    }

    public Proposal {
        if (proposer == null || action == null || description == null || link == null || bond == null || status == null
                || tally == null || note == null) {
            throw new IllegalArgumentException("malformed proposal");
        }
    }

    public static StateKey key(long id) {
        return new StateKey(Governance.PROPOSAL, String.format("%010d", id));
    }

    public static long idOf(StateKey key) {
        return Long.parseLong(key.id());
    }

    Proposal withTally(Tally t, int voterCount) {
        return new Proposal(proposer, action, description, link, bond, submittedMillis, votingEndsMillis,
                status, enactAtMillis, t, voterCount, note);
    }

    Proposal ended(Status s, long enactAt, String why) {
        return new Proposal(proposer, action, description, link, bond, submittedMillis, votingEndsMillis,
                s, enactAt, tally, voters, why.length() > MAX_NOTE ? why.substring(0, MAX_NOTE) : why);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().address(proposer);
        action.encode(e);
        e.string(description).string(link).amount(bond).u64(submittedMillis).u64(votingEndsMillis)
                .u8(status.ordinal()).u64(enactAtMillis).amount(tally.ayes()).amount(tally.nays()).amount(tally.abstain())
                .u32(voters).string(note);
        return e.toBytes();
    }

    public static Proposal decode(Decoder d) {
        Address proposer = d.address();
        Action action = Action.decode(d);
        String description = d.string(MAX_DESCRIPTION * 4);
        String link = d.string(MAX_LINK * 4);
        Amount bond = d.amount();
        long submitted = d.u64();
        long ends = d.u64();
        Status status = Status.values()[d.u8()];
        long enactAt = d.u64();
        Tally tally = new Tally(d.amount(), d.amount(), d.amount());
        int voters = (int) d.u32();
        return new Proposal(proposer, action, description, link, bond, submitted, ends, status, enactAt, tally,
                voters, d.string(MAX_NOTE * 4));
    }
}
