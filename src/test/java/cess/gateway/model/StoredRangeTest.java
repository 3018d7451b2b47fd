package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.storage.model.FileLayout;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a range needs of a stored segment, and a window holding just that serves the range. */
class StoredRangeTest {
    static final int C = FileLayout.CIPHER_CHUNK;
    static final int SEALED = C + FileLayout.CIPHER_TAG;

    @Test
    void aPlainRangeNeedsItsOwnBytes() {
        assertEquals(new StoredRange(10, 5, false), StoredRange.of(false, 100, 10, 14));
        assertThrows(IllegalArgumentException.class, () -> StoredRange.of(false, 100, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> StoredRange.of(false, 100, 10, 9));
    }

    @Test
    void anEncryptedRangeNeedsItsSealedChunksAndTheNonce() {
        int plain = 3 * C + 100;
        int stored = FileLayout.sealedLength(plain);
        assertEquals(new StoredRange(12, SEALED, true), StoredRange.of(true, stored, 0, 0));
        assertEquals(new StoredRange(12 + SEALED, 2 * SEALED, true), StoredRange.of(true, stored, C, 3 * C - 1));
        assertEquals(new StoredRange(12 + 3 * SEALED, 100 + 16, true), StoredRange.of(true, stored, 3 * C + 5, 3 * C + 99));
    }

    @Test
    void aWindowServesItsRangeOfAnEncryptedSegmentLikeTheWholeSegment() throws Exception {
        byte[] plain = new byte[3 * C + 100];
        new Random(1).nextBytes(plain);
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        new Random(2).nextBytes(nonce);
        byte[] sealed = SegmentCipher.seal(key, nonce, 7, plain, plain.length);
        long first = C + 3;
        long last = 2 * C + 10;
        StoredRange r = StoredRange.of(true, sealed.length, first, last);
        byte[] bytes = Arrays.copyOfRange(sealed, r.from(), r.from() + r.length());
        StoredSegment w = StoredSegment.window(bytes, r.from(), r.length(), sealed.length, Arrays.copyOf(sealed, 12));
        byte[] head = new byte[12];
        w.copy(0, head, 0, 12);
        SegmentCipher.Opener o = new SegmentCipher.Opener(key, 7, head, w.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writePlain(o, first, last, out, new byte[SEALED], new byte[C], -1);
        assertArrayEquals(Arrays.copyOfRange(plain, (int) first, (int) last + 1), out.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> w.copy(r.from() - 1, new byte[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> w.copy(r.from() + r.length() - 1, new byte[2], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> StoredSegment.window(bytes, 0, 0, 10, new byte[0]));
    }
}
