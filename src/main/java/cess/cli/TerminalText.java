package cess.cli;

import cess.ledger.wire.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Makes text from the chain or a node safe to print on a terminal: every control character —
 * C0 (U+0000–U+001F, newline and tab included), DEL (U+007F), C1 (U+0080–U+009F) — and every
 * bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069, which reorder what a terminal
 * shows) becomes a visible escape such as {@code \x1b} or {@code \u202e}, and a backslash becomes
 * {@code \\} so that an escape cannot be forged. Names, keys, endpoints and error messages can
 * then neither move the cursor, retitle the window, nor fake a line the CLI did not write: line
 * breaks on screen are only those the CLI prints itself. Stateless; thread-safe.
 */
final class TerminalText {
    private TerminalText() {
    }

    static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(c);
            if (escape != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Every string (and member name) of a JSON object, cleaned; numbers, booleans and null as they are. */
    static JsonObject clean(JsonObject v) {
        JsonObjectBuilder o = Jsons.createObjectBuilder();
        v.forEach((k, x) -> {
            switch (x.getValueType()) {
                case STRING -> o.add(clean(k), clean(((JsonString) x).getString()));
                case OBJECT -> o.add(clean(k), clean((JsonObject) x));
                case ARRAY -> o.add(clean(k), clean((JsonArray) x));
                default -> o.add(clean(k), x);
            }
        });
        return o.build();
    }

    static JsonArray clean(JsonArray v) {
        JsonArrayBuilder a = Jsons.createArrayBuilder();
        for (JsonValue x : v) {
            switch (x.getValueType()) {
                case STRING -> a.add(clean(((JsonString) x).getString()));
                case OBJECT -> a.add(clean((JsonObject) x));
                case ARRAY -> a.add(clean((JsonArray) x));
                default -> a.add(x);
            }
        }
        return a.build();
    }

    private static String escape(char c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
