package cess.gateway.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes an {@code aws-chunked} body: {@code <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n}
 * frames ending with a zero-size frame, then, if announced, trailing headers such as
 * {@code x-amz-checksum-crc32} (and {@code x-amz-trailer-signature} when signed).
 *
 * <p>With a {@link Signer}, every chunk's signature is checked when its last byte has been read,
 * chaining from the seed signature, so a reordered, altered or cut-off body fails with a
 * {@link PayloadException} before the reader sees its end; nothing is buffered beyond one line.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16;

    /** The request's signing context, to verify chunk and trailer signatures. */
    public record Signer(byte[] signingKey, String amzDate, SigV4.Scope scope, String seedSignature) {
    }

    private final InputStream in;
    private final Signer signer;
    private final boolean trailer;
    private final MessageDigest chunkDigest;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private String previousSignature;
    private String chunkSignature;
    private long remaining;
    private boolean eof;
    private long decoded;

    public AwsChunkedInputStream(InputStream in, Optional<Signer> signer, boolean trailer) {
        this.in = in;
        this.signer = signer.orElse(null);
        this.trailer = trailer;
        this.previousSignature = this.signer == null ? null : this.signer.seedSignature();
        try {
            this.chunkDigest = this.signer == null ? null : MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trailing headers (lower-case names), complete once the stream has returned -1. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    /** Bytes of payload decoded so far. */
    public long decodedBytes() {
        return decoded;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (eof) {
                return -1;
            }
            nextFrame();
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new PayloadException("IncompleteBody", "the aws-chunked body ended inside a chunk");
        }
        if (chunkDigest != null) {
            chunkDigest.update(b, off, n);
        }
        remaining -= n;
        decoded += n;
        if (remaining == 0) {
            endChunk(true);
        }
        return n;
    }

    /** Reads the next chunk header; a zero-size chunk ends the payload. */
    private void nextFrame() throws IOException {
        String line = line();
        if (line == null) {
            throw new PayloadException("IncompleteBody", "the aws-chunked body ended before its final chunk");
        }
        int semi = line.indexOf(';');
        String sizeText = (semi < 0 ? line : line.substring(0, semi)).trim();
        long size;
        try {
            size = Long.parseLong(sizeText, 16);
        } catch (NumberFormatException e) {
            throw new PayloadException("InvalidRequest", "a malformed aws-chunked chunk header: '" + abbreviate(line) + "'");
        }
        if (size < 0 || size > (1L << 40)) {
            throw new PayloadException("InvalidRequest", "an aws-chunked chunk size out of range: " + sizeText);
        }
        chunkSignature = null;
        if (semi >= 0) {
            String ext = line.substring(semi + 1).trim();
            if (ext.startsWith("chunk-signature=")) {
                chunkSignature = ext.substring("chunk-signature=".length());
            }
        }
        if (signer != null && chunkSignature == null) {
            throw new PayloadException("SignatureDoesNotMatch", "a chunk of a signed aws-chunked body has no chunk-signature");
        }
        remaining = size;
        if (size == 0) {
            endChunk(false);
            eof = true;
            finish();
        }
    }

    /** At the end of a chunk's data: its signature, then the CRLF that closes the data. */
    private void endChunk(boolean hasData) throws IOException {
        if (signer != null) {
            String expected = SigV4.sign(signer.signingKey(), SigV4.chunkStringToSign(signer.amzDate(), signer.scope(),
                    previousSignature, chunkDigest.digest()));
            if (!SigV4.same(expected, chunkSignature)) {
                throw new PayloadException("SignatureDoesNotMatch", "the signature of an aws-chunked chunk does not match "
                        + "(after " + decoded + " payload bytes)");
            }
            previousSignature = chunkSignature;
        }
        if (hasData) {
            String crlf = line();
            if (crlf == null || !crlf.isEmpty()) {
                throw new PayloadException("IncompleteBody", "an aws-chunked chunk is not followed by CRLF");
            }
        }
    }

    /** After the last chunk: trailing headers (verified when signed), then the closing empty line. */
    private void finish() throws IOException {
        if (!trailer) {
            String end = line();
            if (end != null && !end.isEmpty()) {
                throw new PayloadException("InvalidRequest", "unexpected data after the final aws-chunked chunk");
            }
            return;
        }
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        for (int i = 0; ; i++) {
            String line = line();
            if (line == null || line.isEmpty()) {
                break;
            }
            if (i >= MAX_TRAILERS) {
                throw new PayloadException("InvalidRequest", "too many trailing headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new PayloadException("InvalidRequest", "a malformed trailing header: '" + abbreviate(line) + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if ("x-amz-trailer-signature".equals(name)) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (signer != null) {
            if (trailerSignature == null) {
                throw new PayloadException("SignatureDoesNotMatch", "the signed aws-chunked body has no x-amz-trailer-signature");
            }
            String expected = SigV4.sign(signer.signingKey(), SigV4.trailerStringToSign(signer.amzDate(), signer.scope(),
                    previousSignature, canonical.toString()));
            if (!SigV4.same(expected, trailerSignature)) {
                throw new PayloadException("SignatureDoesNotMatch", "the trailer signature does not match");
            }
        }
    }

    /** One CRLF-terminated line (a bare LF is tolerated), or null at end of stream. */
    private String line() throws IOException {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.US_ASCII);
            }
            if (c == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.US_ASCII);
            }
            if (n == MAX_LINE) {
                throw new PayloadException("InvalidRequest", "an aws-chunked line longer than " + MAX_LINE + " bytes");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = (byte) c;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
