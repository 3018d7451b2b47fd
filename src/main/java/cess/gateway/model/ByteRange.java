package cess.gateway.model;

import java.util.Optional;

/**
 * One HTTP byte range ({@code Range: bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) resolved
 * against an object's size: inclusive {@code first..last}.
 */
public record ByteRange(long first, long last) {
    /** The range is syntactically fine but no byte of the object falls in it (HTTP 416). */
    public static final class Unsatisfiable extends RuntimeException {
        public Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /**
     * @return empty for no header, a malformed one, or several ranges (all of which mean: send the
     *         whole object, as RFC 9110 allows)
     * @throws Unsatisfiable when the range starts past the end or asks for the last 0 bytes
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    throw new Unsatisfiable("range " + header + " selects no byte of a " + size + "-byte object");
                }
                return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (first < 0 || (!b.isEmpty() && last < first)) {
                return Optional.empty();
            }
            if (first >= size) {
                throw new Unsatisfiable("range " + header + " starts past the end of a " + size + "-byte object");
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
