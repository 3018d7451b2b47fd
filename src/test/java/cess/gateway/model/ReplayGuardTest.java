package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    @Test
    void aNonceWorksOncePerAccountUntilItExpires() {
        ReplayGuard g = new ReplayGuard(10, 5);
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("alice", "n1", 100, 50));
        assertEquals(ReplayGuard.Verdict.REPLAYED, g.admit("alice", "n1", 100, 60));
        assertEquals(ReplayGuard.Verdict.REPLAYED, g.admit("alice", "n1", 100, 100), "remembered through its expiry second");
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("bob", "n1", 100, 60), "nonces are per account");
        assertEquals(2, g.size());
        // Past the expiry the nonce is forgotten (its signature is refused as expired anyway).
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("carol", "n9", 300, 101));
        assertEquals(1, g.size());
    }

    @Test
    void atItsBoundsItRefusesNewNoncesRatherThanForgetUnexpiredOnes() {
        ReplayGuard g = new ReplayGuard(4, 2);
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("a", "1", 100, 0));
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("a", "2", 200, 0));
        assertEquals(ReplayGuard.Verdict.FULL, g.admit("a", "3", 100, 0), "one account takes at most its share");
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("b", "1", 100, 0));
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("c", "1", 100, 0));
        assertEquals(ReplayGuard.Verdict.FULL, g.admit("d", "1", 100, 0), "the guard is full");
        assertEquals(ReplayGuard.Verdict.REPLAYED, g.admit("a", "1", 100, 0), "and still remembers every nonce");
        assertEquals(4, g.size());
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("d", "1", 300, 101), "room again once three expired");
        assertEquals(ReplayGuard.Verdict.ADMITTED, g.admit("a", "3", 300, 101));
        assertEquals(ReplayGuard.Verdict.REPLAYED, g.admit("a", "2", 200, 101));
        assertEquals(ReplayGuard.Verdict.FULL, g.admit("a", "4", 300, 101));
    }

    @Test
    void boundsMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(2, 3));
    }
}
