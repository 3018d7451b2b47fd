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
 * (Content-Security-Policy {@code default-src 'self'}, no framing, no sniffing).
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
        serve(req, resp, false);
    }

    /** A POST that reaches the servlet is a sign-in by someone already signed in: on to the console. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendRedirect(req.getContextPath() + "/console/");
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
