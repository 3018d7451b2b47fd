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
        for (int n : new int[] {2048, 4096, 1 << 14, 1 << 16}) {
            byte[] labels = random(n * 32, n);
            assertEquals(Merkle.root(asHashes(labels)), FillerCommitment.root(labels), n + " labels");
            assertEquals(Merkle.root(asHashes(labels)), FillerIndex.build(labels).root(), n + " labels");
        }
    }

    @Test
    void everyLabelHasAPathAndOnlyItsOwn() {
        int n = 2048;
        byte[] labels = random(n * 32, 1);
        FillerIndex.Built idx = FillerIndex.build(labels);
        List<Hash> hashes = asHashes(labels);
        for (int i = 0; i < n; i++) {
            List<Hash> path = FillerIndex.path(labels, idx, i);
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
        FillerIndex.Built idx = FillerIndex.build(labels);
        Hash label = Hash.of(Arrays.copyOfRange(labels, 77 * 32, 78 * 32));
        List<Hash> path = FillerIndex.path(labels, idx, 77);
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
    void aPathNeedsItsBlockAndTheRightNumberOfIndexNodes() {
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.path(1 << 13, 5, new byte[100], List.of()));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.path(1 << 13, 5, new byte[FillerCommitment.BLOCK_BYTES], List.of()));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.path(1 << 13, 1 << 13, new byte[FillerCommitment.BLOCK_BYTES], List.of()));
    }

    @Test
    void aUnitIsAPowerOfTwoOfLabels() {
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.root(new byte[64 * 32]));
        assertThrows(IllegalArgumentException.class, () -> FillerCommitment.root(new byte[3 * 128 * 32]));
        assertThrows(IllegalArgumentException.class, () -> FillerIndex.build(new byte[128 * 32 + 1]));
    }
}
