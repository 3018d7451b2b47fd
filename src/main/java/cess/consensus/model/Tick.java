package cess.consensus.model;

import java.util.Optional;

/**
 * What a validator's driver does when its clock ticks at its current height: a pure rule, so the
 * cases that matter (off duty, not started, decided) are tested without a container.
 *
 * <ul>
 *   <li>Off duty, nothing: a node that is not in this epoch's on-duty set (a candidate not drawn,
 *       or one beyond the seats) only follows the chain. It has no engine state at the height.</li>
 *   <li>On duty and the height not started: start it once there is work (pending transactions,
 *       evidence, an application step due) and the block time has passed since the head.</li>
 *   <li>Started and undecided: send this node's messages again every {@code resendMillis}, for
 *       peers that missed them.</li>
 * </ul>
 */
public enum Tick {
    /** Nothing to do on this tick. */
    IDLE,
    /** Start this height: build a candidate block and step the engine with {@code Start}. */
    START,
    /** Publish this node's messages of this height again. */
    RESEND;

    /** The clock's view of the driver at one tick; {@code state} is empty until the height starts. */
    public record View(boolean onDuty, Optional<Bft.State> state, boolean work, long nowMillis,
                       long headTimestampMillis, long blockTimeMillis, long lastResendMillis, long resendMillis) {
    }

    public static Tick of(View v) {
        if (!v.onDuty()) {
            return IDLE;
        }
        if (v.state().isEmpty()) {
            return v.work() && v.nowMillis() >= v.headTimestampMillis() + v.blockTimeMillis() ? START : IDLE;
        }
        return v.state().get().decision().isEmpty() && v.nowMillis() - v.lastResendMillis() >= v.resendMillis()
                ? RESEND : IDLE;
    }
}
