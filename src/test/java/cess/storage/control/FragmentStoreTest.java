package cess.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Hash h = Hash.sha256(data);
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
}
