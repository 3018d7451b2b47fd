package cess.audit.model;

import cess.shared.Amount;

/**
 * What an audit event costs a miner, by CESS's table ({@link AuditParams}): a pure function from
 * the miner's {@link AuditRecord} and one event to the next record, the slash and whether the
 * miner must leave.
 *
 * <ul>
 *   <li>{@link Event#PASSED}: counted; ends both runs (consecutive misses and failed service
 *       proofs). No slash.
 *   <li>{@link Event#MISSED} (the deadline passed without a passing or failed proof): the 1st
 *       consecutive miss costs nothing (a restart, a network blip), the 2nd
 *       {@code secondMissBps} (5 %), the 3rd and every later one {@code laterMissBps} (15 %).
 *       A failed proof does not end the run, so alternating misses and failures does not
 *       escape the escalation.
 *   <li>{@link Event#FAILED_SERVICE}: {@code failedServiceBps} (5 %) for each failure from the
 *       {@code serviceStrikes}-th in a row (CESS: from the 2nd, because its verdicts came from a
 *       TEE that could err; here every validator checks the proof, a failure is evidence, and
 *       the default slashes from the 1st).
 *   <li>{@link Event#FAILED_IDLE}: {@code failedIdleBps} (10 %) each.
 *   <li>Forced exit once {@code forcedExitMisses} (100) deadlines were missed in all: reported on
 *       that event and on every later one, so the caller may act once or check each time.
 * </ul>
 *
 * <p>Note on incentives: a miner that knows it lost a sampled chunk (its own prover tells it) can
 * choose to miss rather than fail; the first miss is free, so the escalation of misses, not the
 * failure slash, is what deters, and repair should not wait for a failure to act on a miner that
 * keeps missing. Stateless; thread-safe.
 */
public final class Punishment {
    private Punishment() {
    }

    /** What happened to one challenge of the miner. */
    public enum Event { PASSED, MISSED, FAILED_SERVICE, FAILED_IDLE }

    /**
     * The result of one event.
     *
     * @param record     the miner's record after it
     * @param slashBps   the slash in basis points of the collateral (0 for none)
     * @param slash      that share of the collateral given, rounded down
     * @param forcedExit whether the miner has missed enough to be forced out
     */
    public record Outcome(AuditRecord record, int slashBps, Amount slash, boolean forcedExit) {
    }

    /**
     * Applies {@code event} of challenge {@code challengeId} to {@code record}, slashing from
     * {@code collateral} (the miner's collateral limit, 4,000 CESS per TiB of power in CESS).
     * The record's punished total grows by the slash the table asks; if the stake covers less,
     * correct it with {@link AuditRecord#withPunished}.
     */
    public static Outcome apply(AuditRecord record, Event event, long challengeId, Amount collateral, AuditParams p) {
        AuditRecord r = record;
        int bps;
        String what;
        switch (event) {
            case PASSED -> {
                bps = 0;
                what = "passed";
                r = new AuditRecord(inc(r.passed()), r.missed(), 0, r.failedService(), r.failedIdle(), 0, r.punished(), "");
            }
            case MISSED -> {
                int run = inc(r.consecutiveMissed());
                bps = p.missBps(run);
                what = "missed its deadline, " + ordinal(run) + " in a row (" + inc(r.missed()) + " in all)";
                r = new AuditRecord(r.passed(), inc(r.missed()), run, r.failedService(), r.failedIdle(),
                        r.consecutiveFailedService(), r.punished(), "");
            }
            case FAILED_SERVICE -> {
                int run = inc(r.consecutiveFailedService());
                bps = run >= p.serviceStrikes() ? p.failedServiceBps() : 0;
                what = "failed its service proof, " + ordinal(run) + " in a row"
                        + (bps == 0 ? " (strike " + run + " of " + p.serviceStrikes() + ")" : "");
                r = new AuditRecord(r.passed(), r.missed(), r.consecutiveMissed(), inc(r.failedService()), r.failedIdle(), run,
                        r.punished(), "");
            }
            case FAILED_IDLE -> {
                bps = p.failedIdleBps();
                what = "failed its idle proof";
                r = new AuditRecord(r.passed(), r.missed(), r.consecutiveMissed(), r.failedService(), inc(r.failedIdle()),
                        r.consecutiveFailedService(), r.punished(), "");
            }
            default -> throw new IllegalArgumentException("unknown audit event " + event);
        }
        Amount slash = slash(collateral, bps);
        boolean exit = r.missed() >= p.forcedExitMisses();
        String reason = "challenge " + challengeId + ": " + what
                + (bps > 0 ? "; slashed " + percent(bps) + " of the collateral, " + slash.toCess() + " CESS" : "")
                + (exit ? "; " + r.missed() + " deadlines missed, forced to exit" : "");
        r = new AuditRecord(r.passed(), r.missed(), r.consecutiveMissed(), r.failedService(), r.failedIdle(),
                r.consecutiveFailedService(), r.punished().plus(slash), reason);
        return new Outcome(r, bps, slash, exit);
    }

    /** {@code basisPoints / 10,000} of {@code collateral}, rounded down; exact integer arithmetic. */
    public static Amount slash(Amount collateral, int basisPoints) {
        if (basisPoints < 0 || basisPoints > AuditParams.BPS) {
            throw new IllegalArgumentException("a slash is 0.." + AuditParams.BPS + " basis points, got " + basisPoints);
        }
        return collateral.share(basisPoints, AuditParams.BPS);
    }

    /** Basis points as a percentage: 500 is "5 %", 1550 "15.5 %", 1 "0.01 %". */
    static String percent(int bps) {
        String whole = Integer.toString(bps / 100);
        int rest = bps % 100;
        if (rest == 0) {
            return whole + " %";
        }
        String frac = rest < 10 ? "0" + rest : rest % 10 == 0 ? Integer.toString(rest / 10) : Integer.toString(rest);
        return whole + "." + frac + " %";
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static int inc(int v) {
        return v == Integer.MAX_VALUE ? v : v + 1;
    }

    private static long inc(long v) {
        return v == Long.MAX_VALUE ? v : v + 1;
    }
}
