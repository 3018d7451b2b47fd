package cess.gateway.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The whole-object checksums S3 clients send in {@code x-amz-checksum-<algorithm>} (a header, or
 * a trailer of an {@code aws-chunked} body): the checksum's big-endian bytes, base64.
 */
public enum PayloadChecksum {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256;

    /** The header (or trailer) carrying this checksum, e.g. {@code x-amz-checksum-crc32}. */
    public String header() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm a header or trailer name stands for. */
    public static Optional<PayloadChecksum> ofHeader(String name) {
        for (PayloadChecksum c : values()) {
            if (c.header().equalsIgnoreCase(name.trim())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A running computation of this checksum. */
    public State start() {
        return switch (this) {
            case CRC32 -> new Crc(new CRC32(), 4);
            case CRC32C -> new Crc(new CRC32C(), 4);
            case CRC64NVME -> new Crc(new Crc64Nvme(), 8);
            case SHA1 -> new Digest("SHA-1");
            case SHA256 -> new Digest("SHA-256");
        };
    }

    /** One computation: bytes in, the base64 value out. */
    public interface State {
        void update(byte[] b, int off, int len);

        String base64();
    }

    private record Crc(Checksum crc, int bytes) implements State {
        @Override
        public void update(byte[] b, int off, int len) {
            crc.update(b, off, len);
        }

        @Override
        public String base64() {
            long v = crc.getValue();
            byte[] out = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
            }
            return Base64.getEncoder().encodeToString(out);
        }
    }

    private static final class Digest implements State {
        private final MessageDigest md;

        Digest(String algorithm) {
            try {
                md = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        public String base64() {
            return Base64.getEncoder().encodeToString(md.digest());
        }
    }

    /**
     * CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, initial value and final xor all ones),
     * the default checksum of recent AWS SDKs; eight tables, eight bytes per step.
     */
    static final class Crc64Nvme implements Checksum {
        private static final long[][] TABLES = tables();
        private long crc = -1L;

        private static long[][] tables() {
            long[][] t = new long[8][256];
            for (int i = 0; i < 256; i++) {
                long c = i;
                for (int k = 0; k < 8; k++) {
                    c = (c & 1) != 0 ? (c >>> 1) ^ 0x9a6c9329ac4bc9b5L : c >>> 1;
                }
                t[0][i] = c;
            }
            for (int i = 0; i < 256; i++) {
                for (int j = 1; j < 8; j++) {
                    t[j][i] = (t[j - 1][i] >>> 8) ^ t[0][(int) (t[j - 1][i] & 0xff)];
                }
            }
            return t;
        }

        @Override
        public void update(int b) {
            crc = (crc >>> 8) ^ TABLES[0][(int) ((crc ^ b) & 0xff)];
        }

        @Override
        public void update(byte[] b, int off, int len) {
            long c = crc;
            int i = off;
            int end = off + len;
            while (end - i >= 8) {
                long x = c ^ ((b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                        | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                        | (b[i + 7] & 0xffL) << 56);
                c = TABLES[7][(int) (x & 0xff)] ^ TABLES[6][(int) ((x >>> 8) & 0xff)]
                        ^ TABLES[5][(int) ((x >>> 16) & 0xff)] ^ TABLES[4][(int) ((x >>> 24) & 0xff)]
                        ^ TABLES[3][(int) ((x >>> 32) & 0xff)] ^ TABLES[2][(int) ((x >>> 40) & 0xff)]
                        ^ TABLES[1][(int) ((x >>> 48) & 0xff)] ^ TABLES[0][(int) (x >>> 56)];
                i += 8;
            }
            for (; i < end; i++) {
                c = (c >>> 8) ^ TABLES[0][(int) ((c ^ b[i]) & 0xff)];
            }
            crc = c;
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = -1L;
        }
    }
}
