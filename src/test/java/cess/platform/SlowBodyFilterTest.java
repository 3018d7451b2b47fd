package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.platform.model.BodyRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SlowBodyFilterTest {
    private final SlowBodyFilter filter = new SlowBodyFilter(new BodyRules(1, 10_000, 1024));

    private static HttpServletRequest request(String method, String uri, long contentLength) {
        return (HttpServletRequest) Proxy.newProxyInstance(SlowBodyFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getContentLengthLong" -> contentLength;
                    case "getHeader" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A response that records what is set on it. */
    private static final class Recorded {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                SlowBodyFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) a[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    case "setContentType" -> headers.put("Content-Type", (String) a[0]);
                    case "setContentLength" -> headers.put("Content-Length", a[0].toString());
                    case "isCommitted" -> false;
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public void write(int b) {
                            body.write(b);
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                            throw new UnsupportedOperationException();
                        }
                    };
                    default -> throw new UnsupportedOperationException(m.getName());
                });

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void whenEverySlotIsTakenABodyIsRefusedAtOnceAsJsonOrS3Xml() throws Exception {
        Recorded api = new Recorded();
        Recorded s3 = new Recorded();
        AtomicInteger reached = new AtomicInteger();
        // the one slot is held by a request whose handler, while it runs, sees two more arrive
        FilterChain holding = (req, res) -> {
            reached.incrementAndGet();
            FilterChain never = (r2, s2) -> {
                throw new AssertionError("a refused request must not reach the application");
            };
            filter.doFilter(request("POST", "/api/transactions", 60_000), api.response, never);
            filter.doFilter(request("PUT", "/bucket/key", 1 << 30), s3.response, never);
        };
        filter.doFilter(request("POST", "/api/transactions", 60_000), new Recorded().response, holding);
        assertEquals(1, reached.get());

        assertEquals(503, api.status);
        assertEquals("1", api.headers.get("Retry-After"));
        assertEquals("close", api.headers.get("Connection"));
        assertEquals("application/json", api.headers.get("Content-Type"));
        assertTrue(api.text().contains("\"code\":\"busy\""), api.text());

        assertEquals(503, s3.status);
        assertEquals("1", s3.headers.get("Retry-After"));
        assertEquals("application/xml", s3.headers.get("Content-Type"));
        assertTrue(s3.text().contains("<Code>SlowDown</Code>") && s3.text().contains("<Resource>/bucket/key</Resource>"),
                s3.text());
    }

    @Test
    void requestsWithoutABodyPassUntouchedEvenWhenTheSlotsAreFull() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        HttpServletRequest head = request("GET", "/api/chain/head", -1);
        Recorded out = new Recorded();
        filter.doFilter(request("POST", "/api/transactions", 100), new Recorded().response,
                (req, res) -> filter.doFilter(head, out.response, (r2, s2) -> seen.set(r2)));
        assertSame(head, seen.get(), "not wrapped, not counted");
        assertEquals(200, out.status);
    }

    @Test
    void aFormsFieldsAreReadThroughTheRatedBodyNotTheContainersParser() throws Exception {
        byte[] form = "username=admin&csrf=t%2Bk".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(form);
        HttpServletRequest post = (HttpServletRequest) Proxy.newProxyInstance(SlowBodyFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "POST";
                    case "getRequestURI" -> "/console/login";
                    case "getContextPath" -> "";
                    case "getContentLengthLong" -> (long) form.length;
                    case "getContentType" -> "application/x-www-form-urlencoded; charset=UTF-8";
                    case "getQueryString" -> "signedout";
                    case "getHeader" -> null;
                    case "getInputStream" -> new jakarta.servlet.ServletInputStream() {
                        @Override
                        public int read() {
                            return in.read();
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
                        public void setReadListener(jakarta.servlet.ReadListener listener) {
                            throw new UnsupportedOperationException();
                        }
                    };
                    // the container's parser would read the body unrated: it must not be asked
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        filter.doFilter(post, new Recorded().response, (req, res) -> seen.set((HttpServletRequest) req));
        assertEquals("admin", seen.get().getParameter("username"));
        assertEquals("t+k", seen.get().getParameter("csrf"));
        assertEquals("", seen.get().getParameter("signedout"), "query fields too");
        assertEquals(0, in.available(), "the body was read, through the wrapper");
    }

    @Test
    void aSlotIsGivenBackWhenTheRequestEndsEvenByAnException() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        try {
            filter.doFilter(request("PUT", "/bucket/key", 10), new Recorded().response, (req, res) -> {
                throw new IllegalStateException("handler failed");
            });
        } catch (IllegalStateException expected) {
            // the handler's failure goes on up
        }
        filter.doFilter(request("PUT", "/bucket/key", 10), new Recorded().response, (req, res) -> seen.set(req));
        assertInstanceOf(HttpServletRequest.class, seen.get(), "the slot was free again");
        assertTrue(seen.get() instanceof jakarta.servlet.http.HttpServletRequestWrapper, "an admitted body is wrapped");
    }
}
