package cess.audit.model.idle;

/**
 * The certification of a batch of filler units: units {@code firstUnit .. firstUnit + count − 1}
 * are {@code COMMITTED} when their roots are on chain; the first challenge on them decides. A
 * passed proof makes them {@code CERTIFIED}; a failed one, or no valid proof before the deadline,
 * {@code REFUSED}, with the reason. A refused proof (malformed, wrong path...) decides nothing: the
 * batch stays committed until the deadline. Immutable; each transition returns the next state, and
 * a decided batch takes no more.
 */
public record FillerBatch(long firstUnit, long count, State state, String reason) {
    /** Where a batch stands. */
    public enum State { COMMITTED, CERTIFIED, REFUSED }

    public FillerBatch {
        if (firstUnit < 0 || count < 1 || firstUnit > Long.MAX_VALUE - count) {
            throw new IllegalArgumentException("a batch has at least one unit from a non-negative first, not " + count + " from " + firstUnit);
        }
        if (state == null || reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("a batch has a state and says why");
        }
    }

    /** A batch whose roots were just committed, waiting for its first challenge. */
    public static FillerBatch committed(long firstUnit, long count) {
        return new FillerBatch(firstUnit, count, State.COMMITTED, "committed; waiting for its first challenge to pass");
    }

    /** One past the batch's last unit. */
    public long endUnit() {
        return firstUnit + count;
    }

    /** The batch after the verdict on a proof of its first challenge. */
    public FillerBatch onVerdict(IdleProofCheck.Verdict verdict) {
        requireCommitted();
        return switch (verdict.outcome()) {
            case PASSED -> new FillerBatch(firstUnit, count, State.CERTIFIED, "certified: its first challenge passed");
            case FAILED -> new FillerBatch(firstUnit, count, State.REFUSED, "refused: " + verdict.detail());
            case REFUSED -> this;
        };
    }

    /** The batch when its first challenge's deadline passed without a valid proof. */
    public FillerBatch onDeadline() {
        requireCommitted();
        return new FillerBatch(firstUnit, count, State.REFUSED, "refused: no valid proof before the deadline of its first challenge");
    }

    /** The batch when service data took its place before it was certified. */
    FillerBatch onDisplaced() {
        requireCommitted();
        return new FillerBatch(firstUnit, count, State.REFUSED, "refused: displaced by service data before it was certified");
    }

    private void requireCommitted() {
        if (state != State.COMMITTED) {
            throw new IllegalStateException("units " + firstUnit + ".." + (endUnit() - 1) + " are already " + state);
        }
    }
}
