package cess.security;

import cess.ledger.wire.Jsons;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the API's JSON error body from a servlet filter, before JAX-RS is reached. */
final class JsonErrors {
    private JsonErrors() {
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Jsons.createObjectBuilder().add("status", status).add("error", code)
                .add("message", message).build().toString());
    }
}
