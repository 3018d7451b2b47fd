package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.R2s;
import cess.shared.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorCommandsTest {
    @Test
    void anOnionFileIsMadeOnceAndGivesTheSameOuterLayerEveryTime(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("v.key.onion");
        Hash outer = ValidatorCommands.outerLayer(file);
        assertTrue(Files.exists(file));
        assertEquals(outer, ValidatorCommands.outerLayer(file), "the secret is kept, not made again");
        String json = Files.readString(file);
        Hash secret = Hash.parse(json.replaceAll(".*\"secret\":\"(0x[0-9a-f]+)\".*\\s*", "$1"));
        assertEquals(outer, R2s.onionLayer(secret, ValidatorCommands.DEPTH));
        assertTrue(R2s.verifyReveal(R2s.onionLayer(secret, ValidatorCommands.DEPTH - 1), outer),
                "the first reveal peels the published layer");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
        }
        Path junk = tmp.resolve("junk.onion");
        Files.writeString(junk, "not json");
        assertThrows(IllegalArgumentException.class, () -> ValidatorCommands.outerLayer(junk));
    }
}
