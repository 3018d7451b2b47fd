package cess.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkTreeTest {
    private static final int C = ChunkTree.CHUNK;
    private static final int B = ChunkTree.BLOCK_BYTES;
    /** Lengths around every boundary: one chunk, one block, odd counts of both. */
    private static final int[] LENGTHS = {1, 31, C - 1, C, C + 1, 2 * C, 3 * C + 7, 63 * C, B - 1, B, B + 1, B + C,
            2 * B, 3 * B - 5, 5 * B + 3 * C + 1, 8 * B};

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The tree built level by level from its definition, independently of the streaming code. */
    private static Hash reference(byte[] data) {
        List<Hash> level = new ArrayList<>();
        for (int off = 0; off < data.length; off += C) {
            level.add(Hash.sha256(new byte[] {0}, Arrays.copyOfRange(data, off, Math.min(data.length, off + C))));
        }
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(Hash.sha256(new byte[] {1}, level.get(i).bytes(), level.get(i + 1).bytes()));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    private static ChunkTree.Hasher fedInPieces(byte[] data, long seed) {
        Random r = new Random(seed);
        ChunkTree.Hasher h = new ChunkTree.Hasher();
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(3 * C));
            h.update(data, off, n);
            off += n;
        }
        return h;
    }

    @Test
    void rootIsTheTreeOfTheDefinitionWhateverThePiecesFed() {
        for (int len : LENGTHS) {
            byte[] data = bytes(len, len);
            Hash expected = reference(data);
            assertEquals(expected, ChunkTree.root(data), "length " + len);
            assertEquals(expected, fedInPieces(data, len * 31L).finish(), "length " + len + " fed in pieces");
        }
    }

    @Test
    void oneChunkIsItsLeafAndTheBlockNodesGiveTheRoot() {
        byte[] data = bytes(100, 1);
        assertEquals(Merkle.leaf(data), ChunkTree.root(data));
        for (int len : LENGTHS) {
            ChunkTree.Hasher h = fedInPieces(bytes(len, len), len);
            Hash root = h.finish();
            byte[] nodes = h.blockNodes();
            assertEquals(ChunkTree.blocks(len) * Hash.LENGTH, nodes.length, "length " + len);
            assertEquals(root, ChunkTree.rootOfBlocks(nodes, ChunkTree.blocks(len)));
        }
    }

    @Test
    void everyChunkProvesFromItsBlockAndTheBlockNodesAlone() {
        for (int len : LENGTHS) {
            byte[] data = bytes(len, len + 7);
            ChunkTree.Hasher h = fedInPieces(data, len);
            Hash root = h.finish();
            byte[] nodes = h.blockNodes();
            long n = ChunkTree.chunks(len);
            for (long i = 0; i < n; i++) {
                int blockFrom = (int) (i / ChunkTree.BLOCK_CHUNKS) * B;
                int blockLen = Math.min(len, blockFrom + B) - blockFrom;
                byte[] block = Arrays.copyOfRange(data, blockFrom, blockFrom + blockLen);
                List<Hash> path = ChunkTree.path(len, i, block, blockLen, nodes);
                byte[] chunk = Arrays.copyOfRange(data, (int) i * C, (int) Math.min(len, (i + 1) * C));
                assertTrue(ChunkTree.verify(root, len, i, chunk, path), "length " + len + " chunk " + i);
                assertTrue(path.size() <= 64 - Long.numberOfLeadingZeros(n - 1) || n == 1);
            }
        }
    }

    @Test
    void aTamperedChunkWrongIndexWrongPathOrWrongLengthIsRefused() {
        int len = 3 * B + 5 * C + 17;
        byte[] data = bytes(len, 9);
        ChunkTree.Hasher h = new ChunkTree.Hasher().update(data, 0, len);
        Hash root = h.finish();
        byte[] nodes = h.blockNodes();
        long i = 130;
        byte[] block = Arrays.copyOfRange(data, 2 * B, 3 * B);
        List<Hash> path = ChunkTree.path(len, i, block, B, nodes);
        byte[] chunk = Arrays.copyOfRange(data, (int) i * C, (int) (i + 1) * C);
        assertTrue(ChunkTree.verify(root, len, i, chunk, path));

        byte[] tampered = chunk.clone();
        tampered[500] ^= 1;
        assertFalse(ChunkTree.verify(root, len, i, tampered, path), "a flipped bit");
        assertFalse(ChunkTree.verify(root, len, i + 1, chunk, path), "another index");
        assertFalse(ChunkTree.verify(root, len, i ^ 1, chunk, path), "the sibling's index");
        List<Hash> wrong = new ArrayList<>(path);
        wrong.set(3, Hash.sha256(new byte[] {3}));
        assertFalse(ChunkTree.verify(root, len, i, chunk, wrong), "a wrong sibling");
        assertFalse(ChunkTree.verify(root, len, i, chunk, path.subList(0, path.size() - 1)), "a sibling too few");
        List<Hash> longer = new ArrayList<>(path);
        longer.add(root);
        assertFalse(ChunkTree.verify(root, len, i, chunk, longer), "a sibling too many");
        // The verifier takes the length from the chain, never from the prover; a claimed length
        // that gives the tree another shape along the path does not verify.
        assertFalse(ChunkTree.verify(root, (i + 1) * C, i, chunk, path), "a length where the chunk is the last");
        assertFalse(ChunkTree.verify(root, len, i, Arrays.copyOf(chunk, C - 1), path), "a short chunk");
        assertFalse(ChunkTree.verify(root, len, -1, chunk, path), "a negative index");
        assertFalse(ChunkTree.verify(root, len, ChunkTree.chunks(len), chunk, path), "past the end");
        assertFalse(ChunkTree.verify(root, 0, 0, chunk, path), "no bytes");
        assertFalse(ChunkTree.verify(Hash.sha256(new byte[] {7}), len, i, chunk, path), "another root");
    }

    @Test
    void aHolderWhoseBlockChangedCannotBuildAPath() {
        int len = 2 * B + 3;
        byte[] data = bytes(len, 4);
        ChunkTree.Hasher h = new ChunkTree.Hasher().update(data, 0, len);
        h.finish();
        byte[] block = Arrays.copyOfRange(data, B, 2 * B);
        block[7] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> ChunkTree.path(len, 70, block, B, h.blockNodes()));
        assertThrows(IllegalArgumentException.class, () -> ChunkTree.path(len, 70, block, B - 1, h.blockNodes()));
        assertThrows(IllegalArgumentException.class, () -> ChunkTree.path(len, 70, block, B,
                Arrays.copyOf(h.blockNodes(), 2 * Hash.LENGTH)));
    }

    @Test
    void rootsDifferFromPlainShaAndFromOtherLengths() {
        byte[] data = bytes(2 * C, 5);
        assertNotEquals(Hash.sha256(data), ChunkTree.root(data));
        assertNotEquals(ChunkTree.root(data), ChunkTree.root(Arrays.copyOf(data, 2 * C - 1)));
        assertNotEquals(ChunkTree.root(data), ChunkTree.root(Arrays.copyOf(data, 2 * C + 1)));
        assertArrayEquals(new ChunkTree.Hasher().update(data, 0, data.length).finish().bytes(), ChunkTree.root(data).bytes());
    }

    @Test
    void emptyStringsAndFinishedHashersAreRefused() {
        assertThrows(IllegalStateException.class, () -> new ChunkTree.Hasher().finish());
        assertThrows(IllegalArgumentException.class, () -> ChunkTree.chunks(0));
        ChunkTree.Hasher h = new ChunkTree.Hasher().update(new byte[3], 0, 3);
        h.finish();
        assertThrows(IllegalStateException.class, () -> h.update(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> new ChunkTree.Hasher().blockNodes());
    }
}
