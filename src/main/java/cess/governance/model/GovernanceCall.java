package cess.governance.model;

import cess.ledger.model.Call;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** Governance transactions: submit a proposal, vote on one, withdraw one's own. */
public sealed interface GovernanceCall extends Call {
    int PROPOSE = 0;
    int VOTE = 1;
    int CANCEL = 2;

    @Override
    default int module() {
        return Governance.INDEX;
    }

    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case PROPOSE -> new Propose(Action.decode(d), d.string(Proposal.MAX_DESCRIPTION * 4), d.string(Proposal.MAX_LINK * 4));
            case VOTE -> {
                long id = d.u64();
                int c = d.u8();
                if (c >= Vote.Choice.values().length) {
                    throw new IllegalArgumentException("unknown vote choice " + c);
                }
                yield new Cast(id, Vote.Choice.values()[c], d.amount());
            }
            case CANCEL -> new Cancel(d.u64());
            default -> throw new IllegalArgumentException("governance has no call " + tag);
        };
    }

    /**
     * Submits a proposal; its bond ({@link GovernanceParams#bondFor}) is taken from the sender's
     * free balance and held until the vote ends.
     *
     * @param description what and why, 1 to 2,000 characters
     * @param link        where to read more: empty, or an http(s) URL of up to 256 characters
     */
    record Propose(Action action, String description, String link) implements GovernanceCall {
        public Propose {
            if (action == null || description == null || link == null) {
                throw new IllegalArgumentException("a proposal needs an action, a description and a link (may be empty)");
            }
        }

        public int index() { return PROPOSE; }
        public String type() { return "propose"; }
        public void encodeBody(Encoder e) {
            action.encode(e);
            e.string(description).string(link);
        }
    }

    /**
     * Votes on proposal {@code proposal}, locking {@code amount} of the sender's balance as the
     * vote's weight. Voting again replaces the sender's earlier vote (its lock is released first).
     */
    record Cast(long proposal, Vote.Choice choice, Amount amount) implements GovernanceCall {
        public Cast {
            if (choice == null || amount == null) {
                throw new IllegalArgumentException("a vote needs a choice and an amount");
            }
        }

        public int index() { return VOTE; }
        public String type() { return "vote"; }
        public void encodeBody(Encoder e) { e.u64(proposal).u8(choice.ordinal()).amount(amount); }
    }

    /** The proposer withdraws proposal {@code proposal} while it is open: its bond returns, votes are released. */
    record Cancel(long proposal) implements GovernanceCall {
        public int index() { return CANCEL; }
        public String type() { return "cancel"; }
        public void encodeBody(Encoder e) { e.u64(proposal); }
    }
}
