package cess.security;

import cess.gateway.model.SignedBody;
import cess.gateway.model.SignedHost;
import cess.gateway.model.SignedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.filter.authc.AuthenticatingFilter;
import org.apache.shiro.web.util.WebUtils;

/**
 * Requires a valid account signature ({@link SignedRequest}, in headers or a presigned link's
 * query) on every request, except reads (GET, HEAD) that carry none when the filter is configured
 * {@code signedRequest[reads]}: those pass anonymously, and the resource decides what an anonymous
 * caller may see. A request that does carry a signature must verify. Refusals are JSON: 401
 * {@code unauthorized}, 409 {@code signature_replayed}, 503 {@code replay_guard_full}.
 *
 * <p>The body: a request without one must sign the empty body's hash; a request with one is
 * passed on with its body checked against the signed hash as it streams ({@link SignedBody}),
 * unless it signed {@link SignedRequest#UNSIGNED_BODY}.
 */
public class SignedRequestFilter extends AuthenticatingFilter {
    /** The request attribute holding the SHA-256 the signature covers, once the signature verified. */
    static final String SIGNED_BODY = SignedRequestFilter.class.getName() + ".bodySha256";

    @Override
    protected AuthenticationToken createToken(ServletRequest request, ServletResponse response) {
        HttpServletRequest http = WebUtils.toHttp(request);
        String path = http.getRequestURI().substring(http.getContextPath().length());
        long now = System.currentTimeMillis() / 1000;
        if (presigned(http)) {
            Map<String, String> q = cess.gateway.model.SigV4.queryParameters(http.getQueryString());
            return new SignedRequestToken(true, q.get(SignedRequest.PRESIGNED_ACCOUNT), q.get(SignedRequest.PRESIGNED_EXPIRES),
                    "", SignedRequest.UNSIGNED_BODY, q.get(SignedRequest.PRESIGNED_SIGNATURE), http.getMethod(),
                    http.getHeader("Host"), path, http.getQueryString(), now);
        }
        return new SignedRequestToken(false, header(http, SignedRequest.ACCOUNT), header(http, SignedRequest.EXPIRES),
                header(http, SignedRequest.NONCE), header(http, SignedRequest.BODY_SHA256),
                header(http, SignedRequest.SIGNATURE), http.getMethod(), http.getHeader("Host"), path,
                http.getQueryString(), now);
    }

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        HttpServletRequest http = WebUtils.toHttp(request);
        boolean signed = presigned(http) || Stream.of(SignedRequest.ACCOUNT, SignedRequest.SIGNATURE, SignedRequest.NONCE)
                .anyMatch(h -> http.getHeader(h) != null);
        boolean read = "GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod());
        String[] config = (String[]) mappedValue;
        boolean readsOpen = config != null && Arrays.asList(config).contains("reads");
        return !signed && read && readsOpen;
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws Exception {
        HttpServletRequest http = WebUtils.toHttp(request);
        java.util.Optional<String> foreignHost = SignedHost.problem(http.getHeader("Host"), ownNames(),
                http.getLocalAddr(), http.getLocalPort());
        if (foreignHost.isPresent()) {
            return deny(response, SignedRequestRefused.unauthorized(foreignHost.get()));
        }
        if (presigned(http)) {
            Map<String, String> q = cess.gateway.model.SigV4.queryParameters(http.getQueryString());
            if (q.get(SignedRequest.PRESIGNED_ACCOUNT) == null || q.get(SignedRequest.PRESIGNED_EXPIRES) == null) {
                return deny(response, SignedRequestRefused.unauthorized("a presigned link needs the query parameters "
                        + SignedRequest.PRESIGNED_ACCOUNT + ", " + SignedRequest.PRESIGNED_EXPIRES + " and "
                        + SignedRequest.PRESIGNED_SIGNATURE));
            }
            return executeLogin(request, response);
        }
        if (Stream.of(SignedRequest.ACCOUNT, SignedRequest.EXPIRES, SignedRequest.NONCE, SignedRequest.BODY_SHA256,
                SignedRequest.SIGNATURE).anyMatch(h -> http.getHeader(h) == null)) {
            return deny(response, SignedRequestRefused.unauthorized("this request needs the headers Account, Expires "
                    + "(Unix seconds), Nonce (16+ random bytes, hex), Body-SHA256 (hex, or UNSIGNED-PAYLOAD) and Signature "
                    + "(Ed25519 over \"CESS-REQUEST-V2\\n\" + method + \"\\n\" + host + \"\\n\" + path + \"\\n\" + "
                    + "canonical query + \"\\n\" + Body-SHA256 + \"\\n\" + Expires + \"\\n\" + Nonce); see README"));
        }
        String bodySha256 = header(http, SignedRequest.BODY_SHA256);
        if (!hasBody(http) && !bodySha256.equals(SignedRequest.EMPTY_BODY_SHA256)
                && !bodySha256.equals(SignedRequest.UNSIGNED_BODY)) {
            return deny(response, new SignedRequestRefused(400, SignedBody.MISMATCH, "the request has no body, but "
                    + SignedRequest.BODY_SHA256 + " is not the empty body's hash " + SignedRequest.EMPTY_BODY_SHA256));
        }
        return executeLogin(request, response);
    }

    @Override
    protected boolean onLoginFailure(AuthenticationToken token, AuthenticationException e, ServletRequest request,
                                     ServletResponse response) {
        return deny(response, e instanceof SignedRequestRefused r ? r : SignedRequestRefused.unauthorized(e.getMessage()));
    }

    @Override
    protected boolean onLoginSuccess(AuthenticationToken token, Subject subject, ServletRequest request,
                                     ServletResponse response) {
        SignedRequestToken t = (SignedRequestToken) token;
        if (!t.presigned() && !SignedRequest.UNSIGNED_BODY.equals(t.bodySha256())) {
            request.setAttribute(SIGNED_BODY, t.bodySha256());
        }
        return true;
    }

    /** Passes the request on with its body verified against the signed hash, where one was signed. */
    @Override
    protected void executeChain(ServletRequest request, ServletResponse response, FilterChain chain) throws Exception {
        Object sha = request.getAttribute(SIGNED_BODY);
        if (sha instanceof String expected && hasBody(WebUtils.toHttp(request))) {
            chain.doFilter(new VerifiedRequest(WebUtils.toHttp(request), expected), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean presigned(HttpServletRequest http) {
        String q = http.getQueryString();
        return q != null && q.contains(SignedRequest.PRESIGNED_SIGNATURE + "=") && http.getHeader(SignedRequest.SIGNATURE) == null;
    }

    /** The operator's names for this node: {@code cess.http.hosts} and the host of {@code cess.public.url}. */
    private static java.util.Set<String> ownNames() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        java.util.Set<String> names = new java.util.HashSet<>();
        config.getOptionalValue("cess.http.hosts", String.class).ifPresent(v -> java.util.Arrays.stream(v.split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).map(x -> x.toLowerCase(java.util.Locale.ROOT))
                .forEach(names::add));
        config.getOptionalValue("cess.public.url", String.class).ifPresent(u -> {
            try {
                java.net.URI uri = java.net.URI.create(u.trim());
                if (uri.getHost() != null) {
                    String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
                    names.add(uri.getPort() < 0 ? host : host + ":" + uri.getPort());
                }
            } catch (IllegalArgumentException ignored) {
                // NodeConfig refuses a malformed cess.public.url at start
            }
        });
        return names;
    }

    private static boolean hasBody(HttpServletRequest http) {
        return cess.platform.model.BodyRules.hasBody(http.getContentLengthLong(), http.getHeader("Transfer-Encoding") != null,
                http.getMethod());
    }

    private static String header(HttpServletRequest http, String name) {
        String v = http.getHeader(name);
        return v == null ? null : v.trim();
    }

    private static boolean deny(ServletResponse response, SignedRequestRefused refusal) {
        try {
            JsonErrors.write(WebUtils.toHttp(response), refusal.status(), refusal.code(), refusal.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /** The request with its body read through {@link SignedBody}. */
    private static final class VerifiedRequest extends HttpServletRequestWrapper {
        private final String expected;
        private ServletInputStream stream;

        VerifiedRequest(HttpServletRequest request, String expected) {
            super(request);
            this.expected = expected;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream raw = super.getInputStream();
                InputStream checked = new SignedBody(raw, expected);
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return checked.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return checked.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return raw.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        raw.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding()));
        }
    }
}
