package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import cess.storage.model.FileLayout;
import cess.storage.model.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading a segment straight from its data fragments must give exactly what joining them and
 * opening the whole segment gave, for every range, whether chunks lie in one fragment or straddle two.
 */
class StoredSegmentTest {
    private static final int CHUNK = FileLayout.CIPHER_CHUNK;
    private static final byte[] KEY = new byte[32];

    static {
        new Random(7).nextBytes(KEY);
    }

    /** The data fragments of {@code stored}, in arrays longer than needed, as a pool may hand out. */
    private static StoredSegment fragmentsOf(SegmentCodec codec, byte[] stored, int slack) {
        byte[][] all = codec.encode(stored, stored.length);
        byte[][] data = new byte[codec.k()][];
        for (int i = 0; i < codec.k(); i++) {
            data[i] = Arrays.copyOf(all[i], all[i].length + slack);
        }
        return new StoredSegment(data, all[0].length, stored.length);
    }

    private static byte[] write(StoredSegment s, SegmentCipher.Opener o, long first, long last) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writePlain(o, first, last, out, new byte[CHUNK + 16], new byte[CHUNK], -1);
        return out.toByteArray();
    }

    @Test
    void encryptedRangesMatchTheWholeSegmentOpened() throws IOException {
        SegmentCodec codec = new SegmentCodec(4, 2);
        Random r = new Random(1);
        for (int length : new int[] {0, 1, 11, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17, 9 * CHUNK}) {
            byte[] plain = new byte[length];
            r.nextBytes(plain);
            byte[] nonce = new byte[12];
            r.nextBytes(nonce);
            byte[] sealed = SegmentCipher.seal(KEY, nonce, 5, plain, length);
            StoredSegment s = fragmentsOf(codec, sealed, length % 3);
            byte[] head = new byte[12];
            s.copy(0, head, 0, 12);
            assertArrayEquals(nonce, head);
            SegmentCipher.Opener o = new SegmentCipher.Opener(KEY, 5, head, sealed.length);
            assertEquals(length, o.plainLength());
            if (length == 0) {
                assertEquals(0, write(s, o, 0, -1).length);
                continue;
            }
            assertArrayEquals(plain, write(s, o, 0, length - 1), "whole, length " + length);
            for (int t = 0; t < 20; t++) {
                int a = r.nextInt(length);
                int b = a + r.nextInt(length - a);
                assertArrayEquals(Arrays.copyOfRange(plain, a, b + 1), write(s, o, a, b),
                        "bytes " + a + "-" + b + " of " + length);
            }
        }
    }

    @Test
    void aPrimedChunkIsWrittenWithoutOpeningItAgain() throws IOException {
        SegmentCodec codec = new SegmentCodec(4, 2);
        byte[] plain = new byte[2 * CHUNK + 10];
        new Random(2).nextBytes(plain);
        byte[] sealed = SegmentCipher.seal(KEY, new byte[12], 0, plain, plain.length);
        StoredSegment s = fragmentsOf(codec, sealed, 0);
        SegmentCipher.Opener o = new SegmentCipher.Opener(KEY, 0, sealed, sealed.length);
        byte[] buf = new byte[CHUNK];
        byte[] scratch = new byte[CHUNK + 16];
        assertEquals(CHUNK, s.open(o, 1, scratch, buf));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writePlain(o, CHUNK + 3, plain.length - 1, out, scratch, buf, 1);
        assertArrayEquals(Arrays.copyOfRange(plain, CHUNK + 3, plain.length), out.toByteArray());
    }

    @Test
    void plainRangesAreWrittenAsStored() throws IOException {
        SegmentCodec codec = new SegmentCodec(4, 8);
        byte[] stored = new byte[1_000_003];
        new Random(3).nextBytes(stored);
        StoredSegment s = fragmentsOf(codec, stored, 5);
        assertArrayEquals(stored, write(s, null, 0, stored.length - 1));
        int size = Segment.fragmentSize(stored.length, 4);
        assertArrayEquals(Arrays.copyOfRange(stored, size - 2, size + 2), write(s, null, size - 2, size + 1),
                "across a fragment boundary");
        assertThrows(IndexOutOfBoundsException.class, () -> write(s, null, 0, stored.length));
    }

    @Test
    void aWrongKeyOrAnAlteredChunkIsRefused() {
        SegmentCodec codec = new SegmentCodec(4, 2);
        byte[] plain = new byte[3 * CHUNK];
        byte[] sealed = SegmentCipher.seal(KEY, new byte[12], 2, plain, plain.length);
        byte[] other = KEY.clone();
        other[3] ^= 1;
        StoredSegment s = fragmentsOf(codec, sealed, 0);
        assertThrows(SegmentCipher.WrongKeyException.class,
                () -> write(s, new SegmentCipher.Opener(other, 2, sealed, sealed.length), 0, 10));
        assertThrows(SegmentCipher.WrongKeyException.class,
                () -> write(s, new SegmentCipher.Opener(KEY, 3, sealed, sealed.length), 0, 10), "another segment's index");
        byte[] altered = sealed.clone();
        altered[12 + CHUNK + 16 + 5] ^= 1; // in the second chunk
        StoredSegment bad = fragmentsOf(codec, altered, 0);
        SegmentCipher.Opener o = new SegmentCipher.Opener(KEY, 2, altered, altered.length);
        assertArrayEquals(new byte[100], assertDoesNotThrowWrite(bad, o, 0, 99), "the first chunk is intact");
        assertThrows(SegmentCipher.WrongKeyException.class, () -> write(bad, o, CHUNK, CHUNK + 1));
        assertThrows(SegmentCipher.WrongKeyException.class, () -> new SegmentCipher.Opener(KEY, 2, sealed, 12 + 15),
                "no plaintext seals to that length");
    }

    private static byte[] assertDoesNotThrowWrite(StoredSegment s, SegmentCipher.Opener o, long a, long b) {
        try {
            return write(s, o, a, b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingDataFragmentsAreRebuiltInPlaceAndCheckedAgainstTheSegmentHash() {
        SegmentCodec codec = new SegmentCodec(4, 2);
        byte[] stored = new byte[300_001];
        new Random(4).nextBytes(stored);
        byte[][] all = codec.encode(stored, stored.length);
        int size = all[0].length;
        Hash segmentHash = Segment.hashOf(Arrays.stream(all).map(cess.shared.ChunkTree::root).toList());
        byte[][] some = all.clone();
        assertFalse(codec.rebuildData(some, size), "nothing to rebuild");
        some[1] = null;
        some[3] = null;
        assertTrue(codec.rebuildData(some, size));
        assertArrayEquals(all[1], some[1]);
        assertArrayEquals(all[3], some[3]);
        assertEquals(segmentHash, codec.hashFromData(Arrays.copyOf(some, 4), size));
        some[0] = some[0].clone();
        some[0][0] ^= 1;
        assertFalse(segmentHash.equals(codec.hashFromData(Arrays.copyOf(some, 4), size)));
        byte[][] tooFew = all.clone();
        tooFew[0] = null;
        tooFew[1] = null;
        tooFew[4] = null;
        assertThrows(IllegalArgumentException.class, () -> codec.rebuildData(tooFew, size));
    }
}
