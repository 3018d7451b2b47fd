package cess.incentive.model;

import cess.shared.Amount;
import java.math.BigInteger;

/**
 * The part of a reward that is not paid at once: released in {@code steps} equal steps, one
 * every {@code stepBlocks} blocks after {@code start}, the last step taking what rounding left,
 * so that after the last step all of it is released. A slash takes the unreleased part first
 * ({@link #forfeit}). Immutable and pure.
 *
 * @param total      what vests, after any forfeit
 * @param released   what was released already
 * @param start      the height the reward was granted at
 * @param steps      steps of the release
 * @param stepBlocks blocks between steps
 */
public record Vesting(Amount total, Amount released, long start, int steps, long stepBlocks) {
    public Vesting {
        if (total == null || released == null || released.compareTo(total) > 0 || start < 0 || steps < 1 || stepBlocks < 1) {
            throw new IllegalArgumentException("vesting needs released <= total, a start and at least one step of a block");
        }
    }

    /** A reward granted at {@code height}: what is paid now and what vests. */
    public record Grant(Amount now, Vesting vesting) {
    }

    public static Grant grant(IncentiveParams p, Amount reward, long height) {
        Amount now = reward.share(p.immediateBps(), IncentiveParams.BPS);
        return new Grant(now, new Vesting(reward.minus(now), Amount.ZERO, height, p.vestingSteps(), p.vestingStepBlocks()));
    }

    /** Steps completed at {@code height}. */
    public long stepsDone(long height) {
        return height <= start ? 0 : Math.min(steps, (height - start) / stepBlocks);
    }

    /** What has vested by {@code height}, released or not. */
    public Amount vested(long height) {
        long done = stepsDone(height);
        return new Amount(total.units().multiply(BigInteger.valueOf(done)).divide(BigInteger.valueOf(steps)));
    }

    /** What may be released at {@code height}. */
    public Amount releasable(long height) {
        Amount v = vested(height);
        return v.compareTo(released) > 0 ? v.minus(released) : Amount.ZERO;
    }

    /** After releasing what is releasable at {@code height}. */
    public Vesting release(long height) {
        return new Vesting(total, released.plus(releasable(height)), start, steps, stepBlocks);
    }

    /** Whether everything was released. */
    public boolean done() {
        return released.equals(total);
    }

    /** A slash of {@code amount} against this vesting: what it takes (the unreleased part at most), and what is left. */
    public record Forfeit(Amount taken, Vesting left) {
    }

    public Forfeit forfeit(Amount amount) {
        Amount unreleased = total.minus(released);
        Amount taken = amount.compareTo(unreleased) < 0 ? amount : unreleased;
        return new Forfeit(taken, new Vesting(total.minus(taken), released, start, steps, stepBlocks));
    }
}
