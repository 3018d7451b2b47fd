package cess.platform;

import cess.ledger.wire.Jsons;
import cess.platform.model.BodyRules;
import cess.platform.model.FormFields;
import cess.platform.model.ReaderSlots;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps slow request bodies from taking every HTTP worker. Mapped before every other filter
 * (web.xml). A request with a body takes one of {@code cess.http.body-readers} slots for as long
 * as it runs; when all are taken it is answered at once with 503 and {@code Retry-After} (a JSON
 * error under {@code /api} and {@code /console}, S3's {@code SlowDown} elsewhere) without
 * reading its body, and its connection is closed. An admitted body must keep the minimum rate
 * ({@link RatedInputStream}). Requests without a body (reads such as {@code GET
 * /api/chain/head}) pass untouched, so the workers the slots leave free always serve them.
 * Thread-safe.
 *
 * <p>Why not asynchronous servlet I/O ({@code ReadListener}), which frees a worker while a
 * body waits: every reader of a body here (JAX-RS resources, the S3 servlet's streaming
 * upload, Shiro's signature checks) reads a blocking {@code InputStream}; making them
 * asynchronous is a rewrite of each, and buffering bodies first would break streaming
 * uploads of any size. A bounded number of blocking readers, each made to keep a pace, gives
 * the same guarantee for the rest of the node with none of that.
 */
public class SlowBodyFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(SlowBodyFilter.class.getName());
    /** Seconds a refused client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 1;

    private BodyRules rules;
    private ReaderSlots slots;

    /** The container's: the rules come from configuration in {@link #init}. */
    public SlowBodyFilter() {
    }

    /** With the given rules (tests). */
    SlowBodyFilter(BodyRules rules) {
        this.rules = rules;
        this.slots = new ReaderSlots(rules.maxReaders());
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (rules != null) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        rules = new BodyRules(
                config.getOptionalValue("cess.http.body-readers", Integer.class).orElse(64),
                config.getOptionalValue("cess.http.body-grace-ms", Long.class).orElse(10_000L),
                config.getOptionalValue("cess.http.body-min-rate", Long.class).orElse(1024L));
        slots = new ReaderSlots(rules.maxReaders());
        LOG.info(() -> "request bodies: at most " + rules.maxReaders() + " read at once, at least "
                + rules.minBytesPerSecond() + " bytes/s after " + rules.graceMillis() + " ms");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)
                || !BodyRules.hasBody(http.getContentLengthLong(), isChunked(http), http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (!slots.tryEnter()) {
            busy(http, out);
            return;
        }
        try {
            chain.doFilter(new RatedRequest(http, out, rules), response);
        } finally {
            slots.leave();
        }
    }

    private static boolean isChunked(HttpServletRequest http) {
        String te = http.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private void busy(HttpServletRequest http, HttpServletResponse out) throws IOException {
        LOG.log(Level.FINE, "all {0} body slots in use: 503 for {1} {2}",
                new Object[] {slots.capacity(), http.getMethod(), http.getRequestURI()});
        out.setStatus(503);
        out.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        // the body stays unread: close the connection rather than wait for it
        out.setHeader("Connection", "close");
        String message = "too many requests are sending a body right now; retry in " + RETRY_AFTER_SECONDS + " s";
        String path = http.getRequestURI().substring(http.getContextPath().length());
        byte[] body;
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/console")) {
            out.setContentType("application/json");
            body = Jsons.createObjectBuilder().add("status", 503).add("code", "busy").add("message", message)
                    .build().toString().getBytes(StandardCharsets.UTF_8);
        } else {
            out.setContentType("application/xml");
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>" + message
                    + "</Message><Resource>" + xml(path) + "</Resource></Error>").getBytes(StandardCharsets.UTF_8);
        }
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The request with its body behind a {@link RatedInputStream}. */
    private static final class RatedRequest extends HttpServletRequestWrapper {
        private final HttpServletResponse response;
        private final BodyRules rules;
        private final long startMillis = nowMillis();
        private RatedInputStream body;
        private BufferedReader reader;

        RatedRequest(HttpServletRequest request, HttpServletResponse response, BodyRules rules) {
            super(request);
            this.response = response;
            this.rules = rules;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new RatedInputStream(super.getInputStream(), rules, RatedRequest::nowMillis, startMillis, response);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String enc = getCharacterEncoding();
                Charset cs = enc == null ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), cs));
            }
            return reader;
        }

        // A form's fields come from its body: parsed here, through the rated stream, so that a
        // caller asking for a parameter (the CSRF check, the sign-in) cannot read the body behind
        // the minimum rate's back, as the container's own parser would.
        @Override
        public String getParameter(String name) {
            String[] v = parameters().get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] v = parameters().get(name);
            return v == null ? null : v.clone();
        }

        private Map<String, String[]> form;

        private Map<String, String[]> parameters() {
            if (form != null) {
                return form;
            }
            String type = getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                form = super.getParameterMap();
                return form;
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            FormFields.parse(getQueryString(), fields);
            try {
                byte[] b = getInputStream().readNBytes(FormFields.MAX_BYTES + 1);
                if (b.length > FormFields.MAX_BYTES) {
                    throw new IllegalArgumentException("a form body over " + FormFields.MAX_BYTES + " bytes");
                }
                FormFields.parse(new String(b, StandardCharsets.UTF_8), fields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String[]> out = new LinkedHashMap<>();
            fields.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
            form = Collections.unmodifiableMap(out);
            return form;
        }

        private static long nowMillis() {
            return System.nanoTime() / 1_000_000;
        }
    }
}
