package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FillerCommitmentTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<Hash> asHashes(byte[] labels) {
        List<Hash> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 32) {
            out.add(Hash.of(Arrays.copyOfRange(labels, i, i + 32)));
        }
        return out;
    }

    @Test
    void theRootIsMerklesRootOverTheLabels() {
        for (int n : new int[] {128, 256, 2048, 1 << 14}) {
            byte[] labels = random(n * 32, n);
            FillerCommitment.Index idx = FillerCommitment.index(labels);
            assertEquals(Merkle.root(asHashes(labels)), idx.root(), n + " labels");
            assertEquals(FillerCommitment.indexBytes(n), idx.nodes().length);
        }
        assertEquals(62 * 32, FillerCommitment.indexBytes(4096));
    }

    @Test
    void everyLabelHasAPathAndOnlyItsOwn() {
        int n = 2048;
        byte[] labels = random(n * 32, 1);
        FillerCommitment.Index idx = FillerCommitment.index(labels);
        List<Hash> hashes = asHashes(labels);
        for (int i = 0; i < n; i++) {
            List<Hash> path = FillerCommitment.path(labels, idx, i);
            assertEquals(11, path.size());
            assertTrue(FillerCommitment.verify(idx.root(), n, i, hashes.get(i), path), "label " + i);
            assertFalse(FillerCommitment.verify(idx.root(), n, i ^ 1, hashes.get(i), path), "label " + i + " at its sibling");
            assertFalse(FillerCommitment.verify(idx.root(), n, i, hashes.get((i + 1) % n), path), "another label at " + i);
        }
    }

    @Test
    void aTamperedOrMisshapenPathIsRefused() {
        int n = 4096;
        byte[] labels = random(n * 32, 2);
        FillerCommitment.Index idx = FillerCommitment.index(labels);
        Hash label = Hash.of(Arrays.copyOfRange(labels, 77 * 32, 78 * 32));
        List<Hash> path = FillerCommitment.path(labels, idx, 77);
        for (int k = 0; k < path.size(); k++) {
            List<Hash> bad = new ArrayList<>(path);
            byte[] b = bad.get(k).bytes();
            b[0] ^= 1;
            bad.set(k, Hash.of(b));
            assertFalse(FillerCommitment.verify(idx.root(), n, 77, label, bad), "sibling " + k);
        }
        assertFalse(FillerCommitment.verify(idx.root(), n, 77, label, path.subList(0, path.size() - 1)));
        List<Hash> longer = new ArrayList<>(path);
        longer.add(idx.root());
        assertFalse(FillerCommitment.verify(idx.root(), n, 77, label, longer));
        assertFalse(FillerCommitment.verify(idx.root(), n, -1, label, path));
        assertFalse(FillerCommitment.verify(idx.root(), n, n, label, path));
        assertFalse(FillerCommitment.verify(idx.root(), n - 1, 77, label, path));
        assertFalse(FillerCommitment.verify(Hash.ZERO, n, 77, label, path));
    }

    @Test
    void aPathFromOneBlockAndTheIndexNodesIsTheSame() {
        int n = 1 << 13;
        byte[] labels = random(n * 32, 3);
        FillerCommitment.Index idx = FillerCommitment.index(labels);
        byte[] nodes = idx.nodes();
        for (int i : new int[] {0, 127, 128, 4000, n - 1}) {
            long[] offsets = FillerCommitment.indexOffsets(n, i);
            assertEquals(6, offsets.length);
            List<Hash> siblings = new ArrayList<>();
            for (long o : offsets) {
                assertTrue(o >= 0 && o + 32 <= nodes.length);
                siblings.add(Hash.of(Arrays.copyOfRange(nodes, (int) o, (int) o + 32)));
            }
            int from = i / 128 * FillerCommitment.BLOCK_BYTES;
            byte[] block = Arrays.copyOfRange(labels, from, from + FillerCommitment.BLOCK_BYTES);
            assertEquals(FillerCommitment.path(labels, idx, i), FillerCommitment.path(n, i, block, siblings));
        }
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.path(n, 5, new byte[100], List.of()));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.indexOffsets(n, n));
    }

    @Test
    void aUnitIsAPowerOfTwoOfLabels() {
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.index(new byte[64 * 32]));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.index(new byte[3 * 128 * 32]));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.index(new byte[128 * 32 + 1]));
    }
}
