package cess.gateway.model;

import cess.storage.model.FileLayout;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stored segment as its k data fragments hold it, read without joining them: stored byte
 * {@code i} is byte {@code i % fragmentSize} of data fragment {@code i / fragmentSize} (see
 * {@link SegmentCodec}). An encrypted segment is opened chunk by chunk straight from the
 * fragments; only a chunk that straddles two fragments is copied first. So a reader needs one
 * chunk of plaintext, not a segment, and no byte is copied that need not be.
 *
 * <p>A {@linkplain #window window} holds only a run of the stored bytes (and the segment's first
 * bytes, its nonce): what a reader needs of a cached segment for a range. Reading outside what it
 * holds is an {@link IndexOutOfBoundsException}.
 */
public final class StoredSegment {
    private final byte[][] data;
    private final int fragmentSize;
    private final int length;
    /** The stored byte that {@code data[0][0]} holds: 0 but for a window. */
    private final int base;
    /** The segment's first bytes, for a window that does not start at 0; empty otherwise. */
    private final byte[] head;
    private final boolean windowed;
    /** What to do when a chunk fails its tag, for fragments that were not hashed; null if all were. */
    private final Repair repair;

    /**
     * What a segment whose data fragments were not checked against their hashes does when a
     * chunk fails its AES-GCM tag: find out which of the fragments it depends on is not what the
     * chain holds, and rebuild it in place.
     */
    public interface Repair {
        /**
         * Checks data fragments {@code suspects} of {@code data} against their hashes and
         * rebuilds, in place, each that does not match. Returns whether any was rebuilt; false
         * means the bytes are the chain's, so a failing tag is the key's fault.
         */
        boolean repair(java.util.BitSet suspects, byte[][] data);
    }

    /**
     * @param data         the k data fragments, each at least {@code fragmentSize} bytes
     * @param fragmentSize the fragment size of this segment
     * @param length       the stored length of the segment
     */
    public StoredSegment(byte[][] data, int fragmentSize, int length) {
        this(data, fragmentSize, length, null);
    }

    /**
     * A segment whose data fragments may not all have been checked against their hashes: a
     * chunk that fails its tag calls {@code repair} (null if they were all checked).
     */
    public StoredSegment(byte[][] data, int fragmentSize, int length, Repair repair) {
        if (fragmentSize <= 0 || length < 0 || (long) data.length * fragmentSize < length) {
            throw new IllegalArgumentException(data.length + " fragments of " + fragmentSize + " bytes cannot hold "
                    + length + " bytes");
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] == null || data[i].length < fragmentSize) {
                throw new IllegalArgumentException("data fragment " + i + " is missing or short");
            }
        }
        this.data = data;
        this.fragmentSize = fragmentSize;
        this.length = length;
        this.base = 0;
        this.head = new byte[0];
        this.windowed = false;
        this.repair = repair;
    }

    private StoredSegment(byte[] bytes, int base, int count, int length, byte[] head) {
        this.data = new byte[][] {bytes};
        this.fragmentSize = Math.max(1, count); // one run: "fragment" 0 is the window
        this.length = length;
        this.base = base;
        this.head = head;
        this.windowed = true;
        this.repair = null;
    }

    /**
     * Stored bytes {@code [base, base + count)} of a segment of {@code length} bytes, held in
     * {@code bytes[0..count)}, and its first {@code head.length} bytes.
     */
    public static StoredSegment window(byte[] bytes, int base, int count, int length, byte[] head) {
        if (base < 0 || count < 1 || bytes.length < count || (long) base + count > length || head.length > length) {
            throw new IllegalArgumentException("a window of " + count + " bytes at " + base + " in " + bytes.length
                    + " bytes of a " + length + "-byte segment");
        }
        return new StoredSegment(bytes, base, count, length, head.clone());
    }

    public int length() {
        return length;
    }

    /** The arrays holding the bytes (the data fragments, or a window's one array), for their owner to give back. */
    public byte[][] dataArrays() {
        return data.clone();
    }

    /** Copies stored bytes {@code [from, from + n)} into {@code dst[off..)}. */
    public void copy(int from, byte[] dst, int off, int n) {
        if (windowed && from < base && from + (long) n <= head.length) {
            System.arraycopy(head, from, dst, off, n);
            return;
        }
        check(from, n);
        from -= base;
        while (n > 0) {
            int f = from / fragmentSize;
            int at = from % fragmentSize;
            int take = Math.min(n, fragmentSize - at);
            System.arraycopy(data[f], at, dst, off, take);
            from += take;
            off += take;
            n -= take;
        }
    }

    /** Writes stored bytes {@code [from, from + n)} to {@code out}, a fragment's run at a time. */
    public void writeStored(OutputStream out, int from, int n) throws IOException {
        check(from, n);
        from -= base;
        while (n > 0) {
            int f = from / fragmentSize;
            int at = from % fragmentSize;
            int take = Math.min(n, fragmentSize - at);
            out.write(data[f], at, take);
            from += take;
            n -= take;
        }
    }

    /**
     * Authenticates and decrypts chunk {@code chunk} into {@code plain}; returns its plaintext
     * length. {@code scratch} (at least a sealed chunk long) takes a chunk that straddles two
     * fragments.
     *
     * @throws SegmentCipher.WrongKeyException if the chunk does not authenticate
     */
    public int open(SegmentCipher.Opener opener, int chunk, byte[] scratch, byte[] plain) {
        try {
            return openOnce(opener, chunk, scratch, plain);
        } catch (SegmentCipher.WrongKeyException e) {
            // The data fragments were not hashed: the chunk's own fragments, and the first (which
            // holds the nonce), may be at fault rather than the key. If one was, it is rebuilt.
            if (repair == null || !repair.repair(dependencies(opener, chunk), data)) {
                throw e;
            }
            byte[] nonce = new byte[Math.min(SegmentCipher.NONCE_BYTES, length)];
            copy(0, nonce, 0, nonce.length);
            opener.renew(nonce);
            return openOnce(opener, chunk, scratch, plain);
        }
    }

    /** The data fragments chunk {@code chunk}'s opening depends on: those it spans, and the first. */
    private java.util.BitSet dependencies(SegmentCipher.Opener opener, int chunk) {
        java.util.BitSet out = new java.util.BitSet();
        out.set(0);
        int from = opener.sealedOffset(chunk);
        out.set(from / fragmentSize, (from + opener.sealedChunkLength(chunk) - 1) / fragmentSize + 1);
        return out;
    }

    private int openOnce(SegmentCipher.Opener opener, int chunk, byte[] scratch, byte[] plain) {
        int from = opener.sealedOffset(chunk);
        int n = opener.sealedChunkLength(chunk);
        check(from, n);
        int at = (from - base) % fragmentSize;
        if (at + n <= fragmentSize) {
            return opener.open(chunk, data[(from - base) / fragmentSize], at, plain, 0);
        }
        copy(from, scratch, 0, n);
        return opener.open(chunk, scratch, 0, plain, 0);
    }

    /**
     * Writes plaintext bytes {@code [first, last]} of the segment to {@code out}: the stored
     * bytes themselves, or with an {@code opener} the decrypted chunks, each authenticated before
     * any of it is written. {@code plain} and {@code scratch} hold a chunk of plaintext and a
     * sealed chunk; if {@code primed} is not negative, {@code plain} already holds that chunk,
     * opened by the caller.
     */
    public void writePlain(SegmentCipher.Opener opener, long first, long last, OutputStream out, byte[] scratch,
                           byte[] plain, int primed) throws IOException {
        if (first > last) {
            return;
        }
        if (opener == null) {
            writeStored(out, Math.toIntExact(first), Math.toIntExact(last - first + 1));
            return;
        }
        if (last >= opener.plainLength()) {
            throw new IllegalArgumentException("bytes up to " + last + " asked of " + opener.plainLength());
        }
        for (int c = opener.chunkOf(first); c <= opener.chunkOf(last); c++) {
            int n = c == primed ? opener.plainChunkLength(c) : open(opener, c, scratch, plain);
            long chunkStart = (long) c * FileLayout.CIPHER_CHUNK;
            int from = (int) (Math.max(first, chunkStart) - chunkStart);
            int to = (int) (Math.min(last, chunkStart + n - 1) - chunkStart);
            out.write(plain, from, to - from + 1);
        }
    }

    private void check(int from, int n) {
        long held = windowed ? base + (long) fragmentSize : length;
        if (from < base || n < 0 || from + (long) n > held) {
            throw new IndexOutOfBoundsException("bytes " + from + "+" + n + " of a " + length + "-byte segment"
                    + (windowed ? " of which bytes " + base + ".." + held + " are held" : ""));
        }
    }
}
