package cess.audit.model;

import cess.ledger.model.StateKey;
import cess.shared.Address;

/**
 * The audit module's state keys. Heights and ids are sixteen hex digits, so that a prefix scan
 * in key order reads one block's entries, or one miner's, and nothing else.
 */
public final class AuditKeys {
    private AuditKeys() {
    }

    static String hex(long n) {
        return String.format("%016x", n);
    }

    /** Challenge {@code id}, open or answered, until its deadline has passed. */
    public static StateKey challenge(long id) {
        return new StateKey(Audit.CHALLENGE, hex(id));
    }

    /** A miner's audit record. */
    public static StateKey record(Address miner) {
        return new StateKey(Audit.RECORD, miner.ss58());
    }

    /** {@code miner} is to be challenged at {@code height}. */
    static StateKey scheduled(long height, Address miner) {
        return new StateKey(Audit.SCHEDULED, hex(height) + "/" + miner.ss58());
    }

    /** The prefix of what is scheduled at {@code height}. */
    static String scheduledAt(long height) {
        return hex(height) + "/";
    }

    /** Challenge {@code id} closes at the start of {@code height} (its deadline's next block). */
    static StateKey expiry(long height, long id) {
        return new StateKey(Audit.EXPIRY, hex(height) + "/" + hex(id));
    }

    static String expiringAt(long height) {
        return hex(height) + "/";
    }

    /** Challenge {@code id} is open for {@code miner}: how a miner finds its challenges. */
    public static StateKey open(Address miner, long id) {
        return new StateKey(Audit.OPEN, miner.ss58() + "/" + hex(id));
    }

    /** The prefix of {@code miner}'s open challenges. */
    public static String openOf(Address miner) {
        return miner.ss58() + "/";
    }

    /** The fault challenge {@code id} found in {@code miner}'s holdings. */
    public static StateKey fault(Address miner, long id) {
        return new StateKey(Audit.FAULT, miner.ss58() + "/" + hex(id));
    }

    /** How many proofs block {@code height} judged; kept for the next block only. */
    public static StateKey judged(long height) {
        return new StateKey(Audit.JUDGED, hex(height));
    }

    /** A miner's filler ({@link IdleSpace}). */
    public static StateKey idleSpace(Address miner) {
        return new StateKey(Audit.IDLE_SPACE, miner.ss58());
    }

    /** The committed root of {@code miner}'s filler unit {@code unit}. */
    public static StateKey idleRoot(Address miner, long unit) {
        return new StateKey(Audit.IDLE_ROOT, miner.ss58() + "/" + hex(unit));
    }

    /** Idle challenge {@code id}, open or answered, until its deadline has passed. */
    public static StateKey idleChallenge(long id) {
        return new StateKey(Audit.IDLE_CHALLENGE, hex(id));
    }

    /** Idle challenge {@code id} is open for {@code miner}. */
    public static StateKey idleOpen(Address miner, long id) {
        return new StateKey(Audit.IDLE_OPEN, miner.ss58() + "/" + hex(id));
    }

    /** {@code miner}'s pending batch is to be challenged at {@code height}. */
    static StateKey idleCertify(long height, Address miner) {
        return new StateKey(Audit.IDLE_CERTIFY, hex(height) + "/" + miner.ss58());
    }

    /** A miner's idle history ({@link IdleHistory}). */
    public static StateKey idleHistory(Address miner) {
        return new StateKey(Audit.IDLE_HISTORY, miner.ss58());
    }

    /** The corrupt-read report whose targeted challenge is {@code id}. */
    public static StateKey report(long id) {
        return new StateKey(Audit.REPORT, hex(id));
    }

    /** The report on fragment {@code fragment} of segment {@code segment} of {@code fid}, if one is open or cooling. */
    public static StateKey reportOn(cess.shared.Hash fid, int segment, int fragment) {
        return new StateKey(Audit.REPORT_FRAGMENT, fid.hex() + ":" + segment + ":" + fragment);
    }

    /** How many reports {@code reporter} has open. */
    public static StateKey reportCount(Address reporter) {
        return new StateKey(Audit.REPORT_COUNT, reporter.ss58());
    }

    /** Report {@code id} has something due at {@code height}. */
    static StateKey reportDue(long height, long id) {
        return new StateKey(Audit.REPORT_DUE, hex(height) + "/" + hex(id));
    }

    /** The id the next challenge takes. */
    static final StateKey NEXT_ID = new StateKey(Audit.COUNTER, "next");
}
