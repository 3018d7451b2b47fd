package cess.console.boundary;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the admin console's files from the WAR's {@code console/} folder. The S3 API owns the
 * root servlet mapping, so the console has its own servlet: plain files only (no listings), a
 * fixed set of types, and headers that keep the pages to their own origin
 * (Content-Security-Policy {@code default-src 'self'}, no framing, no sniffing). Other methods
 * on {@code /console} itself are an S3 client's requests on a bucket named "console", refused
 * as S3 does.
 */
@WebServlet(name = "console", urlPatterns = {"/console", "/console/*"})
public class ConsoleServlet extends HttpServlet {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() == null) {
            resp.setStatus(400); // HeadBucket on "console": no body, as S3 answers a HEAD
            return;
        }
        serve(req, resp, false);
    }

    /** A POST that reaches the servlet is a sign-in by someone already signed in: on to the console. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() == null) {
            reservedBucket(resp);
            return;
        }
        resp.sendRedirect(req.getContextPath() + "/console/");
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        reservedBucket(resp);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        reservedBucket(resp);
    }

    /**
     * {@code /console} is where an S3 client's request on a bucket named "console" lands: the
     * console owns that path, so the answer is S3's own refusal, as XML.
     */
    private static void reservedBucket(HttpServletResponse resp) throws IOException {
        resp.setStatus(400);
        resp.setContentType("application/xml");
        resp.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidBucketName</Code>"
                + "<Message>The specified bucket is not valid: 'console' is reserved for the node's admin console (so are "
                + "api, health, metrics and openapi)</Message><Resource>/console</Resource></Error>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            resp.sendRedirect(req.getContextPath() + "/console/");
            return;
        }
        if (path.equals("/")) {
            path = "/index.html";
        } else if (path.equals("/login")) {
            path = "/login.html";
        }
        int dot = path.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
        if (type == null || path.contains("..") || path.contains("//") || path.contains("\\")) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = getServletContext().getResourceAsStream("/console" + path)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType(type);
            resp.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                    + "form-action 'self'; frame-ancestors 'none'");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("X-Frame-Options", "DENY");
            resp.setHeader("Referrer-Policy", "no-referrer");
            resp.setHeader("Cache-Control", path.endsWith(".html") ? "no-store" : "no-cache");
            if (body) {
                in.transferTo(resp.getOutputStream());
            }
        }
    }
}
