package cess.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.platform.model.BodyRules;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatedInputStreamTest {
    private final BodyRules rules = new BodyRules(4, 10_000, 1024);
    private final AtomicLong now = new AtomicLong(1_000);
    private final Map<String, String> headers = new HashMap<>();

    /** A response that records headers; nothing else is called. */
    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> switch (m.getName()) {
                    case "isCommitted" -> false;
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private ServletInputStream servletStream(byte[] data) {
        return servletStream(data, 0);
    }

    /** The client's bytes, each read waiting {@code perReadMillis} for them (the client's time). */
    private ServletInputStream servletStream(byte[] data, long perReadMillis) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        return new ServletInputStream() {
            @Override
            public int read() {
                now.addAndGet(perReadMillis);
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                now.addAndGet(perReadMillis);
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aBodyAtSpeedPassesThroughUnchanged() throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        RatedInputStream in = new RatedInputStream(servletStream(data, 300), rules, now::get, now.get(), response());
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1000];
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) { // 100 KB in 30 s of waiting: 3.3 KB/s
            got.write(buf, 0, n);
        }
        assertArrayEquals(data, got.toByteArray());
        assertFalse(in.failed());
        assertTrue(headers.isEmpty());
    }

    @Test
    void aTrickleFailsAfterTheGraceAndStaysFailed() throws Exception {
        RatedInputStream in = new RatedInputStream(servletStream(new byte[60_000], 1_000), rules, now::get, now.get(),
                response());
        for (int s = 0; s < 10; s++) {
            assertEquals(0, in.read(), "a byte a second, during the grace");
        }
        SlowBodyException e = assertThrows(SlowBodyException.class, in::read);
        assertTrue(e.getMessage().contains("1024 bytes/s"), e.getMessage());
        assertTrue(in.failed());
        assertEquals("close", headers.get("Connection"));
        // a refusal that drains the rest is told at once, with no more waiting
        assertThrows(SlowBodyException.class, () -> in.read(new byte[10], 0, 10));
        assertThrows(SlowBodyException.class, () -> in.skip(100));
        assertTrue(SlowBodyException.in(new java.io.UncheckedIOException(e)));
        assertFalse(SlowBodyException.in(new RuntimeException(new java.io.IOException("reset"))));
    }

    @Test
    void theSocketReadTimeoutIsASlowBodyAndOtherFailuresStayWhatTheyAre() throws Exception {
        java.util.function.Function<java.io.IOException, ServletInputStream> failing = e -> new ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw e;
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        RatedInputStream timedOut = new RatedInputStream(failing.apply(
                new java.io.IOException(new java.util.concurrent.TimeoutException())), rules, now::get, now.get(), response());
        SlowBodyException slow = assertThrows(SlowBodyException.class, timedOut::read);
        assertTrue(slow.getMessage().contains("read timeout"), slow.getMessage());
        assertEquals("close", headers.get("Connection"));
        assertThrows(SlowBodyException.class, () -> timedOut.read(new byte[4], 0, 4), "and stays failed");

        java.io.IOException reset = new java.io.IOException("Connection reset by peer");
        RatedInputStream broken = new RatedInputStream(failing.apply(reset), rules, now::get, now.get(), response());
        assertEquals(reset, assertThrows(java.io.IOException.class, broken::read));
        assertFalse(broken.failed());
    }

    @Test
    void theTimeTheServerTakesBeforeItReadsIsNotTheClients() throws Exception {
        // A small transaction read late (a loaded machine, a lock): it was all there at once.
        byte[] tx = new byte[300];
        RatedInputStream in = new RatedInputStream(servletStream(java.util.Arrays.copyOf(tx, 300), 2), rules, now::get,
                now.get(), response());
        now.addAndGet(15_000);
        byte[] buf = new byte[100];
        int total = 0;
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
            total += n;
            now.addAndGet(4_000); // the server busy between reads
        }
        assertEquals(300, total);
        assertFalse(in.failed(), "the bytes came as fast as the server asked for them");
    }

    @Test
    void aBodyAlreadyCompleteIsNotFailedForItsPace() throws Exception {
        RatedInputStream in = new RatedInputStream(servletStream(new byte[10]), rules, now::get, now.get(), response());
        now.addAndGet(60_000);
        assertEquals(10, in.readAllBytes().length, "once a body is complete, there is nothing to wait for");
        assertFalse(in.failed());
    }
}
