package cess.platform;

import cess.platform.model.BodyRules;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * A request body that must keep the minimum rate of {@link BodyRules}: every read counts the
 * bytes and, once the grace is over, fails with {@link SlowBodyException} if the body's average
 * rate has fallen below the minimum. Once failed it stays failed (a refusal that drains the rest
 * of the body gets the exception at once instead of waiting again), and the response is marked
 * {@code Connection: close}. Nothing is buffered: bytes pass straight through.
 *
 * <p>A read that blocks waiting for bytes cannot be interrupted from here; it is the listener's
 * socket read timeout ({@code read-timeout-millis} of the transport, set by
 * {@code docker/pre-boot-commands.txt}) that ends a body which stops entirely. Not thread-safe,
 * like the stream it wraps.
 */
final class RatedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private final BodyRules rules;
    private final LongSupplier clockMillis;
    private final long startMillis;
    private final HttpServletResponse response;
    private long bytes;
    /** Time spent inside reads of the client's bytes: the client's time, not the server's before it read. */
    private long waitedMillis;
    private boolean failed;

    RatedInputStream(ServletInputStream in, BodyRules rules, LongSupplier clockMillis, long startMillis,
                     HttpServletResponse response) {
        this.in = in;
        this.rules = rules;
        this.clockMillis = clockMillis;
        this.startMillis = startMillis;
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        check();
        int b;
        long t0 = clockMillis.getAsLong();
        try {
            b = in.read();
        } catch (IOException e) {
            throw timedOut(e);
        } finally {
            waitedMillis += clockMillis.getAsLong() - t0;
        }
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        check();
        int n;
        long t0 = clockMillis.getAsLong();
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            throw timedOut(e);
        } finally {
            waitedMillis += clockMillis.getAsLong() - t0;
        }
        count(Math.max(n, 0));
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        long skipped;
        long t0 = clockMillis.getAsLong();
        try {
            skipped = in.skip(n);
        } catch (IOException e) {
            throw timedOut(e);
        } finally {
            waitedMillis += clockMillis.getAsLong() - t0;
        }
        count(Math.max(skipped, 0));
        return skipped;
    }

    /**
     * The listener's socket read timeout, which ends a read that got no byte at all, as a
     * {@link SlowBodyException} (the client's doing: answered 408 without a stack trace); any
     * other failure as it is.
     */
    private IOException timedOut(IOException e) {
        if (!isTimeout(e)) {
            return e;
        }
        failed = true;
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        SlowBodyException slow = new SlowBodyException("no byte of the request body arrived within the read timeout ("
                + bytes + " bytes in " + (clockMillis.getAsLong() - startMillis) + " ms)");
        slow.initCause(e);
        return slow;
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.nio.channels.InterruptedByTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    boolean failed() {
        return failed;
    }

    private void count(long n) throws SlowBodyException {
        bytes += n;
        judge();
    }

    /**
     * After a read: judges the pace of the bytes the client has sent so far, over the time the
     * node spent waiting for them. A server busy elsewhere before it reads (a lock, a cold JIT, a
     * loaded machine) costs the client nothing: a small body read late arrives at once.
     */
    private void judge() throws SlowBodyException {
        if (!failed && !in.isFinished() && rules.tooSlow(bytes, waitedMillis)) {
            failed = true;
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
        }
        check();
    }

    /** Before a read: only a failure already found (the time before a read is the server's, not the client's). */
    private void check() throws SlowBodyException {
        if (failed) {
            throw new SlowBodyException("request body arrived slower than " + rules.minBytesPerSecond()
                    + " bytes/s (" + bytes + " bytes in " + waitedMillis + " ms of waiting for them)");
        }
    }
}
