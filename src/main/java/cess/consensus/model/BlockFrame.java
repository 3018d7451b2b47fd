package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.List;

/**
 * What consensus tells the application about a block before its transactions run: where it
 * stands, who proposed it, the proposer's RANDAO reveal, the parent's commit it carries and the
 * evidence of equivocation it offers. The application draws the validators' business from it
 * (work counted from the commit, slashing, the reveal's mix).
 *
 * @param reveal {@link Hash#ZERO} when the block carries none
 */
public record BlockFrame(BlockHeader parent, long height, long epoch, long timeMillis, Address proposer, Hash reveal,
                         Commit lastCommit, List<Evidence> evidence, Hash genesis, ConsensusParams consensus) {
    public BlockFrame {
        evidence = List.copyOf(evidence);
    }

    /** Whether the block is the first of its epoch. */
    public boolean epochStart() {
        return height % consensus.epochBlocks() == 0;
    }
}
