package cess.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FragmentStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesVerifiesAndReplacesARottenCopy() throws Exception {
        FragmentStore store = new FragmentStore(dir);
        byte[] data = "fragment bytes".getBytes(StandardCharsets.UTF_8);
        Hash h = ChunkTree.root(data);
        store.put(h, data);
        assertArrayEquals(data, store.get(h).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> store.put(h, "other".getBytes(StandardCharsets.UTF_8)));

        // Bit rot on disk: reads refuse the copy, and storing the fragment again replaces it.
        Path file = store.list().stream().map(s -> s.hash()).filter(h::equals).findFirst()
                .map(x -> dir.resolve(h.hex().substring(2, 4)).resolve(h.hex().substring(2))).orElseThrow();
        byte[] rotten = data.clone();
        rotten[0] ^= 1;
        Files.write(file, rotten);
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.get(h));
        store.put(h, data);
        assertArrayEquals(data, store.get(h).orElseThrow());
        assertEquals(1, store.list().size());
        assertTrue(store.has(h));
    }

    @Test
    void readsIntoAGivenArrayHashingStepByStepAndRefusesOtherLengthsAndRot() throws Exception {
        FragmentStore store = new FragmentStore(dir);
        byte[] data = new byte[FragmentStore.READ_STEP * 3 + 77];
        new java.util.Random(5).nextBytes(data);
        Hash h = ChunkTree.root(data);
        store.put(h, data);
        byte[] into = new byte[data.length + 10];
        assertTrue(store.read(h, into, data.length));
        assertArrayEquals(data, java.util.Arrays.copyOf(into, data.length));
        assertFalse(store.read(Hash.sha256(new byte[1]), into, 1), "not held");
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.read(h, into, data.length - 1),
                "the caller expects another length: the layout and the file disagree");
        Path file = dir.resolve(h.hex().substring(2, 4)).resolve(h.hex().substring(2));
        byte[] rotten = data.clone();
        rotten[FragmentStore.READ_STEP * 2 + 1] ^= 1; // in the third step
        Files.write(file, rotten);
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.read(h, into, data.length));
        // A reader whose bytes are authenticated otherwise (AES-GCM tags) skips the hash, not the length check.
        assertTrue(store.read(h, into, data.length, false));
        assertArrayEquals(rotten, java.util.Arrays.copyOf(into, data.length));
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.read(h, into, data.length - 1, false));
        Files.write(file, java.util.Arrays.copyOf(data, data.length - 1));
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.get(h), "truncated");
    }

    @Test
    void provesAChunkFromItsBlockAloneAndRebuildsLostBlockNodes() throws Exception {
        FragmentStore store = new FragmentStore(dir);
        byte[] data = new byte[3 * ChunkTree.BLOCK_BYTES + 5 * ChunkTree.CHUNK + 9];
        new java.util.Random(6).nextBytes(data);
        Hash h = ChunkTree.root(data);
        store.put(h, data);
        long last = ChunkTree.chunks(data.length) - 1;
        for (long i : new long[] {0, 63, 64, 130, last}) {
            FragmentStore.ChunkProof p = store.prove(h, data.length, i).orElseThrow();
            assertTrue(ChunkTree.verify(h, data.length, i, p.chunk(), p.siblings()), "chunk " + i);
        }
        assertTrue(store.prove(ChunkTree.root(new byte[1]), 1, 0).isEmpty(), "not held");
        assertThrows(IllegalArgumentException.class, () -> store.prove(h, data.length, last + 1));
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.prove(h, data.length + 1, 0),
                "the chain's length and the file disagree");

        // Lost block nodes are rebuilt from the verified fragment; a rotten block cannot be proved.
        Path file = dir.resolve(h.hex().substring(2, 4)).resolve(h.hex().substring(2));
        Path nodes = file.resolveSibling(file.getFileName() + ".nodes");
        assertTrue(Files.exists(nodes));
        Files.delete(nodes);
        assertTrue(store.prove(h, data.length, 70).isPresent());
        assertTrue(Files.exists(nodes));
        Files.write(nodes, new byte[Files.readAllBytes(nodes).length]);
        assertTrue(store.prove(h, data.length, 70).isPresent(), "wrong nodes are rebuilt too");
        byte[] rotten = data.clone();
        rotten[2 * ChunkTree.BLOCK_BYTES + 100] ^= 1; // in block 2, chunk 128
        Files.write(file, rotten);
        assertThrows(FragmentStore.CorruptFragmentException.class, () -> store.prove(h, data.length, 129),
                "another chunk of the rotten block");
        assertTrue(store.prove(h, data.length, 10).isPresent(), "an intact block still proves: only sampled blocks are read");
        assertTrue(store.delete(h));
        assertFalse(Files.exists(nodes));
    }
}
