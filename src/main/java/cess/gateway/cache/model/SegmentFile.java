package cess.gateway.cache.model;

import cess.shared.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The form of one cached segment on disk: a header, then the segment's stored bytes (what its
 * data fragments hold, ciphertext for an encrypted object) exactly as the chain's layout
 * describes them.
 *
 * <pre>
 * magic "CESS-SG1" (8) | segment hash (32) | stored length u32 | CRC-32C of each {@value #BLOCK}-byte block, u32 each
 *   | CRC-32C of all the header before it, u32 | stored bytes
 * </pre>
 *
 * The segment's bytes are verified against the chain's segment hash once, when the file is
 * written ({@link SegmentCheck}). The block checksums then catch what can happen to a file
 * afterwards (a torn write after a crash — the cache does not force its files to disk — bit
 * rot, an edit): a reader checks every block it reads, so a range reads and checks only the
 * blocks it needs. CRC-32C runs at memory speed here, where a second SHA-256 pass would cost
 * more than the read itself; it is not a defence against someone who may rewrite the node's data
 * directory, who could equally change its code.
 *
 * <p>Pure: encodes and parses headers and computes checksums, no I/O.
 */
public final class SegmentFile {
    /** Bytes per checksummed block. */
    public static final int BLOCK = 64 << 10;
    /** Bytes before the block checksums. */
    public static final int PREFIX = 8 + Hash.LENGTH + 4;
    /** The largest stored segment a file holds (a 64 MiB segment sealed has a little more). */
    public static final int MAX_STORED = (64 << 20) + (64 << 20) / 1024 + 4096;
    private static final byte[] MAGIC = "CESS-SG1".getBytes(StandardCharsets.US_ASCII);

    private SegmentFile() {
    }

    /** A parsed header. */
    public record Header(Hash hash, int storedLength, int[] crcs) {
        /** Where the stored bytes begin in the file. */
        public int dataOffset() {
            return headerLength(storedLength);
        }

        /** The file's whole length. */
        public long fileLength() {
            return (long) dataOffset() + storedLength;
        }
    }

    public static int blocks(int storedLength) {
        return (storedLength + BLOCK - 1) / BLOCK;
    }

    public static int headerLength(int storedLength) {
        return PREFIX + 4 * blocks(storedLength) + 4;
    }

    /** The header of a file holding segment {@code hash} of {@code storedLength} bytes with block checksums {@code crcs}. */
    public static byte[] header(Hash hash, int storedLength, int[] crcs) {
        checkLength(storedLength);
        if (crcs.length != blocks(storedLength)) {
            throw new IllegalArgumentException(crcs.length + " block checksums for " + blocks(storedLength) + " blocks");
        }
        ByteBuffer b = ByteBuffer.allocate(headerLength(storedLength));
        b.put(MAGIC).put(hash.bytes()).putInt(storedLength);
        for (int c : crcs) {
            b.putInt(c);
        }
        b.putInt(crc(b.array(), 0, b.position()));
        return b.array();
    }

    /** The stored length a header's first {@link #PREFIX} bytes announce, for reading the rest. */
    public static int storedLength(byte[] prefix) {
        if (prefix.length < PREFIX || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a cached segment file");
        }
        int n = ByteBuffer.wrap(prefix, 8 + Hash.LENGTH, 4).getInt();
        checkLength(n);
        return n;
    }

    /**
     * Parses a whole header ({@link #headerLength} bytes).
     *
     * @throws IllegalArgumentException if it is not one, or its own checksum fails
     */
    public static Header parse(byte[] header) {
        int n = storedLength(header);
        if (header.length != headerLength(n)) {
            throw new IllegalArgumentException("a header of " + header.length + " bytes, expected " + headerLength(n));
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        int end = header.length - 4;
        if (b.getInt(end) != crc(header, 0, end)) {
            throw new IllegalArgumentException("the header's checksum fails");
        }
        byte[] h = Arrays.copyOfRange(header, 8, 8 + Hash.LENGTH);
        int[] crcs = new int[blocks(n)];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = b.getInt(PREFIX + 4 * i);
        }
        return new Header(Hash.of(h), n, crcs);
    }

    public static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static void checkLength(int storedLength) {
        if (storedLength <= 0 || storedLength > MAX_STORED) {
            throw new IllegalArgumentException("a cached segment holds 1.." + MAX_STORED + " bytes, not " + storedLength);
        }
    }

    /**
     * The block checksums of a segment's bytes, fed in order in pieces of any size. Not
     * thread-safe.
     */
    public static final class Checksums {
        private final int[] crcs;
        private final int length;
        private final CRC32C crc = new CRC32C();
        private long fed;

        public Checksums(int storedLength) {
            checkLength(storedLength);
            this.length = storedLength;
            this.crcs = new int[blocks(storedLength)];
        }

        public Checksums update(byte[] b, int off, int len) {
            if (fed + len > length) {
                throw new IllegalArgumentException("more than the " + length + " bytes of the segment");
            }
            while (len > 0) {
                int inBlock = (int) (fed % BLOCK);
                int take = Math.min(len, BLOCK - inBlock);
                crc.update(b, off, take);
                fed += take;
                off += take;
                len -= take;
                if (fed % BLOCK == 0 || fed == length) {
                    crcs[(int) ((fed - 1) / BLOCK)] = (int) crc.getValue();
                    crc.reset();
                }
            }
            return this;
        }

        /** The checksums, once every byte was fed. */
        public int[] finish() {
            if (fed != length) {
                throw new IllegalStateException(fed + " of the segment's " + length + " bytes were fed");
            }
            return crcs.clone();
        }
    }
}
