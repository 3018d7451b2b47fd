package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.FileHealth;
import cess.storage.model.RestoralOrder;
import cess.storage.wire.FileHealthJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code file health} over answers written by the node's own view code ({@link FileHealthJson}), and its command lines. */
class FileCommandsTest {
    static final Hash FID = Hash.sha256(new byte[] {7});
    static final Address M3 = KeyPair.dev("//Miner3").address();
    static final Address M5 = KeyPair.dev("//Miner5").address();
    static final Address M7 = KeyPair.dev("//Miner7").address();

    @Test
    void aHealthyFileIsFourLinesAndNoSegment() {
        FileHealth h = new FileHealth(4, 2, 3, FileHealth.State.HEALTHY, 0, 0, 2, 18, 0, 0, 0, List.of());
        assertEquals(List.of("file        " + FID.hex(), "state       healthy: 0 of 3 segments degraded, 0 lost (block 40)",
                "redundancy  2 more lost fragments survivable in the weakest segment (RS 4+2)",
                "fragments   18 present, 0 missing", "repair      0 orders open, 0 claimed"),
                FileCommands.health(FileHealthJson.toJson(FID, 40, h, 1000)));
    }

    @Test
    void aDegradedFileListsEachDegradedSegmentWithWhatItMissesAndWhoRepairsIt() {
        FileHealth.SegmentHealth s = new FileHealth.SegmentHealth(1, 4, 0, FileHealth.State.DEGRADED, List.of(
                new FileHealth.Gap(2, M3, "proof_failed", "open", Optional.empty()),
                new FileHealth.Gap(4, M5, "forced_out", "claimed", Optional.of(new RestoralOrder.Claim(M7, 61)))));
        FileHealth h = new FileHealth(4, 2, 2, FileHealth.State.DEGRADED, 1, 0, 0, 10, 2, 1, 1, List.of(s));
        List<String> lines = FileCommands.health(FileHealthJson.toJson(FID, 50, h, 1000));
        assertEquals("state       degraded: 1 of 2 segments degraded, 0 lost (block 50)", lines.get(1));
        assertEquals("redundancy  0 more lost fragments survivable in the weakest segment (RS 4+2)", lines.get(2));
        assertEquals("repair      1 order open, 1 claimed", lines.get(4));
        assertEquals(List.of("segment 1   degraded: 4 of 6 present, redundancy 0",
                "  fragment 2 on " + M3.ss58() + "  proof_failed, order open",
                "  fragment 4 on " + M5.ss58() + "  forced_out, order claimed by " + M7.ss58() + " until block 61"),
                lines.subList(5, 8));
    }

    @Test
    void aLostFileSaysHowManyFragmentsItLacksAndAnUnlistedRestIsCounted() {
        FileHealth.SegmentHealth s = new FileHealth.SegmentHealth(0, 3, -1, FileHealth.State.LOST,
                List.of(new FileHealth.Gap(0, M3, "miner_unregistered", "none", Optional.empty())));
        FileHealth h = new FileHealth(4, 2, 9, FileHealth.State.LOST, 2, 1, -1, 50, 4, 0, 0, List.of(s, s));
        List<String> lines = FileCommands.health(FileHealthJson.toJson(FID, 5, h, 1));
        assertEquals("redundancy  none: the weakest segment lacks 1 of the 4 fragments it needs (RS 4+2)", lines.get(2));
        assertTrue(lines.contains("  fragment 0 on " + M3.ss58() + "  miner_unregistered, no order"), lines.toString());
        assertEquals("… and 1 more degraded segments, not listed", lines.get(lines.size() - 1));
    }

    @Test
    void badCommandLinesAreUsageErrorsBeforeAnythingIsSent() {
        for (String[] argv : List.of(new String[] {"file"}, new String[] {"file", "health"},
                new String[] {"file", "health", "0xnothex"}, new String[] {"file", "heal", FID.hex()},
                new String[] {"file", "health", FID.hex(), "extra"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Cli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                    "http://127.0.0.1:1").run(argv);
            assertEquals(2, exit, String.join(" ", argv));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: "), err.toString(StandardCharsets.UTF_8));
        }
    }
}
