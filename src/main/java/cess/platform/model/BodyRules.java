package cess.platform.model;

/**
 * When a request body arrives too slowly to keep waiting for, and which requests count as
 * reading one. A body is judged by its average rate since the request began: for the first
 * {@code graceMillis} anything goes (a client may be slow to start, or the link briefly busy);
 * after that it must have averaged at least {@code minBytesPerSecond}. An upload at normal speed
 * builds a large average, so a later pause does not trip it; a client that trickles a byte a
 * second is cut once the grace is over. Immutable, thread-safe.
 *
 * @param maxReaders        requests that may read a body at once (the rest are told to retry)
 * @param graceMillis       how long a body may arrive at any rate
 * @param minBytesPerSecond the average rate a body must keep after the grace
 */
public record BodyRules(int maxReaders, long graceMillis, long minBytesPerSecond) {
    public BodyRules {
        if (maxReaders < 1) {
            throw new IllegalArgumentException("maxReaders must be at least 1: " + maxReaders);
        }
        if (graceMillis < 0) {
            throw new IllegalArgumentException("graceMillis must not be negative: " + graceMillis);
        }
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBytesPerSecond must not be negative: " + minBytesPerSecond);
        }
    }

    /**
     * Whether a request may have a body to read: a positive {@code Content-Length}, a chunked one,
     * or no length at all on a method that carries bodies (an HTTP/2 body needs neither header).
     * {@code contentLength} is -1 when the request declares none.
     */
    public static boolean hasBody(long contentLength, boolean chunked, String method) {
        if (contentLength > 0 || chunked) {
            return true;
        }
        return contentLength < 0 && !java.util.Set.of("GET", "HEAD", "OPTIONS", "DELETE", "TRACE").contains(method);
    }

    /**
     * Whether a body that has delivered {@code bytesRead} bytes in {@code elapsedMillis} of the
     * node waiting for them (time spent in reads) is too slow to keep reading.
     */
    public boolean tooSlow(long bytesRead, long elapsedMillis) {
        if (elapsedMillis <= graceMillis) {
            return false;
        }
        // bytesRead / seconds < min, without floating point: bytesRead * 1000 < min * millis
        return multiplySaturated(bytesRead, 1000) < multiplySaturated(minBytesPerSecond, elapsedMillis);
    }

    private static long multiplySaturated(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
