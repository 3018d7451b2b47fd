package cess.consensus.model;

import cess.shared.Hash;

/**
 * What a {@link HeightDriver} is told: the chain's head moved, the clock ticked, a peer's proposal
 * or vote arrived (signature already checked by the shell), the candidate block it asked for is
 * built, a proposed block it asked to check is checked, or a timeout it asked for fired. Every
 * input carries the time it happened, the driver's only clock.
 *
 * @param <B> the proposed block as it travels with a proposal (the shell's signed message; the
 *            driver only keeps it, and hands it back to be checked)
 */
public sealed interface DriverInput<B> {
    long nowMillis();

    /**
     * The head is now block {@code headHeight} (this node decided it, or caught up by sync):
     * the driver moves to the next height, whose on-duty set is {@code validators}.
     */
    record HeadMoved<B>(long headHeight, long headTimestampMillis, ValidatorSet validators, long nowMillis)
            implements DriverInput<B> {
    }

    /**
     * The clock ticked; {@code work} says whether this node has something to put in a block
     * (pending transactions or evidence, an application step due).
     */
    record ClockTicked<B>(boolean work, long blockTimeMillis, long nowMillis) implements DriverInput<B> {
    }

    /** A proposal or a vote from the network, for any height. */
    sealed interface PeerMessage<B> extends DriverInput<B> {
        long height();
    }

    /** A proposal whose signature the shell checked, with the block it carries (not yet replayed). */
    record ProposalReceived<B>(Proposal proposal, B block, long nowMillis) implements PeerMessage<B> {
        @Override
        public long height() {
            return proposal.height();
        }
    }

    /** A prevote or precommit whose signature the shell checked. */
    record VoteReceived<B>(Vote vote, long nowMillis) implements PeerMessage<B> {
        @Override
        public long height() {
            return vote.height();
        }
    }

    /** The answer to {@link DriverEffect.BuildCandidate}: the hash of the block this node would propose. */
    record CandidateBuilt<B>(long height, Hash value, long nowMillis) implements DriverInput<B> {
    }

    /** The answer to {@link DriverEffect.CheckBlock}: whether the proposed block replays validly on the head. */
    record BlockChecked<B>(long height, Hash value, boolean valid, long nowMillis) implements DriverInput<B> {
    }

    /** A timeout asked for by {@link DriverEffect.ScheduleTimeout} has fired. */
    record TimeoutFired<B>(Bft.TimeoutIn timeout, long nowMillis) implements DriverInput<B> {
    }
}
