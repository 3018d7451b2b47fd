package cess.audit.model.idle;

/**
 * Which of a miner's filler units count: units {@code 0 .. certified − 1} are certified, and at
 * most one batch right after them is being certified ({@code pending}, or null). Idle space is
 * {@code certified × unitBytes}; declared space that is neither service data nor certified
 * filler counts for nothing.
 *
 * <p>Service data displaces filler from the top: the miner deletes its highest-numbered units to
 * make room, so after service data grows only the units that still fit beside it
 * ({@link #capacity}) stay certified, and a pending batch that no longer fits is refused. Units
 * keep their numbers: labels depend on the unit index, so the units that remain keep their roots,
 * and a unit refilled after service data shrinks has the same root again (the chain may keep it)
 * but must be certified anew, since its filler was deleted. Immutable.
 */
public record FillerUnits(int unitBytes, long certified, FillerBatch pending) {
    public FillerUnits {
        if (unitBytes <= 0 || certified < 0) {
            throw new IllegalArgumentException("unit size must be positive and certified units not negative");
        }
        if (pending != null && (pending.state() != FillerBatch.State.COMMITTED || pending.firstUnit() != certified)) {
            throw new IllegalArgumentException("a pending batch is committed and starts right after the certified units (" + certified + ")");
        }
    }

    /** A miner with no filler yet. */
    public static FillerUnits none(int unitBytes) {
        return new FillerUnits(unitBytes, 0, null);
    }

    /** The units that fit in the declared space beside the service data: {@code floor((declared − service) / unitBytes)}, at least 0. */
    public static long capacity(long declaredBytes, long serviceBytes, int unitBytes) {
        if (declaredBytes < 0 || serviceBytes < 0 || unitBytes <= 0) {
            throw new IllegalArgumentException("space must not be negative and units must have a size");
        }
        return Math.max(0, declaredBytes - serviceBytes) / unitBytes;
    }

    /** The idle space that counts: the certified units. */
    public long idleBytes() {
        return certified * unitBytes;
    }

    /** Whether unit {@code unit} is certified. */
    public boolean isCertified(long unit) {
        return unit >= 0 && unit < certified;
    }

    /**
     * Commits the next {@code count} units (their roots are now on chain): they become the pending
     * batch, {@code certified .. certified + count − 1}.
     *
     * @throws IllegalStateException    if a batch is already pending
     * @throws IllegalArgumentException if they do not fit beside the service data
     */
    public FillerUnits commit(long count, long declaredBytes, long serviceBytes) {
        if (pending != null) {
            throw new IllegalStateException("units " + pending.firstUnit() + ".." + (pending.endUnit() - 1) + " are still being certified");
        }
        long room = capacity(declaredBytes, serviceBytes, unitBytes) - certified;
        if (count < 1 || count > room) {
            throw new IllegalArgumentException("room for 1.." + Math.max(room, 0) + " more units, not " + count);
        }
        return new FillerUnits(unitBytes, certified, FillerBatch.committed(certified, count));
    }

    /** After a verdict on the pending batch's first challenge ({@link FillerBatch#onVerdict}). */
    public FillerUnits onVerdict(IdleProofCheck.Verdict verdict) {
        return settle(requirePending().onVerdict(verdict));
    }

    /** After the pending batch's first challenge expired without a valid proof. */
    public FillerUnits onDeadline() {
        return settle(requirePending().onDeadline());
    }

    /**
     * After the service data became {@code serviceBytes}: the certified units that no longer fit are
     * dropped (the highest numbered), and so is a pending batch that no longer fits whole.
     */
    public FillerUnits displace(long declaredBytes, long serviceBytes) {
        long fit = capacity(declaredBytes, serviceBytes, unitBytes);
        long kept = Math.min(certified, fit);
        FillerBatch p = pending != null && pending.endUnit() <= fit ? pending : null;
        return new FillerUnits(unitBytes, kept, kept == certified ? p : null);
    }

    /** The pending batch as {@link #displace} leaves it: refused if it no longer fits, else unchanged (null if none). */
    public FillerBatch displacedBatch(long declaredBytes, long serviceBytes) {
        if (pending == null || pending.endUnit() <= capacity(declaredBytes, serviceBytes, unitBytes)) {
            return pending;
        }
        return pending.onDisplaced();
    }

    private FillerBatch requirePending() {
        if (pending == null) {
            throw new IllegalStateException("no batch is being certified");
        }
        return pending;
    }

    private FillerUnits settle(FillerBatch decided) {
        return switch (decided.state()) {
            case COMMITTED -> new FillerUnits(unitBytes, certified, decided);
            case CERTIFIED -> new FillerUnits(unitBytes, decided.endUnit(), null);
            case REFUSED -> new FillerUnits(unitBytes, certified, null);
        };
    }
}
