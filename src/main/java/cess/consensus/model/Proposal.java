package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Hash;

/**
 * The proposer's block (by hash) for a height and round; {@code validRound} is the round in
 * which the proposer saw a quorum of prevotes for it, or -1 for a fresh block.
 */
public record Proposal(long height, int round, Hash value, int validRound, Address proposer) {
    public Proposal {
        if (height < 0 || round < 0 || value == null || validRound < -1 || validRound >= round && validRound != -1
                || proposer == null) {
            throw new IllegalArgumentException("malformed proposal");
        }
    }
}
