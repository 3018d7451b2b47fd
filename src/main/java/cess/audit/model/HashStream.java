package cess.audit.model;

import cess.shared.Encoder;
import cess.shared.Hash;
import java.security.MessageDigest;

/**
 * A deterministic stream of uniform 64-bit words in counter mode: block {@code b} is
 * {@code SHA-256(prefix || u64 b)}, four words each, big-endian; the prefix names the purpose
 * (a domain tag) and what the stream is for, so two purposes never share words. Draws below a
 * bound are exactly uniform (Lemire's multiply-shift with rejection: no modulo bias). Not
 * thread-safe; one stream per draw sequence.
 */
final class HashStream {
    /**
     * A draw below {@code n} rejects a word with probability {@code (2^64 mod n) / 2^64}, below
     * 2^-23 for any {@code n} under 2^41; after this many rejections in a row (probability under
     * 2^-1400) the last word is used as it is, so that a draw always ends.
     */
    static final int MAX_REJECTIONS = 64;

    private final byte[] prefix;
    private final MessageDigest md = Hash.newSha256();
    private final byte[] block = new byte[Hash.LENGTH];
    private long counter;
    private int used = Hash.LENGTH;
    private long hashes;

    /** A stream for {@code domain} whose prefix continues with {@code context} (an encoding). */
    HashStream(String domain, byte[] context) {
        this.prefix = new Encoder().string(domain).raw(context).toBytes();
    }

    /** The next uniform word. */
    long next() {
        if (used == Hash.LENGTH) {
            md.update(prefix);
            for (int s = 56; s >= 0; s -= 8) {
                md.update((byte) (counter >>> s));
            }
            counter++;
            hashes++;
            byte[] d = md.digest();
            System.arraycopy(d, 0, block, 0, Hash.LENGTH);
            used = 0;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (block[used++] & 0xFF);
        }
        return v;
    }

    /**
     * A uniform draw in {@code [0, n)}: the high word of {@code x × n} for a uniform 64-bit
     * {@code x}, rejecting the {@code 2^64 mod n} values of the low word that would favour some
     * results (D. Lemire, "Fast random integer generation in an interval", 2019).
     */
    long below(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("a draw needs a positive bound, got " + n);
        }
        long x = next();
        long low = x * n;
        if (Long.compareUnsigned(low, n) < 0) {
            long threshold = Long.remainderUnsigned(-n, n);
            for (int i = 0; i < MAX_REJECTIONS && Long.compareUnsigned(low, threshold) < 0; i++) {
                x = next();
                low = x * n;
            }
        }
        return unsignedMultiplyHigh(x, n);
    }

    /** SHA-256 blocks computed so far (for cost figures in tests and javadoc). */
    long hashes() {
        return hashes;
    }

    /** The high 64 bits of the unsigned 128-bit product, for {@code n >= 0} (Java 17 lacks {@code Math.unsignedMultiplyHigh}). */
    static long unsignedMultiplyHigh(long x, long n) {
        return Math.multiplyHigh(x, n) + ((x >> 63) & n);
    }
}
