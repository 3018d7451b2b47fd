package cess.gateway.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request body checked against the SHA-256 its signature covers ({@link SignedRequest}) as it
 * streams: the read that reaches the end throws {@link PayloadException} {@code body_hash_mismatch}
 * if the bytes hash to anything else, so that whatever reads the body to its end before acting
 * (the upload pipeline, which then stores nothing) never acts on a body that was not signed. Not
 * thread-safe (one reader, like any stream).
 */
public final class SignedBody extends FilterInputStream {
    public static final String MISMATCH = "body_hash_mismatch";
    private final MessageDigest sha256;
    private final String expected;
    private boolean verified;

    public SignedBody(InputStream in, String expectedSha256Hex) {
        super(in);
        this.expected = expectedSha256Hex;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
        } else if (n < 0 && !verified) {
            verified = true;
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expected)) {
                throw new PayloadException(MISMATCH, "the body's SHA-256 " + actual + " is not the "
                        + SignedRequest.BODY_SHA256 + " the request was signed with (" + expected + ")");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a signed body is read, not skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
