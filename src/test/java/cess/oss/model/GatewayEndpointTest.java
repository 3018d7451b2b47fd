package cess.oss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayEndpointTest {
    @Test
    void acceptsAbsoluteHttpAndHttpsUrlsWithHostPortAndPath() {
        for (String ok : new String[] {"http://127.0.0.1:8080", "https://gw.example.org", "https://gw.example.org/cess/",
                "http://[::1]:8080", "HTTPS://GW.EXAMPLE:443/a/b", "http://node-4.local:1"}) {
            assertEquals(Optional.empty(), GatewayEndpoint.problem(ok), ok);
        }
        assertEquals(Optional.empty(), GatewayEndpoint.problem("http://h/" + "a".repeat(GatewayEndpoint.MAX_LENGTH - 9)),
                "exactly the limit");
    }

    @Test
    void refusesEachBadFormWithItsReason() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("", "must not be empty"),
                Map.entry("http://h/" + "a".repeat(GatewayEndpoint.MAX_LENGTH - 8), "at most 256 characters"),
                Map.entry("http://h/a b", "printable ASCII"),
                Map.entry("http://h/\u00e9", "printable ASCII"),
                Map.entry("http://h/\n", "printable ASCII"),
                Map.entry("ftp://h", "http:// or https://"),
                Map.entry("/relative/path", "http:// or https://"),
                Map.entry("gw.example:8080", "http:// or https://"),
                Map.entry("http://user:secret@h:8080", "user info"),
                Map.entry("http://user@h", "user info"),
                Map.entry("http:///nohost", "name a host"),
                Map.entry("http://bad_host:80", "name a host"),
                Map.entry("http://h:0", "port must be 1..65535"),
                Map.entry("http://h:70000", "port must be 1..65535"),
                Map.entry("http://h/?x=1", "query"),
                Map.entry("http://h/#top", "fragment"),
                Map.entry("http://h/%zz", "not a URL"));
        bad.forEach((endpoint, reason) -> {
            Optional<String> p = GatewayEndpoint.problem(endpoint);
            assertTrue(p.isPresent() && p.get().contains(reason), endpoint + " -> " + p);
        });
        assertTrue(GatewayEndpoint.problem(null).isPresent());
    }
}
