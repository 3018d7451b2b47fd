package cess.gateway.model;

import cess.shared.Address;
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
 * AES-256-GCM per segment. A stored segment is {@code nonce (12) || ciphertext || tag (16)};
 * the nonce is random per segment (the caller supplies it), and the segment's index is bound as
 * additional data so segments cannot be swapped. Keys are never stored: either the client gives
 * 32 raw bytes (S3's SSE-C) or a passphrase, stretched with PBKDF2-HMAC-SHA256 salted with the
 * owner's account so that equal passphrases of different owners give different keys.
 */
public final class SegmentCipher {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
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

    /** Encrypts {@code plain[0..length)} of segment {@code index}; returns nonce, ciphertext and tag. */
    public static byte[] seal(byte[] key, byte[] nonce, long index, byte[] plain, int length) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
        byte[] out = new byte[NONCE_BYTES + length + TAG_BYTES];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, index);
            c.doFinal(plain, 0, length, out, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
        return out;
    }

    /** Decrypts a stored segment {@code sealed[0..length)}; returns the plaintext. */
    public static byte[] open(byte[] key, long index, byte[] sealed, int length) {
        if (length < NONCE_BYTES + TAG_BYTES) {
            throw new WrongKeyException();
        }
        byte[] nonce = java.util.Arrays.copyOf(sealed, NONCE_BYTES);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, index);
            return c.doFinal(sealed, NONCE_BYTES, length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new WrongKeyException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, long index) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be 32 bytes (AES-256)");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(ByteBuffer.allocate(24).put(pad16("CESS/segment/v1")).putLong(index).array());
        return c;
    }

    private static byte[] pad(String s) {
        return java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), 32);
    }

    private static byte[] pad16(String s) {
        return java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), 16);
    }
}
