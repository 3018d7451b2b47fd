package cess.consensus.model;

import cess.shared.Hash;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link HeightDriver} knows between two inputs. Immutable: the driver's step
 * returns a new one, so a shell may publish it through one volatile reference and let readers
 * (health, the validators API) see a consistent picture without a lock.
 *
 * @param height              the height in progress (the head's plus one); 0 before the first head
 * @param headTimestampMillis the head block's time: a new block waits for the block time after it
 * @param context             this node's engine context at {@code height}; empty when it is off duty
 * @param phase               whether the height has started
 * @param bft                 the engine's state; present exactly when {@code phase} is {@link Phase#RUNNING}
 * @param inbox               messages for {@code height} that came while its candidate was being built
 * @param validity            the proposed blocks checked at this height (this node's candidate among them)
 * @param unchecked           proposals whose block is being checked, by block hash
 * @param future              messages for the next heights, by height, in arrival order
 * @param futureCount         how many messages {@code future} holds
 * @param sent                this node's proposals and votes at this height, to be sent again
 * @param startedAtMillis     when this height's engine started (while starting: when its candidate was asked for)
 * @param lastResendMillis    when this node's messages were last sent again
 * @param <B>                 the proposed block as it travels with a proposal
 */
public record DriverState<B>(long height, long headTimestampMillis, Optional<Bft.Context> context, Phase phase,
                             Optional<Bft.State> bft, List<DriverInput.PeerMessage<B>> inbox,
                             Map<Hash, Boolean> validity, Map<Hash, List<Proposal>> unchecked,
                             Map<Long, List<DriverInput.PeerMessage<B>>> future, int futureCount,
                             List<DriverEffect<B>> sent, long startedAtMillis, long lastResendMillis) {

    /** Where a height stands. */
    public enum Phase {
        /** Not started: waiting for work, or for a peer's message at this height. */
        WAITING,
        /** The candidate block was asked for; messages for this height wait in the inbox. */
        STARTING,
        /** The engine runs (decided or not). */
        RUNNING
    }

    public DriverState {
        inbox = List.copyOf(inbox);
        validity = Map.copyOf(validity);
        unchecked = Map.copyOf(unchecked);
        future = Map.copyOf(future);
        sent = List.copyOf(sent);
        if (bft.isPresent() != (phase == Phase.RUNNING)) {
            throw new IllegalArgumentException("the engine state exists exactly while the height runs");
        }
    }

    /** Before the first head: height 0, off duty, nothing kept. */
    public static <B> DriverState<B> initial() {
        return new DriverState<>(0, 0, Optional.empty(), Phase.WAITING, Optional.empty(), List.of(), Map.of(),
                Map.of(), Map.of(), 0, List.of(), 0, 0);
    }

    /** Whether this node is in the on-duty set at {@link #height}. */
    public boolean onDuty() {
        return context.isPresent();
    }

    /** Whether a {@link DriverInput.ClockTicked} could start the height now if there were work. */
    public boolean wantsWork() {
        return onDuty() && phase == Phase.WAITING;
    }

    /** Whether this height is decided (its commit asked for; the head has not moved yet). */
    public boolean decided() {
        return bft.map(s -> s.decision().isPresent()).orElse(false);
    }
}
