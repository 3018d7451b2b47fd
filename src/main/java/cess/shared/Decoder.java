package cess.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the encoding written by {@link Encoder}, checking bounds on every read.
 * {@link #end()} insists that nothing is left over, so trailing garbage is an error.
 */
public final class Decoder {
    private final byte[] in;
    private int pos;

    public Decoder(byte[] in) {
        this.in = in;
    }

    public int u8() {
        need(1);
        return in[pos++] & 0xFF;
    }

    public long u32() {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        return v;
    }

    public long u64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        if (v < 0) {
            throw new IllegalArgumentException("u64 above 2^63-1 at byte " + (pos - 8));
        }
        return v;
    }

    public Amount amount() {
        return new Amount(Encoder.unsigned(take(16)));
    }

    public Address address() {
        return Address.of(take(32));
    }

    public Hash hash() {
        return Hash.of(take(32));
    }

    public Signature signature() {
        return Signature.of(take(64));
    }

    public byte[] bytes(int maxLength) {
        long len = u32();
        if (len > maxLength) {
            throw new IllegalArgumentException("byte string of " + len + " bytes exceeds the limit of " + maxLength);
        }
        return take((int) len);
    }

    public String string(int maxLength) {
        return new String(bytes(maxLength), StandardCharsets.UTF_8);
    }

    public void end() {
        if (pos != in.length) {
            throw new IllegalArgumentException((in.length - pos) + " unexpected trailing bytes");
        }
    }

    private byte[] take(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private void need(int n) {
        if (in.length - pos < n) {
            throw new IllegalArgumentException("truncated encoding: need " + n + " bytes at byte " + pos);
        }
    }
}
