package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A signature is taken only for the host the request really reached, or the operator's names for the node. */
class SignedHostTest {
    static boolean ok(String host, Set<String> names, String local, int port) {
        return SignedHost.problem(host, names, local, port).isEmpty();
    }

    @Test
    void theAddressAndPortTheRequestReachedAreOurs() {
        assertTrue(ok("127.0.0.1:8080", Set.of(), "127.0.0.1", 8080));
        assertTrue(ok("localhost:8080", Set.of(), "127.0.0.1", 8080));
        assertTrue(ok("LOCALHOST:8080", Set.of(), "127.0.0.1", 8080));
        assertTrue(ok("[::1]:8080", Set.of(), "0:0:0:0:0:0:0:1", 8080));
        assertTrue(ok("192.0.2.2:9000", Set.of(), "192.0.2.2", 9000));
        assertTrue(ok("192.0.2.2", Set.of(), "192.0.2.2", 80));
    }

    @Test
    void anotherGatewaysHostIsRefusedOnOneMachineAndAcrossMachines() {
        assertTrue(SignedHost.problem("127.0.0.1:8081", Set.of(), "127.0.0.1", 8080).isPresent(), "another port");
        assertTrue(SignedHost.problem("gateway-a.example", Set.of(), "192.0.2.7", 80).isPresent(), "another name");
        assertTrue(SignedHost.problem("localhost:8080", Set.of(), "192.0.2.7", 8080).isPresent(),
                "a loopback name over a non-loopback connection");
        assertTrue(SignedHost.problem(null, Set.of(), "127.0.0.1", 8080).isPresent());
        assertTrue(SignedHost.problem("x:y", Set.of(), "127.0.0.1", 8080).isPresent());
    }

    @Test
    void theOperatorsNamesAreOursBehindAProxy() {
        Set<String> names = Set.of("node.example", "data.example:8443");
        assertTrue(ok("node.example", names, "10.0.0.5", 8080));
        assertTrue(ok("node.example:443", names, "10.0.0.5", 8080));
        assertTrue(ok("data.example:8443", names, "10.0.0.5", 8080));
        assertTrue(SignedHost.problem("data.example:9999", names, "10.0.0.5", 8080).isPresent());
    }
}
