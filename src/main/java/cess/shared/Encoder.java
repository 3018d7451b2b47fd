package cess.shared;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes the canonical binary encoding: big-endian fixed-width integers, 16-byte unsigned amounts,
 * fixed 32-byte keys and hashes, and u32-length-prefixed byte strings. Every value has exactly one
 * encoding, so hashes and signatures over encodings are unambiguous. Not thread-safe.
 */
public final class Encoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public Encoder u8(int v) {
        out.write(v);
        return this;
    }

    public Encoder u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    /** A non-negative 64-bit integer. */
    public Encoder u64(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("u64 must not be negative: " + v);
        }
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    public Encoder amount(Amount a) {
        byte[] be = a.units().toByteArray();
        int skip = be.length > 16 ? be.length - 16 : 0; // drop BigInteger's sign byte
        for (int i = be.length - skip; i < 16; i++) {
            out.write(0);
        }
        out.write(be, skip, be.length - skip);
        return this;
    }

    public Encoder address(Address a) {
        out.writeBytes(a.bytes());
        return this;
    }

    public Encoder hash(Hash h) {
        out.writeBytes(h.bytes());
        return this;
    }

    public Encoder signature(Signature s) {
        out.writeBytes(s.bytes());
        return this;
    }

    public Encoder bytes(byte[] b) {
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    public Encoder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public Encoder string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    static BigInteger unsigned(byte[] be) {
        return new BigInteger(1, be);
    }
}
