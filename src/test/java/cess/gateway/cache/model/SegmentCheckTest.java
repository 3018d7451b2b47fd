package cess.gateway.cache.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.gateway.model.SegmentCodec;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.KeyPair;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentCheckTest {
    /** A segment as an upload codes it: its k + m fragments' roots and the segment hash over them. */
    static Segment segmentOf(byte[] stored, int k, int m) {
        byte[][] shards = new SegmentCodec(k, m).encode(stored, stored.length);
        List<Fragment> fragments = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            fragments.add(new Fragment(ChunkTree.root(shards[i]), miner(i)));
        }
        return new Segment(Segment.hashOf(fragments.stream().map(Fragment::hash).toList()), stored.length, fragments);
    }

    static Address miner(int i) {
        return KeyPair.dev("//Miner" + (i + 1)).address();
    }

    static boolean check(Segment s, int k, byte[] bytes, int step) {
        SegmentCheck c = new SegmentCheck(s, k);
        for (int at = 0; at < bytes.length; at += step) {
            c.update(bytes, at, Math.min(step, bytes.length - at));
        }
        return c.matches();
    }

    @Test
    void theSegmentsOwnBytesMatchInAnyPiecesAndWithPadding() {
        for (int len : new int[] {1, 3, 1000, 300_001, 1 << 20}) {
            byte[] stored = SegmentFileTest.random(len, len);
            Segment s = segmentOf(stored, 4, 2);
            assertTrue(check(s, 4, stored, stored.length), "whole, " + len);
            assertTrue(check(s, 4, stored, 7777), "in pieces, " + len);
        }
        byte[] stored = SegmentFileTest.random(100_000, 9);
        assertTrue(check(segmentOf(stored, 4, 8), 4, stored, 4096), "CESS mainnet's 4+8");
    }

    @Test
    void alteredShortOrForeignBytesDoNotMatch() {
        byte[] stored = SegmentFileTest.random(200_000, 5);
        Segment s = segmentOf(stored, 4, 2);
        byte[] flipped = stored.clone();
        flipped[150_000] ^= 1;
        assertFalse(check(s, 4, flipped, 65536));
        assertFalse(check(s, 4, java.util.Arrays.copyOf(stored, stored.length - 1), 65536), "short");
        Segment other = segmentOf(SegmentFileTest.random(200_000, 6), 4, 2);
        assertFalse(check(other, 4, stored, 65536));
        // A layout whose hash is not the root of its fragments' hashes is refused whatever the bytes.
        Segment lying = new Segment(other.hash(), s.storedLength(), s.fragments());
        assertFalse(check(lying, 4, stored, 65536));
    }
}
