package cess.gateway.model;

import cess.storage.model.FileLayout;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The parts of an S3 multipart upload with SSE-C, while they wait on the gateway's disk for the
 * upload to complete. Until then the object's segment boundaries are unknown (parts may come in
 * any order and be replaced), so a part cannot yet be sealed as segments; it is sealed as it
 * arrives, in blocks of {@value #BLOCK} bytes, each a {@link SegmentCipher} segment with its own
 * random nonce, under a staging key derived from the customer's key and the upload id. Block i
 * of part n is bound to index {@code n << 32 | i}, so blocks can be neither reordered nor moved
 * between parts; a part's length is kept by the gateway, so a cut at a block boundary shows as a
 * short part. The customer's key is never stored: only {@link #keyCheck}, which tells whether a
 * later request brings the same key.
 */
public final class StagedPartCipher {
    public static final int BLOCK = 1 << 20;

    private StagedPartCipher() {
    }

    /** SHA-256 of a domain tag, the upload id and the key: compared, never reversed. */
    public static byte[] keyCheck(String uploadId, byte[] customerKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("CESS/sse-c-check/v1\n".getBytes(StandardCharsets.US_ASCII));
            d.update(uploadId.getBytes(StandardCharsets.US_ASCII));
            d.update((byte) '\n');
            d.update(customerKey);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code customerKey} is the key whose check value is {@code check}. */
    public static boolean matches(String uploadId, byte[] customerKey, byte[] check) {
        return MessageDigest.isEqual(keyCheck(uploadId, customerKey), check);
    }

    /** HMAC-SHA256(customer key, domain tag ‖ upload id): the key the staged blocks are sealed with. */
    public static byte[] stagingKey(String uploadId, byte[] customerKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(customerKey, "HmacSHA256"));
            mac.update("CESS/multipart-staging/v1\n".getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(uploadId.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes a staged part of {@code size} plaintext bytes takes on disk. */
    public static long sealedLength(long size) {
        long full = size / BLOCK;
        int rest = (int) (size % BLOCK);
        return full * FileLayout.sealedLength(BLOCK) + (rest == 0 ? 0 : FileLayout.sealedLength(rest));
    }

    static long index(int part, long block) {
        return ((long) part << 32) | block;
    }

    /**
     * Seals everything written to it, block by block, onto {@code out}; {@link Sealing#finish()}
     * seals the last, shorter block, {@code close()} also closes {@code out}. {@code nonces}
     * supplies each block's nonce (a {@link java.security.SecureRandom} in the gateway).
     */
    public static Sealing sealing(OutputStream out, byte[] stagingKey, int part, Random nonces) {
        return new Sealing(out, stagingKey, part, nonces);
    }

    /**
     * The plaintext of a staged part of {@code size} bytes read from {@code in}. A block that does
     * not open (another key, altered bytes, blocks moved) raises
     * {@link SegmentCipher.WrongKeyException}; a file that ends early raises {@link EOFException}.
     */
    public static InputStream opening(InputStream in, byte[] stagingKey, int part, long size) {
        return new Opening(in, stagingKey, part, size);
    }

    /** See {@link #sealing}. */
    public static final class Sealing extends FilterOutputStream {
        private final byte[] key;
        private final int part;
        private final Random nonces;
        private final byte[] plain = new byte[BLOCK];
        private final byte[] sealed = new byte[FileLayout.sealedLength(BLOCK)];
        private int filled;
        private long block;
        private boolean finished;

        Sealing(OutputStream out, byte[] key, int part, Random nonces) {
            super(out);
            this.key = key.clone();
            this.part = part;
            this.nonces = nonces;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the staged part is already sealed");
            }
            while (len > 0) {
                int n = Math.min(len, BLOCK - filled);
                System.arraycopy(b, off, plain, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == BLOCK) {
                    sealBlock();
                }
            }
        }

        private void sealBlock() throws IOException {
            byte[] nonce = new byte[SegmentCipher.NONCE_BYTES];
            nonces.nextBytes(nonce);
            int n = SegmentCipher.seal(key, nonce, index(part, block++), plain, filled, sealed);
            out.write(sealed, 0, n);
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Seals the last block (if any bytes wait) without closing the stream underneath. */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (filled > 0) {
                sealBlock();
            }
            java.util.Arrays.fill(plain, (byte) 0);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                out.close();
            }
        }
    }

    private static final class Opening extends InputStream {
        private final InputStream in;
        private final byte[] key;
        private final int part;
        private final byte[] sealed = new byte[FileLayout.sealedLength(BLOCK)];
        private long remaining;
        private long block;
        private byte[] plain = new byte[0];
        private int at;

        Opening(InputStream in, byte[] key, int part, long size) {
            this.in = in;
            this.key = key.clone();
            this.part = part;
            this.remaining = size;
        }

        private boolean fill() throws IOException {
            if (remaining == 0) {
                return false;
            }
            int plainLength = (int) Math.min(BLOCK, remaining);
            int sealedLength = FileLayout.sealedLength(plainLength);
            int got = in.readNBytes(sealed, 0, sealedLength);
            if (got < sealedLength) {
                throw new EOFException("a staged part ended after block " + block + ": it is shorter than recorded");
            }
            plain = SegmentCipher.open(key, index(part, block++), sealed, sealedLength);
            at = 0;
            remaining -= plainLength;
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (at == plain.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, plain.length - at);
            System.arraycopy(plain, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
