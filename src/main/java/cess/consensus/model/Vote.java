package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.Signature;
import java.util.Optional;

/**
 * A prevote or precommit of one validator at a height and round, for a block (its hash) or for
 * nothing ({@code nil}). The engine never checks signatures: the driver signs what the engine
 * sends and verifies what the network brings before it becomes an input; {@code signature} rides
 * along so that a decision's precommits form a {@link Commit}.
 */
public record Vote(Type type, long height, int round, Optional<Hash> value, Address voter, Signature signature) {
    public enum Type { PREVOTE, PRECOMMIT }

    public Vote {
        if (type == null || height < 0 || round < 0 || value == null || voter == null) {
            throw new IllegalArgumentException("malformed vote");
        }
    }

    /** The same vote, signed. */
    public Vote signed(Signature s) {
        return new Vote(type, height, round, value, voter, s);
    }

    /** Whether {@code other} is a different vote of the same validator for the same slot: equivocation. */
    public boolean conflictsWith(Vote other) {
        return type == other.type && height == other.height && round == other.round && voter.equals(other.voter)
                && !value.equals(other.value);
    }
}
