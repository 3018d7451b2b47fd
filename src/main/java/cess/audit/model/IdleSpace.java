package cess.audit.model;

import cess.audit.model.idle.FillerBatch;
import cess.audit.model.idle.FillerUnits;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.nio.charset.StandardCharsets;

/**
 * A miner's filler as the chain keeps it: units {@code 0 .. certified − 1} are certified, at most
 * one batch after them is committed and waits for its first challenge ({@code pendingCount} 0:
 * none), how many units were refused in all, the block of the last refusal, and why the last
 * thing happened. The rules over it are {@link FillerUnits}'s ({@link #units}); what counts toward
 * power is {@link #countedUnits}. Immutable.
 *
 * <p>Encoded as {@code u64 certified, u64 pendingFirst, u64 pendingCount, u64 pendingSince,
 * u64 refusedUnits, u64 lastRefusedHeight + 1 (0: never), string lastReason}.
 *
 * @param certified         units certified, from unit 0
 * @param pendingFirst      the pending batch's first unit (0 without one)
 * @param pendingCount      its units, 0 for none
 * @param pendingSince      the block that committed it (0 without one)
 * @param refusedUnits      units whose certification was refused, in all
 * @param lastRefusedHeight the block of the last refusal, −1 for none
 * @param lastReason        the last event in words
 */
public record IdleSpace(long certified, long pendingFirst, long pendingCount, long pendingSince, long refusedUnits,
                        long lastRefusedHeight, String lastReason) implements StateValue {
    /** A miner that never committed filler. */
    public static final IdleSpace NONE = new IdleSpace(0, 0, 0, 0, 0, -1, "no filler committed");

    public IdleSpace {
        if (certified < 0 || pendingFirst < 0 || pendingCount < 0 || pendingSince < 0 || refusedUnits < 0
                || lastRefusedHeight < -1) {
            throw new IllegalArgumentException("idle space counts must not be negative");
        }
        if (pendingCount > 0 && pendingFirst != certified) {
            throw new IllegalArgumentException("a pending batch starts right after the certified units (" + certified
                    + "), not at " + pendingFirst);
        }
        if (lastReason == null || lastReason.getBytes(StandardCharsets.UTF_8).length > AuditRecord.MAX_REASON_BYTES) {
            throw new IllegalArgumentException("an idle space says why, in at most " + AuditRecord.MAX_REASON_BYTES + " bytes");
        }
    }

    /** Whether a batch waits for certification. */
    public boolean hasPending() {
        return pendingCount > 0;
    }

    /** One past the pending batch's last unit (the certified count without one). */
    public long pendingEnd() {
        return hasPending() ? pendingFirst + pendingCount : certified;
    }

    /** The units as {@link FillerUnits} for {@code unitBytes}. */
    public FillerUnits units(int unitBytes) {
        return new FillerUnits(unitBytes, certified, hasPending() ? FillerBatch.committed(pendingFirst, pendingCount) : null);
    }

    /**
     * This record after {@code u} (the next units), committed at {@code height} if it brings a new
     * pending batch, with {@code refused} more refused units and {@code reason}.
     */
    public IdleSpace next(FillerUnits u, long height, long refused, String reason) {
        FillerBatch p = u.pending();
        long since = p == null ? 0 : hasPending() && p.firstUnit() == pendingFirst && p.count() == pendingCount ? pendingSince
                : height;
        return new IdleSpace(u.certified(), p == null ? 0 : p.firstUnit(), p == null ? 0 : p.count(), since,
                refusedUnits + refused, refused > 0 ? height : lastRefusedHeight, clip(reason));
    }

    /**
     * The certified units that count toward power: those that still fit in the declared space
     * beside the service data ({@link FillerUnits#capacity}); fragments displace the highest.
     */
    public long countedUnits(long declaredBytes, long serviceBytes, int unitBytes) {
        return Math.min(certified, FillerUnits.capacity(declaredBytes, serviceBytes, unitBytes));
    }

    static String clip(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= AuditRecord.MAX_REASON_BYTES) {
            return reason;
        }
        String s = new String(b, 0, AuditRecord.MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        while (s.getBytes(StandardCharsets.UTF_8).length > AuditRecord.MAX_REASON_BYTES - 3) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(certified).u64(pendingFirst).u64(pendingCount).u64(pendingSince).u64(refusedUnits)
                .u64(lastRefusedHeight + 1).string(lastReason).toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static IdleSpace decode(Decoder d) {
        return new IdleSpace(d.u64(), d.u64(), d.u64(), d.u64(), d.u64(), d.u64() - 1, d.string(AuditRecord.MAX_REASON_BYTES));
    }
}
