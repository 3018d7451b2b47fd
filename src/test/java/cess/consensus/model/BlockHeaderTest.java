package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {
    @Test
    void headersSurviveTheirEncodingAndNothingElseDecodes() {
        BlockHeader h = new BlockHeader(12, Hash.sha256(new byte[] {1}), 5_000, KeyPair.dev("//Alice").address(),
                Hash.sha256(new byte[] {2}), Hash.sha256(new byte[] {3}), 0, Hash.sha256(new byte[] {4}),
                Hash.sha256(new byte[] {5}), Hash.sha256(new byte[] {6}));
        assertEquals(h, BlockHeader.decode(h.encode()));
        assertEquals(h.hash(), BlockHeader.decode(h.encode()).hash());
        byte[] bytes = h.encode();
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    }
}
