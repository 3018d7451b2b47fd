package cess.gateway.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of a {@code multipart/form-data} body (RFC 7578 over RFC 2046): parts come
 * one after the other, each with its headers and a stream of its content that ends at the next
 * delimiter. Nothing is buffered beyond a fixed window, so a file part of any size streams
 * straight into the upload pipeline.
 *
 * <p>Framing errors (no opening delimiter, oversize or malformed part headers, a body cut before
 * the closing delimiter) surface as a {@link PayloadException} with code
 * {@value #MALFORMED}, thrown by whatever read hits them: a reader that aborts on an exception
 * stores nothing.
 */
public final class MultipartForm {
    public static final String MALFORMED = "malformed_multipart";
    /** Longest header block of one part. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Longest boundary RFC 2046 allows. */
    static final int MAX_BOUNDARY = 70;
    private static final int WINDOW = 64 * 1024;

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part's content. */
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private PartStream current;

    private MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(WINDOW, MAX_HEADER_BYTES + delimiter.length + 4)];
    }

    /**
     * A reader of {@code body} as the form a {@code Content-Type} header announces.
     *
     * @throws IllegalArgumentException naming the problem if the header is not
     *         {@code multipart/form-data} with a valid boundary
     */
    public static MultipartForm of(String contentType, InputStream body) {
        return new MultipartForm(body, boundary(contentType));
    }

    /** Whether a Content-Type header announces a form. */
    public static boolean isForm(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static String boundary(String contentType) {
        if (!isForm(contentType)) {
            throw new IllegalArgumentException("the body is not multipart/form-data");
        }
        Map<String, String> params = parameters(contentType.substring(contentType.indexOf(';') < 0
                ? contentType.length() : contentType.indexOf(';')));
        String b = params.get("boundary");
        if (b == null || b.isEmpty() || b.length() > MAX_BOUNDARY || b.endsWith(" ")) {
            throw new IllegalArgumentException("multipart/form-data needs a boundary of 1 to 70 characters");
        }
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("the multipart boundary has a character outside printable ASCII");
            }
        }
        return b;
    }

    /** One part: its form field name, file name if any, content type if any, and its content. */
    public record Part(String name, Optional<String> filename, Optional<String> contentType, InputStream content) {
    }

    /**
     * The next part, or empty after the closing delimiter. The previous part's unread content is
     * skipped.
     */
    public Optional<Part> next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        if (finished) {
            return Optional.empty();
        }
        if (!started) {
            skipPreamble();
            started = true;
        }
        if (afterDelimiter()) {
            return Optional.empty();
        }
        Map<String, String> headers = readHeaders();
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.trim().toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw malformed("a part has no Content-Disposition: form-data header");
        }
        Map<String, String> params = parameters(disposition.substring(disposition.indexOf(';') < 0
                ? disposition.length() : disposition.indexOf(';')));
        String name = params.get("name");
        if (name == null) {
            throw malformed("a part's Content-Disposition has no name");
        }
        Optional<String> filename = Optional.ofNullable(params.get("filename")).filter(f -> !f.isEmpty());
        Optional<String> type = Optional.ofNullable(headers.get("content-type")).map(String::trim);
        current = new PartStream();
        return Optional.of(new Part(name, filename, type, current));
    }

    /**
     * The content of the part {@link #next} returned last, as the form's final part: reaching its
     * end also reads the closing delimiter, and a body with another part after it, or one cut
     * short, fails that read. A reader that acts on the content once it has read it all (an
     * upload that then commits) so never acts on a form it did not read entirely.
     */
    public InputStream finalContent() {
        if (current == null) {
            throw new IllegalStateException("no current part");
        }
        current.last = true;
        return current;
    }

    // ------------------------------------------------------------------ framing

    /** Skips everything up to the first delimiter, which may open the body without a CRLF. */
    private void skipPreamble() throws IOException {
        fill(delimiter.length);
        int dash = delimiter.length - 2;
        if (lim - pos >= dash && regionMatches(pos, 2, dash)) {
            pos += dash;
            return;
        }
        while (true) {
            fill(delimiter.length);
            int at = indexOfDelimiter();
            if (at >= 0) {
                pos = at + delimiter.length;
                return;
            }
            if (eof) {
                throw malformed("the body has no multipart delimiter for its boundary");
            }
            pos = Math.max(pos, lim - delimiter.length + 1);
        }
    }

    /**
     * After a delimiter: "--" closes the body (the epilogue is ignored), otherwise optional
     * transport padding and CRLF open the next part. Returns whether the body is closed.
     */
    private boolean afterDelimiter() throws IOException {
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            finished = true;
            return true;
        }
        int padding = 0;
        while (true) {
            fill(2);
            if (lim - pos < 2) {
                throw malformed("the body ends inside a delimiter line");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return false;
            }
            if ((buf[pos] != ' ' && buf[pos] != '\t') || ++padding > 64) {
                throw malformed("unexpected bytes after a multipart delimiter");
            }
            pos++;
        }
    }

    /** Header lines up to the blank line, names lower-cased; a long header block is refused. */
    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int read = 0;
        while (true) {
            int end = lineEnd();
            if (end < 0) {
                throw malformed(eof ? "the body ends inside a part's headers"
                        : "a part's headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int length = end - pos;
            read += length + 2;
            if (read > MAX_HEADER_BYTES) {
                throw malformed("a part's headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            String line = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos = end + 2;
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part has a malformed header line");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** The index of the next CRLF from {@code pos}, reading more as needed; -1 if none fits. */
    private int lineEnd() throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    return i;
                }
            }
            from = Math.max(pos, lim - 1);
            if (eof || lim - pos > MAX_HEADER_BYTES) {
                return -1;
            }
            fill(lim - pos + 1);
        }
    }

    /** The delimiter's index in the window, or -1. */
    private int indexOfDelimiter() {
        for (int i = pos; i + delimiter.length <= lim; i++) {
            if (buf[i] == delimiter[0] && regionMatches(i, 0, delimiter.length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean regionMatches(int at, int from, int length) {
        for (int j = 0; j < length; j++) {
            if (buf[at + j] != delimiter[from + j]) {
                return false;
            }
        }
        return true;
    }

    /** Reads until at least {@code wanted} bytes are buffered past {@code pos}, or the end. */
    private void fill(int wanted) throws IOException {
        if (lim - pos >= wanted || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < wanted && !eof) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
    }

    private static PayloadException malformed(String message) {
        return new PayloadException(MALFORMED, message);
    }

    /** {@code ; key=value; key="quoted"} parameters of a header value, keys lower-cased. */
    static Map<String, String> parameters(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ';' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int eq = text.indexOf('=', i);
            int semi = text.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                i = semi < 0 ? n : semi + 1;
                continue;
            }
            String key = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
                i++;
            } else {
                int end = text.indexOf(';', i);
                end = end < 0 ? n : end;
                value.append(text.substring(i, end).trim());
                i = end;
            }
            out.putIfAbsent(key, value.toString());
        }
        return out;
    }

    /** The content of the current part: ends where the next delimiter starts. */
    private final class PartStream extends InputStream {
        private boolean done;
        private boolean last;

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(Math.min(buf.length, Math.max(delimiter.length, len + delimiter.length)));
            int at = indexOfDelimiter();
            int available;
            if (at == pos) {
                pos += delimiter.length;
                done = true;
                if (last && !afterDelimiter()) {
                    throw malformed("the form has a part after the file; put the file last");
                }
                return -1;
            } else if (at > pos) {
                available = at - pos;
            } else if (eof) {
                throw malformed("the body ends before the part's closing delimiter");
            } else {
                // No delimiter in the window: all but its last delimiter-1 bytes are content.
                available = lim - pos - (delimiter.length - 1);
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
