package cess.consensus.model;

/**
 * What a {@link HeightDriver} asks its shell to do. Two of them are questions the shell answers
 * with an input: {@link BuildCandidate} with {@link DriverInput.CandidateBuilt}, {@link CheckBlock}
 * with {@link DriverInput.BlockChecked}; the rest are carried out and forgotten.
 *
 * @param <B> the proposed block as it travels with a proposal
 */
public sealed interface DriverEffect<B> {
    /**
     * The driver moved to {@code height}: forget the blocks of the height before.
     * {@code dutyChanged} says this node's duty differs from the height before (worth a log line).
     */
    record Entered<B>(long height, boolean onDuty, boolean dutyChanged) implements DriverEffect<B> {
    }

    /** Build the block this node proposes at {@code height}; answer with its hash. */
    record BuildCandidate<B>(long height) implements DriverEffect<B> {
    }

    /** Replay the block a proposal carries on the head; answer whether it is valid. */
    record CheckBlock<B>(Proposal proposal, B block) implements DriverEffect<B> {
    }

    /** Sign and broadcast this node's proposal, with its block (the candidate, or the valid value it re-proposes). */
    record PublishProposal<B>(Proposal proposal) implements DriverEffect<B> {
    }

    /** Broadcast this node's vote, already signed. */
    record PublishVote<B>(Vote vote) implements DriverEffect<B> {
    }

    /** Fire {@code timeout} as a {@link DriverInput.TimeoutFired} after {@code millis}. */
    record ScheduleTimeout<B>(Bft.TimeoutIn timeout, long millis) implements DriverEffect<B> {
    }

    /** The height is decided: persist the block with the precommits as its commit, then report the new head. */
    record Commit<B>(long height, Bft.Decision decision, long startedAtMillis) implements DriverEffect<B> {
    }

    /** A validator signed two conflicting votes for one slot: evidence for the chain. */
    record Equivocation<B>(Bft.Evidence evidence) implements DriverEffect<B> {
    }

    /** A vote for the head's height came late: a precommit among them may still credit its signer. */
    record LateVote<B>(Vote vote) implements DriverEffect<B> {
    }
}
