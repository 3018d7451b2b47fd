package cess.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.gateway.model.ReplayGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted node still refuses the signatures it took before, until they expire. */
class NonceJournalTest {
    @TempDir
    Path dir;

    @Test
    void whatWasAdmittedBeforeARestartIsReplayedAfterItUntilItExpires() {
        long now = 1_800_000_000L;
        NonceJournal before = new NonceJournal(dir);
        before.record("cXalice", "aa11", now + 300, now);
        before.record("cXalice", "bb22", now + 10, now);
        before.record("cXbob", "cc33", now + 3600, now + 5);

        NonceJournal after = new NonceJournal(dir);
        List<NonceJournal.Entry> live = after.load(now + 60);
        assertEquals(List.of(new NonceJournal.Entry("cXalice", "aa11", now + 300),
                new NonceJournal.Entry("cXbob", "cc33", now + 3600)), live, "the expired one is gone");
        ReplayGuard guard = new ReplayGuard(100, 10);
        live.forEach(e -> guard.admit(e.account(), e.nonce(), e.expires(), now + 60));
        assertEquals(ReplayGuard.Verdict.REPLAYED, guard.admit("cXalice", "aa11", now + 300, now + 61));
        assertEquals(ReplayGuard.Verdict.ADMITTED, guard.admit("cXalice", "dd44", now + 300, now + 61));
    }

    @Test
    void oldFilesAreDeletedAndALineCutShortIsSkipped() throws Exception {
        long now = 1_800_000_000L;
        NonceJournal j = new NonceJournal(dir);
        j.record("cXalice", "aa11", now + 300, now);
        Path file = dir.resolve((now / 3600) + ".log");
        Files.writeString(file, "cXbob cc3", java.nio.file.StandardOpenOption.APPEND); // a crash mid-line
        assertEquals(1, new NonceJournal(dir).load(now + 1).size());
        assertTrue(new NonceJournal(dir).load(now + 3 * 3600).isEmpty());
        assertFalse(Files.exists(file), "a file past every expiry it can hold is deleted");
    }
}
