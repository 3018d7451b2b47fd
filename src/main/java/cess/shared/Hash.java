package cess.shared;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A 32-byte SHA-256 digest. Immutable; the array is copied in and out.
 */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Hash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /** Parses {@code 0x}-prefixed (or bare) hex of exactly 32 bytes. */
    public static Hash parse(String hex) {
        byte[] b = Hex.decode(hex);
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes (64 hex digits), got " + b.length + " bytes");
        }
        return new Hash(b);
    }

    /** SHA-256 over the concatenation of the parts. */
    public static Hash sha256(byte[]... parts) {
        MessageDigest md = sha256();
        for (byte[] p : parts) {
            md.update(p);
        }
        return new Hash(md.digest());
    }

    /** A fresh SHA-256 digest, for callers that hash bytes as they arrive; finish with {@link #of}. */
    public static MessageDigest newSha256() {
        return sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Feeds the 32 bytes to {@code digest} without copying them (for hashes over hashes). */
    public void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
