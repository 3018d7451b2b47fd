package cess.gateway.cache.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.shared.Hash;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentFileTest {
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aHeaderRoundTripsAndItsChecksumCatchesAFlippedBit() {
        byte[] data = random(3 * SegmentFile.BLOCK + 17, 1);
        int[] crcs = new SegmentFile.Checksums(data.length).update(data, 0, data.length).finish();
        Hash h = Hash.sha256(data);
        byte[] header = SegmentFile.header(h, data.length, crcs);
        assertEquals(SegmentFile.headerLength(data.length), header.length);
        SegmentFile.Header parsed = SegmentFile.parse(header);
        assertEquals(h, parsed.hash());
        assertEquals(data.length, parsed.storedLength());
        assertArrayEquals(crcs, parsed.crcs());
        assertEquals(header.length + (long) data.length, parsed.fileLength());
        header[SegmentFile.PREFIX + 2] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> SegmentFile.parse(header));
        assertThrows(IllegalArgumentException.class, () -> SegmentFile.storedLength(new byte[SegmentFile.PREFIX]));
        assertThrows(IllegalArgumentException.class, () -> SegmentFile.header(h, 0, new int[0]));
    }

    @Test
    void checksumsDoNotDependOnHowTheBytesArrive() {
        byte[] data = random(2 * SegmentFile.BLOCK + 5, 2);
        int[] whole = new SegmentFile.Checksums(data.length).update(data, 0, data.length).finish();
        SegmentFile.Checksums pieces = new SegmentFile.Checksums(data.length);
        Random r = new Random(3);
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + r.nextInt(70_000));
            pieces.update(data, at, n);
            at += n;
        }
        assertArrayEquals(whole, pieces.finish());
        assertEquals(3, whole.length);
        assertEquals(SegmentFile.crc(data, SegmentFile.BLOCK, SegmentFile.BLOCK), whole[1]);
        assertEquals(SegmentFile.crc(data, 2 * SegmentFile.BLOCK, 5), whole[2]);
        SegmentFile.Checksums partial = new SegmentFile.Checksums(data.length).update(data, 0, 10);
        assertThrows(IllegalStateException.class, partial::finish);
        assertThrows(IllegalArgumentException.class, () -> partial.update(data, 0, data.length));
    }
}
