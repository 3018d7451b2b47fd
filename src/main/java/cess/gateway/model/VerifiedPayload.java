package cess.gateway.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request body whose integrity claims are checked as it streams: the SHA-256 the signature
 * covers ({@code x-amz-content-sha256}) and an {@code x-amz-checksum-*} value, given up front in a
 * header or at the end in a trailer. A mismatch surfaces as a {@link PayloadException} instead of
 * the end of the stream, so the reader never takes a bad body for a complete one.
 */
public final class VerifiedPayload extends FilterInputStream {
    private final MessageDigest sha256;
    private final String expectedSha256;
    private final PayloadChecksum algorithm;
    private final PayloadChecksum.State checksum;
    private final Supplier<Optional<String>> expectedChecksum;
    private boolean verified;

    /**
     * @param sha256Hex        the body's SHA-256 as signed, if the signature covers it
     * @param algorithm        the checksum the client announced, if any
     * @param expectedChecksum its base64 value, asked for only at the end of the body (trailers arrive last)
     */
    public VerifiedPayload(InputStream in, Optional<String> sha256Hex, Optional<PayloadChecksum> algorithm,
                           Supplier<Optional<String>> expectedChecksum) {
        super(in);
        this.expectedSha256 = sha256Hex.orElse(null);
        try {
            this.sha256 = expectedSha256 == null ? null : MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.algorithm = algorithm.orElse(null);
        this.checksum = this.algorithm == null ? null : this.algorithm.start();
        this.expectedChecksum = expectedChecksum;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            if (sha256 != null) {
                sha256.update(b, off, n);
            }
            if (checksum != null) {
                checksum.update(b, off, n);
            }
        } else if (n < 0 && !verified) {
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a verified payload is read, not skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() throws PayloadException {
        verified = true;
        if (sha256 != null) {
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expectedSha256)) {
                throw new PayloadException("XAmzContentSHA256Mismatch", "the body's SHA-256 " + actual
                        + " is not the x-amz-content-sha256 the request was signed with (" + expectedSha256 + ")");
            }
        }
        if (checksum != null) {
            String expected = expectedChecksum.get().orElseThrow(() -> new PayloadException("InvalidRequest",
                    "the request announced " + algorithm.header() + " but did not send its value"));
            String actual = checksum.base64();
            if (!actual.equals(expected.trim())) {
                throw new PayloadException("BadDigest", "the " + algorithm.header() + " you specified (" + expected
                        + ") did not match the body's (" + actual + ")");
            }
        }
    }
}
