package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.storage.model.FileLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StagedPartCipherTest {
    private static final String UPLOAD = "0123456789abcdef0123456789abcdef";
    private static final int B = StagedPartCipher.BLOCK;

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    private static byte[] data(int n) {
        byte[] d = new byte[n];
        new Random(n).nextBytes(d);
        return d;
    }

    /** Seals {@code plain} as part {@code part}, written in uneven pieces as a socket delivers them. */
    private static byte[] seal(byte[] stagingKey, int part, byte[] plain) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        StagedPartCipher.Sealing out = StagedPartCipher.sealing(file, stagingKey, part, new Random(7));
        Random pieces = new Random(plain.length);
        for (int at = 0; at < plain.length; ) {
            int n = Math.min(plain.length - at, 1 + pieces.nextInt(300_000));
            out.write(plain, at, n);
            at += n;
        }
        out.finish();
        return file.toByteArray();
    }

    private static byte[] open(byte[] stagingKey, int part, byte[] sealed, long size) throws IOException {
        try (InputStream in = StagedPartCipher.opening(new ByteArrayInputStream(sealed), stagingKey, part, size)) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsAtEveryBlockBoundary() throws IOException {
        byte[] k = StagedPartCipher.stagingKey(UPLOAD, key(1));
        for (int size : new int[] {0, 1, B - 1, B, B + 1, 3 * B + 5}) {
            byte[] plain = data(size);
            byte[] sealed = seal(k, 3, plain);
            assertEquals(StagedPartCipher.sealedLength(size), sealed.length, "size " + size);
            assertArrayEquals(plain, open(k, 3, sealed, size), "size " + size);
            if (size > 64) {
                assertFalse(indexOf(sealed, Arrays.copyOf(plain, 64)) >= 0, "plaintext visible on disk, size " + size);
            }
        }
    }

    @Test
    void anotherKeyOrAnotherUploadDoesNotOpen() throws IOException {
        byte[] plain = data(B + 10);
        byte[] sealed = seal(StagedPartCipher.stagingKey(UPLOAD, key(1)), 1, plain);
        assertThrows(SegmentCipher.WrongKeyException.class,
                () -> open(StagedPartCipher.stagingKey(UPLOAD, key(2)), 1, sealed, plain.length));
        assertThrows(SegmentCipher.WrongKeyException.class,
                () -> open(StagedPartCipher.stagingKey("another-upload", key(1)), 1, sealed, plain.length));
    }

    @Test
    void blocksCannotMoveBetweenPartsOrPlaces() throws IOException {
        byte[] k = StagedPartCipher.stagingKey(UPLOAD, key(1));
        byte[] plain = data(2 * B);
        byte[] sealed = seal(k, 1, plain);
        assertThrows(SegmentCipher.WrongKeyException.class, () -> open(k, 2, sealed, plain.length));
        int block = FileLayout.sealedLength(B);
        byte[] swapped = new byte[sealed.length];
        System.arraycopy(sealed, block, swapped, 0, block);
        System.arraycopy(sealed, 0, swapped, block, block);
        assertThrows(SegmentCipher.WrongKeyException.class, () -> open(k, 1, swapped, plain.length));
        byte[] flipped = sealed.clone();
        flipped[block + 100] ^= 1;
        assertThrows(SegmentCipher.WrongKeyException.class, () -> open(k, 1, flipped, plain.length));
    }

    @Test
    void aShortFileIsAnErrorNotAShortPart() throws IOException {
        byte[] k = StagedPartCipher.stagingKey(UPLOAD, key(1));
        byte[] plain = data(2 * B + 3);
        byte[] sealed = seal(k, 1, plain);
        byte[] cut = Arrays.copyOf(sealed, FileLayout.sealedLength(B) * 2);
        assertThrows(EOFException.class, () -> open(k, 1, cut, plain.length));
    }

    @Test
    void theKeyCheckTellsKeysApartAndHidesTheKey() {
        byte[] check = StagedPartCipher.keyCheck(UPLOAD, key(1));
        assertTrue(StagedPartCipher.matches(UPLOAD, key(1), check));
        assertFalse(StagedPartCipher.matches(UPLOAD, key(2), check));
        assertFalse(StagedPartCipher.matches("other", key(1), check));
        assertEquals(32, check.length);
        assertTrue(indexOf(check, Arrays.copyOf(key(1), 8)) < 0);
        assertNotEquals(Arrays.toString(StagedPartCipher.stagingKey(UPLOAD, key(1))), Arrays.toString(key(1)));
    }

    @Test
    void nonceSourceMatters() throws IOException {
        byte[] k = StagedPartCipher.stagingKey(UPLOAD, key(1));
        byte[] plain = data(1000);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (var out = StagedPartCipher.sealing(a, k, 1, new Random(1))) {
            out.write(plain);
        }
        try (var out = StagedPartCipher.sealing(b, k, 1, new Random(2))) {
            out.write(plain);
        }
        assertFalse(Arrays.equals(a.toByteArray(), b.toByteArray()), "each block must take a fresh nonce");
        assertArrayEquals(plain, open(k, 1, a.toByteArray(), plain.length));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
