package cess.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.IdleAuditParams;
import cess.audit.model.idle.FillerIndex;
import cess.audit.model.idle.FillerLabels;
import cess.audit.model.idle.IdleChallenge;
import cess.audit.model.idle.IdleParams;
import cess.audit.model.idle.IdleProofCheck;
import cess.audit.model.idle.IdleProver;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A miner's filler on disk: generated once, found again after a restart, proved from, and missing when deleted. */
class FillerFilesTest {
    static final IdleParams P = new IdleParams(1 << 16, 5, 66, 22);
    static final Hash NET = IdleAuditParams.network("files-test");
    static final Address MINER = KeyPair.dev("//Miner1").address();

    @TempDir
    Path dir;

    @Test
    void generatedUnitsProveSurviveReopeningAndAreMissingOnceDeleted() throws Exception {
        FillerFiles f = new FillerFiles(dir, P);
        Map<Long, Hash> roots = new HashMap<>();
        for (long u = 0; u < 3; u++) {
            roots.put(u, f.generate(NET, MINER, u));
        }
        byte[] labels = new byte[P.unitBytes()];
        new FillerLabels(P).fill(FillerLabels.unitSeed(NET, MINER, 1), labels);
        assertEquals(FillerIndex.build(labels).root(), roots.get(1L), "the root the model computes");
        FillerFiles reopened = new FillerFiles(dir, P);
        assertEquals(roots.get(2L), reopened.root(2).orElseThrow(), "found again: not regenerated");
        assertTrue(reopened.root(3).isEmpty());
        try (var s = Files.list(dir.resolve("filler"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left behind");
        }
        IdleChallenge c = new IdleChallenge(Hash.sha256(new byte[] {1}), MINER, Hash.sha256(new byte[] {2}), 0, 3);
        byte[] proof = new IdleProver(P, NET).prove(c, reopened).encode();
        assertTrue(new IdleProofCheck(P, NET).check(c, roots::get, proof).passed());
        Files.delete(dir.resolve("filler").resolve("0000000000000001.labels"));
        assertTrue(reopened.root(1).isEmpty(), "a unit missing a file is not whole");
        assertThrows(NoSuchFileException.class, () -> new IdleProver(P, NET).prove(c, reopened),
                "a miner without its filler cannot answer");
        reopened.delete(0);
        assertTrue(reopened.root(0).isEmpty());
    }
}
