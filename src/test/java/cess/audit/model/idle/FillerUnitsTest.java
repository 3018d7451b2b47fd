package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.idle.FillerBatch.State;
import cess.audit.model.idle.IdleProofCheck.Outcome;
import cess.audit.model.idle.IdleProofCheck.Reason;
import cess.audit.model.idle.IdleProofCheck.Verdict;
import org.junit.jupiter.api.Test;

class FillerUnitsTest {
    private static final int MIB = 1 << 20;
    private static final Verdict FAILED = new Verdict(Outcome.FAILED, Reason.BAD_LABEL, "label 3 is wrong");
    private static final Verdict REFUSED = new Verdict(Outcome.REFUSED, Reason.BAD_PATH, "a path is wrong");

    @Test
    void capacityIsWhatFitsBesideTheServiceData() {
        assertEquals(10, FillerUnits.capacity(10L * MIB, 0, MIB));
        assertEquals(7, FillerUnits.capacity(10L * MIB, 3L * MIB - 1, MIB));
        assertEquals(6, FillerUnits.capacity(10L * MIB, 3L * MIB + 1, MIB));
        assertEquals(0, FillerUnits.capacity(10L * MIB, 11L * MIB, MIB));
        assertThrows(IllegalArgumentException.class, () -> FillerUnits.capacity(-1, 0, MIB));
    }

    @Test
    void committedUnitsCountOnlyOnceTheirFirstChallengePasses() {
        FillerUnits f = FillerUnits.none(MIB).commit(4, 10L * MIB, 0);
        assertEquals(0, f.idleBytes());
        assertEquals(State.COMMITTED, f.pending().state());
        assertSame(f.pending(), f.onVerdict(REFUSED).pending(), "a refused proof decides nothing");
        FillerUnits certified = f.onVerdict(Verdict.PASS);
        assertEquals(4, certified.certified());
        assertEquals(4L * MIB, certified.idleBytes());
        assertNull(certified.pending());
        assertTrue(certified.isCertified(3) && !certified.isCertified(4));
        FillerUnits more = certified.commit(6, 10L * MIB, 0);
        assertEquals(4, more.pending().firstUnit());
        assertEquals(10, more.onVerdict(Verdict.PASS).certified());
    }

    @Test
    void aFailedOrMissedFirstChallengeRefusesTheBatch() {
        FillerUnits f = FillerUnits.none(MIB).commit(2, 4L * MIB, 0).onVerdict(Verdict.PASS).commit(2, 4L * MIB, 0);
        FillerBatch failed = f.pending().onVerdict(FAILED);
        assertEquals(State.REFUSED, failed.state());
        assertTrue(failed.reason().contains("label 3 is wrong"), failed.reason());
        assertEquals(2, f.onVerdict(FAILED).certified());
        assertNull(f.onVerdict(FAILED).pending());
        assertEquals(State.REFUSED, f.pending().onDeadline().state());
        assertTrue(f.pending().onDeadline().reason().contains("deadline"));
        assertEquals(2, f.onDeadline().certified());
        assertThrows(IllegalStateException.class, () -> failed.onVerdict(Verdict.PASS));
        assertThrows(IllegalStateException.class, failed::onDeadline);
        assertThrows(IllegalStateException.class, () -> FillerUnits.none(MIB).onDeadline());
    }

    @Test
    void commitsMustFitAndComeOneBatchAtATime() {
        FillerUnits f = FillerUnits.none(MIB);
        assertThrows(IllegalArgumentException.class, () -> f.commit(11, 10L * MIB, 0));
        assertThrows(IllegalArgumentException.class, () -> f.commit(8, 10L * MIB, 3L * MIB));
        assertThrows(IllegalArgumentException.class, () -> f.commit(0, 10L * MIB, 0));
        assertThrows(IllegalStateException.class, () -> f.commit(2, 10L * MIB, 0).commit(2, 10L * MIB, 0));
        assertThrows(IllegalArgumentException.class, () -> new FillerUnits(MIB, 3, FillerBatch.committed(5, 1)));
    }

    @Test
    void serviceDataDisplacesTheHighestUnits() {
        FillerUnits f = FillerUnits.none(MIB).commit(10, 10L * MIB, 0).onVerdict(Verdict.PASS);
        assertEquals(10, f.displace(10L * MIB, 0).certified());
        FillerUnits after = f.displace(10L * MIB, 2L * MIB + 5);
        assertEquals(7, after.certified(), "units 7, 8, 9 make room for 2 MiB and 5 bytes");
        assertTrue(after.isCertified(6) && !after.isCertified(7));
        assertEquals(7, after.displace(10L * MIB, MIB).certified(), "deleted filler does not come back by itself");
        assertEquals(0, f.displace(10L * MIB, 10L * MIB).idleBytes());
    }

    @Test
    void aPendingBatchThatNoLongerFitsIsRefused() {
        FillerUnits f = FillerUnits.none(MIB).commit(4, 10L * MIB, 0).onVerdict(Verdict.PASS).commit(6, 10L * MIB, 0);
        assertSame(f.pending(), f.displace(10L * MIB, 0).pending());
        assertSame(f.pending(), f.displacedBatch(10L * MIB, 0));
        FillerUnits after = f.displace(10L * MIB, MIB);
        assertNull(after.pending());
        assertEquals(4, after.certified());
        FillerBatch b = f.displacedBatch(10L * MIB, MIB);
        assertEquals(State.REFUSED, b.state());
        assertTrue(b.reason().contains("displaced"), b.reason());
        assertNull(FillerUnits.none(MIB).displacedBatch(MIB, 0));
    }
}
