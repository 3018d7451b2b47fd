package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.nio.charset.StandardCharsets;

/**
 * A miner's audit history, the state value the audit module keeps per miner and shows: how many
 * challenges it passed, missed and failed, the runs that escalate punishment, what it was
 * slashed in all, and why the last thing happened. Immutable; {@link Punishment} makes the next
 * one.
 *
 * @param passed                   proofs that passed
 * @param missed                   deadlines missed in all (forced exit at {@link AuditParams#forcedExitMisses})
 * @param consecutiveMissed        deadlines missed since the last pass
 * @param failedService            service proofs that failed
 * @param failedIdle               idle proofs that failed
 * @param consecutiveFailedService service proofs failed since the last pass (the strikes)
 * @param punished                 the slashes demanded in all
 * @param lastReason               the last event in words ("" before any)
 */
public record AuditRecord(long passed, long missed, int consecutiveMissed, long failedService, long failedIdle,
                          int consecutiveFailedService, Amount punished, String lastReason) implements StateValue {
    /** The longest reason kept, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 512;
    /** A miner never audited. */
    public static final AuditRecord NONE = new AuditRecord(0, 0, 0, 0, 0, 0, Amount.ZERO, "");

    public AuditRecord {
        if (passed < 0 || missed < 0 || consecutiveMissed < 0 || failedService < 0 || failedIdle < 0
                || consecutiveFailedService < 0) {
            throw new IllegalArgumentException("audit counts must not be negative");
        }
        if (consecutiveMissed > missed || consecutiveFailedService > failedService) {
            throw new IllegalArgumentException("a run (" + consecutiveMissed + " missed, " + consecutiveFailedService
                    + " failed) cannot exceed its total (" + missed + ", " + failedService + ")");
        }
        if (punished == null || lastReason == null) {
            throw new IllegalArgumentException("an audit record needs its punished total and a reason");
        }
        if (lastReason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a reason has at most " + MAX_REASON_BYTES + " bytes");
        }
    }

    /** This record with {@code amount} slashed in all instead (when the stake covered less than the table asked). */
    public AuditRecord withPunished(Amount amount) {
        return new AuditRecord(passed, missed, consecutiveMissed, failedService, failedIdle, consecutiveFailedService, amount,
                lastReason);
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(passed).u64(missed).u32(consecutiveMissed).u64(failedService).u64(failedIdle)
                .u32(consecutiveFailedService).amount(punished).string(lastReason).toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static AuditRecord decode(Decoder d) {
        long passed = d.u64();
        long missed = d.u64();
        int consecutiveMissed = u31(d.u32());
        long failedService = d.u64();
        long failedIdle = d.u64();
        int consecutiveFailed = u31(d.u32());
        return new AuditRecord(passed, missed, consecutiveMissed, failedService, failedIdle, consecutiveFailed, d.amount(),
                d.string(MAX_REASON_BYTES));
    }

    private static int u31(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a run of " + v + " is out of range");
        }
        return (int) v;
    }
}
