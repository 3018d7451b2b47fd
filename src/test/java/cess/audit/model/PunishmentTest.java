package cess.audit.model;

import static cess.audit.model.Punishment.Event.FAILED_IDLE;
import static cess.audit.model.Punishment.Event.FAILED_SERVICE;
import static cess.audit.model.Punishment.Event.MISSED;
import static cess.audit.model.Punishment.Event.PASSED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.Punishment.Event;
import cess.audit.model.Punishment.Outcome;
import cess.shared.Amount;
import cess.shared.Decoder;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PunishmentTest {
    private static final AuditParams P = AuditParams.DEFAULT;
    /** CESS's collateral limit for 1 TiB of power. */
    private static final Amount COLLATERAL = Amount.cess(4_000);

    /** The slashes in basis points of a run of events from a fresh record. */
    private static int[] run(AuditParams p, Event... events) {
        AuditRecord r = AuditRecord.NONE;
        int[] bps = new int[events.length];
        for (int i = 0; i < events.length; i++) {
            Outcome o = Punishment.apply(r, events[i], i, COLLATERAL, p);
            bps[i] = o.slashBps();
            assertEquals(Punishment.slash(COLLATERAL, o.slashBps()), o.slash());
            assertEquals(r.punished().plus(o.slash()), o.record().punished());
            r = o.record();
        }
        return bps;
    }

    @Test
    void missesEscalateFromFreeToFiveToFifteenPercent() {
        assertArrayEquals(new int[] {0, 500, 1500, 1500, 1500}, run(P, MISSED, MISSED, MISSED, MISSED, MISSED));
    }

    @Test
    void aPassEndsTheRunOfMisses() {
        assertArrayEquals(new int[] {0, 500, 0, 0, 500, 1500}, run(P, MISSED, MISSED, PASSED, MISSED, MISSED, MISSED));
    }

    @Test
    void aFailureDoesNotEndTheRunOfMisses() {
        assertArrayEquals(new int[] {0, 500, 500, 1500}, run(P, MISSED, FAILED_SERVICE, MISSED, MISSED));
    }

    @Test
    void failedProofsSlashFivePercentForServiceAndTenForIdle() {
        assertArrayEquals(new int[] {500, 500, 1000, 1000}, run(P, FAILED_SERVICE, FAILED_SERVICE, FAILED_IDLE, FAILED_IDLE));
    }

    @Test
    void withCessTwoStrikesTheFirstServiceFailureInARowIsFree() {
        AuditParams cess = new AuditParams(180, 600, 50, P.serviceBytesPerBlock(), 500, 1500, 500, 1000, 2, 100,
                P.maxProofBytes());
        assertArrayEquals(new int[] {0, 500, 500, 0, 0, 500}, run(cess, FAILED_SERVICE, FAILED_SERVICE, FAILED_SERVICE, PASSED,
                FAILED_SERVICE, FAILED_SERVICE));
        Outcome strike = Punishment.apply(AuditRecord.NONE, FAILED_SERVICE, 3, COLLATERAL, cess);
        assertTrue(strike.record().lastReason().contains("strike 1 of 2"), strike.record().lastReason());
    }

    @Test
    void theRecordCountsEverything() {
        AuditRecord r = AuditRecord.NONE;
        Event[] events = {PASSED, MISSED, MISSED, FAILED_SERVICE, FAILED_IDLE, PASSED, MISSED};
        for (int i = 0; i < events.length; i++) {
            r = Punishment.apply(r, events[i], 10 + i, COLLATERAL, P).record();
        }
        assertEquals(2, r.passed());
        assertEquals(3, r.missed());
        assertEquals(1, r.consecutiveMissed());
        assertEquals(1, r.failedService());
        assertEquals(1, r.failedIdle());
        assertEquals(0, r.consecutiveFailedService());
        // 5 % (2nd miss) + 5 % (failed service) + 10 % (failed idle) of 4,000 CESS
        assertEquals(Amount.cess(800), r.punished());
        assertEquals("challenge 16: missed its deadline, 1st in a row (3 in all)", r.lastReason());
    }

    @Test
    void reasonsSayWhatHappenedAndWhatItCost() {
        Outcome first = Punishment.apply(AuditRecord.NONE, MISSED, 5, COLLATERAL, P);
        Outcome second = Punishment.apply(first.record(), MISSED, 6, COLLATERAL, P);
        assertEquals("challenge 6: missed its deadline, 2nd in a row (2 in all); slashed 5 % of the collateral, 200 CESS",
                second.record().lastReason());
        Outcome third = Punishment.apply(second.record(), MISSED, 7, COLLATERAL, P);
        assertEquals("challenge 7: missed its deadline, 3rd in a row (3 in all); slashed 15 % of the collateral, 600 CESS",
                third.record().lastReason());
        assertEquals("challenge 8: passed", Punishment.apply(third.record(), PASSED, 8, COLLATERAL, P).record().lastReason());
        assertEquals("challenge 9: failed its idle proof; slashed 10 % of the collateral, 400 CESS",
                Punishment.apply(AuditRecord.NONE, FAILED_IDLE, 9, COLLATERAL, P).record().lastReason());
    }

    @Test
    void theHundredthMissForcesTheExitAndEveryLaterEventSaysSo() {
        AuditRecord r = AuditRecord.NONE;
        for (int i = 1; i < 100; i++) {
            Outcome o = Punishment.apply(r, i % 2 == 0 ? PASSED : MISSED, i, COLLATERAL, P);
            assertFalse(o.forcedExit(), "event " + i);
            r = o.record();
        }
        assertEquals(50, r.missed());
        for (int i = 0; i < 49; i++) {
            r = Punishment.apply(r, MISSED, 200 + i, COLLATERAL, P).record();
        }
        assertEquals(99, r.missed());
        Outcome hundredth = Punishment.apply(r, MISSED, 300, COLLATERAL, P);
        assertTrue(hundredth.forcedExit());
        assertTrue(hundredth.record().lastReason().endsWith("; 100 deadlines missed, forced to exit"),
                hundredth.record().lastReason());
        assertTrue(Punishment.apply(hundredth.record(), PASSED, 301, COLLATERAL, P).forcedExit());
    }

    @Test
    void slashesAreExactAndRoundDown() {
        assertEquals(Amount.cess(200), Punishment.slash(COLLATERAL, 500));
        assertEquals(Amount.cess(600), Punishment.slash(COLLATERAL, 1500));
        assertEquals(Amount.ZERO, Punishment.slash(COLLATERAL, 0));
        assertEquals(COLLATERAL, Punishment.slash(COLLATERAL, 10_000));
        assertEquals(Amount.ofUnits(9), Punishment.slash(Amount.ofUnits(199), 500), "9.95 units round down to 9");
        assertEquals(Amount.ZERO, Punishment.slash(Amount.ofUnits(19), 500));
        Amount max = new Amount(Amount.MAX);
        assertEquals(new Amount(Amount.MAX.multiply(BigInteger.valueOf(1500)).divide(BigInteger.valueOf(10_000))),
                Punishment.slash(max, 1500), "no overflow at 2^128 - 1");
        assertThrows(IllegalArgumentException.class, () -> Punishment.slash(COLLATERAL, -1));
        assertThrows(IllegalArgumentException.class, () -> Punishment.slash(COLLATERAL, 10_001));
    }

    @Test
    void percentagesAndOrdinalsReadWell() {
        assertEquals("5 %", Punishment.percent(500));
        assertEquals("15.5 %", Punishment.percent(1550));
        assertEquals("0.01 %", Punishment.percent(1));
        assertEquals("12.34 %", Punishment.percent(1234));
        assertEquals("1st", Punishment.ordinal(1));
        assertEquals("2nd", Punishment.ordinal(2));
        assertEquals("3rd", Punishment.ordinal(3));
        assertEquals("4th", Punishment.ordinal(4));
        assertEquals("11th", Punishment.ordinal(11));
        assertEquals("13th", Punishment.ordinal(13));
        assertEquals("22nd", Punishment.ordinal(22));
        assertEquals("111th", Punishment.ordinal(111));
    }

    @Test
    void theAuditRecordRoundTripsAndValidates() {
        AuditRecord r = new AuditRecord(7, 5, 2, 3, 1, 1, Amount.parseUnits("123456789012345678901"), "challenge 4: passed — ok");
        byte[] bytes = r.encode();
        Decoder d = new Decoder(bytes);
        assertEquals(r, AuditRecord.decode(d));
        d.end();
        assertArrayEquals(AuditRecord.NONE.encode(), AuditRecord.decode(new Decoder(AuditRecord.NONE.encode())).encode());
        assertEquals(Amount.cess(1), r.withPunished(Amount.cess(1)).punished());
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord(-1, 0, 0, 0, 0, 0, Amount.ZERO, ""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AuditRecord(0, 1, 2, 0, 0, 0, Amount.ZERO, ""))
                .getMessage().contains("cannot exceed its total"));
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord(0, 0, 0, 0, 0, 0, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord(0, 0, 0, 0, 0, 0, Amount.ZERO, "x".repeat(513)));
    }
}
