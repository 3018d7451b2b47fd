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
 */
public final class StoredSegment {
    private final byte[][] data;
    private final int fragmentSize;
    private final int length;

    /**
     * @param data         the k data fragments, each at least {@code fragmentSize} bytes
     * @param fragmentSize the fragment size of this segment
     * @param length       the stored length of the segment
     */
    public StoredSegment(byte[][] data, int fragmentSize, int length) {
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
    }

    public int length() {
        return length;
    }

    /** Copies stored bytes {@code [from, from + n)} into {@code dst[off..)}. */
    public void copy(int from, byte[] dst, int off, int n) {
        check(from, n);
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
        int from = opener.sealedOffset(chunk);
        int n = opener.sealedChunkLength(chunk);
        check(from, n);
        int at = from % fragmentSize;
        if (at + n <= fragmentSize) {
            return opener.open(chunk, data[from / fragmentSize], at, plain, 0);
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
        if (from < 0 || n < 0 || from + (long) n > length) {
            throw new IndexOutOfBoundsException("bytes " + from + "+" + n + " of a " + length + "-byte segment");
        }
    }
}
