package cess.console.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsoleOriginTest {
    @Test
    void unsetTheConsoleIsEverywhereAndNoHostIsADataOrigin() {
        for (String unset : new String[] {null, "", "  "}) {
            ConsoleOrigin o = ConsoleOrigin.of(unset);
            assertFalse(o.separated());
            assertTrue(o.servesConsole("127.0.0.1:8080"));
            assertTrue(o.servesConsole(null));
            assertFalse(o.isDataOrigin("data.example"));
            assertFalse(o.isDataOrigin(null));
        }
    }

    @Test
    void setTheConsoleAnswersOnlyOnItsHost() {
        ConsoleOrigin o = ConsoleOrigin.of("Console.Node.Example:8080");
        assertTrue(o.separated());
        assertTrue(o.servesConsole("console.node.example:8080"));
        assertTrue(o.servesConsole("CONSOLE.node.example.:8080"), "a trailing dot names the same host");
        assertFalse(o.isDataOrigin("console.node.example:8080"));
        assertFalse(o.servesConsole("console.node.example:8081"), "another port is another origin");
        assertTrue(o.isDataOrigin("console.node.example:8081"));
        assertTrue(o.isDataOrigin("data.node.example"));
        assertFalse(o.servesConsole(null), "no Host header: not the console");
        assertFalse(o.isDataOrigin(null), "no Host header: not known to be a data origin either");
    }

    @Test
    void ipv6HostsWork() {
        ConsoleOrigin o = ConsoleOrigin.of("[::1]:8080");
        assertTrue(o.servesConsole("[::1]:8080"));
        assertTrue(o.isDataOrigin("127.0.0.1:8080"));
    }

    @Test
    void aMalformedSettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConsoleOrigin.of("http://console.example"));
        assertThrows(IllegalArgumentException.class, () -> ConsoleOrigin.of("console.example/x"));
        assertThrows(IllegalArgumentException.class, () -> ConsoleOrigin.of("a b"));
    }
}
