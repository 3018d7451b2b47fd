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

    /** The id the next challenge takes. */
    static final StateKey NEXT_ID = new StateKey(Audit.COUNTER, "next");
}
