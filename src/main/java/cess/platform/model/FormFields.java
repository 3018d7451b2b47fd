package cess.platform.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fields of an {@code application/x-www-form-urlencoded} text (a query or a form body), UTF-8. Pure. */
public final class FormFields {
    /** The largest form body the node parses: its forms (sign-in, CSRF-carrying posts) are a few hundred bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private FormFields() {
    }

    /** Adds the fields of {@code text} (null or empty: none) to {@code into}, in order; a malformed escape is refused. */
    public static void parse(String text, Map<String, List<String>> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }
}
