package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import cess.ledger.wire.Jsons;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("\\x1b]0;pwned\\x07name", TerminalText.clean("\u001b]0;pwned\u0007name"));
        assertEquals("a\\x0afake line\\x0d", TerminalText.clean("a\nfake line\r"));
        assertEquals("\\x00\\x09\\x1f\\x7f\\x80\\x9b\\x9f", TerminalText.clean("\u0000\t\u001f\u007f\u0080\u009b\u009f"));
        assertEquals("evil\\u202etxt.exe\\u2066", TerminalText.clean("evil\u202etxt.exe\u2066"));
        assertEquals("back\\\\x1b", TerminalText.clean("back\\x1b"), "a literal backslash cannot forge an escape");
    }

    @Test
    void printableTextIsUntouched() {
        String s = "café/日本語 report (v2).pdf ~!@#$%^&*";
        assertSame(s, TerminalText.clean(s));
        assertEquals(null, TerminalText.clean((String) null));
    }

    @Test
    void everyStringOfAnAnswerIsCleaned() {
        JsonObject raw = Jsons.createObjectBuilder().add("message", "bad\u001b[2J")
                .add("files", Jsons.createArrayBuilder().add(Jsons.createObjectBuilder().add("name", "x\u009bm").add("size", 3))
                        .add("plain\u0085"))
                .add("k\u001b", true).build();
        JsonObject clean = TerminalText.clean(raw);
        assertEquals("bad\\x1b[2J", clean.getString("message"));
        assertEquals("x\\x9bm", clean.getJsonArray("files").getJsonObject(0).getString("name"));
        assertEquals(3, clean.getJsonArray("files").getJsonObject(0).getInt("size"));
        assertEquals("plain\\x85", clean.getJsonArray("files").getString(1));
        assertEquals(true, clean.getBoolean("k\\x1b"));
    }
}
