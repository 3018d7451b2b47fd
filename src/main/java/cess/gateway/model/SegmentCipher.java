package cess.gateway.model;

import cess.shared.Address;
import cess.storage.model.FileLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.KeySpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM per segment, in chunks (see {@link #seal}); the nonce is random per segment (the
 * caller supplies it), and the segment's index is bound as additional data so segments cannot be
 * swapped. Keys are never stored: either the client gives
 * 32 raw bytes (S3's SSE-C) or a passphrase, stretched with PBKDF2-HMAC-SHA256 salted with the
 * owner's account so that equal passphrases of different owners give different keys.
 */
public final class SegmentCipher {
    public static final int NONCE_BYTES = FileLayout.CIPHER_NONCE;
    public static final int TAG_BYTES = FileLayout.CIPHER_TAG;
    public static final int KEY_BYTES = 32;
    static final int PBKDF2_ITERATIONS = 210_000;

    private SegmentCipher() {
    }

    /** Raised when a segment does not decrypt: the key is wrong or the bytes were altered. */
    public static final class WrongKeyException extends RuntimeException {
        WrongKeyException() {
            super("the segment does not decrypt with this key (wrong key, or the data was altered)", null, false, false);
        }
    }

    public static byte[] keyFromPassphrase(String passphrase, Address owner) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new IllegalArgumentException("the encryption passphrase must not be empty");
        }
        byte[] salt = ByteBuffer.allocate(32 + owner.bytes().length)
                .put(pad("CESS/file-key/v1")).put(owner.bytes()).array();
        try {
            KeySpec spec = new PBEKeySpec(passphrase.toCharArray(), salt, PBKDF2_ITERATIONS, KEY_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    /**
     * Encrypts {@code plain[0..length)} of segment {@code index}: the nonce, then each
     * {@value FileLayout#CIPHER_CHUNK}-byte chunk sealed with its own tag (see
     * {@link FileLayout#sealedLength}). Chunk i uses the segment's nonce with its last four bytes
     * XOR i, and authenticates the segment index, i and whether it is the last chunk, so chunks
     * can be neither reordered, moved to another segment, nor cut off at the end. Equal-sized
     * chunks also keep the JIT on its fast AES-GCM path, which one 32 MiB call takes long to reach.
     */
    public static byte[] seal(byte[] key, byte[] nonce, long index, byte[] plain, int length) {
        byte[] out = new byte[FileLayout.sealedLength(length)];
        seal(key, nonce, index, plain, length, out);
        return out;
    }

    /**
     * {@link #seal(byte[], byte[], long, byte[], int)} into {@code out}, which must hold at least
     * {@link FileLayout#sealedLength}{@code (length)} bytes; returns that length.
     */
    public static int seal(byte[] key, byte[] nonce, long index, byte[] plain, int length, byte[] out) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
        if (out.length < FileLayout.sealedLength(length)) {
            throw new IllegalArgumentException("the output holds " + out.length + " bytes, the sealed segment "
                    + FileLayout.sealedLength(length));
        }
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        sealChunks(key, nonce, index, plain, length, out, 0, FileLayout.cipherChunks(length));
        return FileLayout.sealedLength(length);
    }

    /**
     * Seals chunks {@code [fromChunk, toChunk)} of {@link #seal} into their places in {@code out}
     * (the caller writes the nonce): chunks are independent, so separate ranges may be sealed at once.
     */
    public static void sealChunks(byte[] key, byte[] nonce, long index, byte[] plain, int length, byte[] out,
                                  int fromChunk, int toChunk) {
        int chunks = FileLayout.cipherChunks(length);
        if (nonce.length != NONCE_BYTES || fromChunk < 0 || toChunk > chunks || fromChunk > toChunk
                || out.length < FileLayout.sealedLength(length)) {
            throw new IllegalArgumentException("chunks " + fromChunk + ".." + toChunk + " of " + chunks
                    + " with a " + nonce.length + "-byte nonce into " + out.length + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec k = secretKey(key);
            for (int i = fromChunk; i < toChunk; i++) {
                int from = i * FileLayout.CIPHER_CHUNK;
                init(c, Cipher.ENCRYPT_MODE, k, nonce, index, i, i == chunks - 1);
                c.doFinal(plain, from, Math.min(FileLayout.CIPHER_CHUNK, length - from), out,
                        NONCE_BYTES + i * (FileLayout.CIPHER_CHUNK + TAG_BYTES));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Decrypts a stored segment {@code sealed[0..length)}; returns the plaintext. */
    public static byte[] open(byte[] key, long index, byte[] sealed, int length) {
        Opener o = new Opener(key, index, sealed, length);
        byte[] out = new byte[o.plainLength()];
        for (int i = 0; i < o.chunks(); i++) {
            o.open(i, sealed, o.sealedOffset(i), out, i * FileLayout.CIPHER_CHUNK);
        }
        return out;
    }

    /**
     * Opens one stored segment chunk by chunk, so that a reader holds one chunk of plaintext at a
     * time, never the whole segment, and can decrypt straight from wherever the sealed bytes lie.
     * Each chunk is authenticated before any of its plaintext is returned. Not thread-safe (one
     * per reader).
     */
    public static final class Opener {
        private final Cipher cipher;
        private final SecretKeySpec key;
        private byte[] nonce;
        private final long index;
        private final int plainLength;
        private final int chunks;

        /**
         * @param head the sealed segment's first {@value #NONCE_BYTES} bytes (its nonce) or more
         * @param sealedLength the sealed segment's whole length
         * @throws WrongKeyException if no plaintext seals to {@code sealedLength} bytes (the bytes were altered)
         */
        public Opener(byte[] key, long index, byte[] head, int sealedLength) {
            this.plainLength = FileLayout.plainLength(sealedLength);
            if (plainLength < 0 || head.length < NONCE_BYTES) {
                throw new WrongKeyException();
            }
            this.key = secretKey(key);
            this.index = index;
            this.nonce = java.util.Arrays.copyOf(head, NONCE_BYTES);
            this.chunks = FileLayout.cipherChunks(plainLength);
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available", e);
            }
        }

        public int plainLength() {
            return plainLength;
        }

        /** Takes the nonce again from the segment's first bytes: after they were repaired. */
        public void renew(byte[] head) {
            if (head.length < NONCE_BYTES) {
                throw new WrongKeyException();
            }
            this.nonce = java.util.Arrays.copyOf(head, NONCE_BYTES);
        }

        public int chunks() {
            return chunks;
        }

        /** The chunk holding plaintext byte {@code plainOffset}. */
        public int chunkOf(long plainOffset) {
            return (int) (plainOffset / FileLayout.CIPHER_CHUNK);
        }

        /** Plaintext bytes in chunk {@code i}. */
        public int plainChunkLength(int i) {
            return Math.min(FileLayout.CIPHER_CHUNK, plainLength - i * FileLayout.CIPHER_CHUNK);
        }

        /** Where chunk {@code i} (its ciphertext, then its tag) begins in the sealed segment. */
        public int sealedOffset(int i) {
            return NONCE_BYTES + i * (FileLayout.CIPHER_CHUNK + TAG_BYTES);
        }

        /** Sealed bytes of chunk {@code i}, its tag included. */
        public int sealedChunkLength(int i) {
            return plainChunkLength(i) + TAG_BYTES;
        }

        /**
         * Authenticates and decrypts chunk {@code i}, read from {@code sealed[offset..)}, into
         * {@code out[outOffset..)}; returns the plaintext length.
         *
         * @throws WrongKeyException if the chunk does not authenticate (wrong key, or altered bytes)
         */
        public int open(int i, byte[] sealed, int offset, byte[] out, int outOffset) {
            if (i < 0 || i >= chunks) {
                throw new IllegalArgumentException("chunk " + i + " of " + chunks);
            }
            try {
                init(cipher, Cipher.DECRYPT_MODE, key, nonce, index, i, i == chunks - 1);
                return cipher.doFinal(sealed, offset, sealedChunkLength(i), out, outOffset);
            } catch (AEADBadTagException e) {
                throw new WrongKeyException();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
        }
    }

    private static SecretKeySpec secretKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static void init(Cipher c, int mode, SecretKeySpec key, byte[] segmentNonce, long index, int chunk,
                             boolean last) throws GeneralSecurityException {
        byte[] nonce = segmentNonce.clone();
        for (int b = 0; b < 4; b++) {
            nonce[NONCE_BYTES - 1 - b] ^= (byte) (chunk >>> (8 * b));
        }
        c.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(ByteBuffer.allocate(29).put(pad16("CESS/segment/v2")).putLong(index).putInt(chunk)
                .put((byte) (last ? 1 : 0)).array());
    }

    private static byte[] pad(String s) {
        return java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), 32);
    }

    private static byte[] pad16(String s) {
        return java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), 16);
    }
}
