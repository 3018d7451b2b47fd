package cess.console.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(3, 5, 60_000, 1_000, 8_000, 100);
    final LoginThrottle t = new LoginThrottle(POLICY);

    @Test
    void failuresUpToTheLimitLeaveTheUserFreeThenTheBackOffDoubles() {
        long now = 1_000_000;
        t.failed("admin", "10.0.0.1", now);
        t.failed("admin", "10.0.0.1", now);
        assertEquals(0, t.waitMillis("admin", "10.0.0.1", now));
        t.failed("admin", "10.0.0.1", now);
        assertEquals(1_000, t.waitMillis("admin", "10.0.0.1", now));
        assertEquals(1_000, t.waitMillis("admin", "10.0.0.2", now), "the user is throttled from every address");
        assertEquals(0, t.waitMillis("viewer", "10.0.0.2", now), "another user elsewhere is not");
        assertEquals(400, t.waitMillis("admin", "10.0.0.2", now + 600));
        now += 1_000;
        assertEquals(0, t.waitMillis("admin", "10.0.0.1", now));
        t.failed("admin", "10.0.0.1", now);
        assertEquals(2_000, t.waitMillis("admin", "10.0.0.1", now));
        now += 2_000;
        t.failed("admin", "10.0.0.1", now);
        assertEquals(4_000, t.waitMillis("admin", "10.0.0.1", now));
        now += 4_000;
        t.failed("admin", "10.0.0.1", now);
        assertEquals(8_000, t.waitMillis("admin", "10.0.0.1", now));
        now += 8_000;
        t.failed("admin", "10.0.0.1", now);
        assertEquals(8_000, t.waitMillis("admin", "10.0.0.1", now), "capped at the longest back-off");
    }

    @Test
    void anAddressGuessingManyUsersIsThrottled() {
        for (int i = 0; i < 4; i++) {
            t.failed("user" + i, "10.0.0.9", 0);
        }
        assertEquals(0, t.waitMillis("someone", "10.0.0.9", 0));
        t.failed("user4", "10.0.0.9", 0);
        assertEquals(1_000, t.waitMillis("someone", "10.0.0.9", 0), "every user from that address waits");
        assertEquals(0, t.waitMillis("someone", "10.0.0.8", 0), "other addresses do not");
    }

    @Test
    void aSuccessClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            t.failed("admin", "10.0.0.1", 0);
        }
        t.failed("viewer", "10.0.0.1", 0);
        t.failed("viewer", "10.0.0.1", 0);
        t.succeeded("admin", "10.0.0.1", 500);
        assertEquals(0, t.waitMillis("admin", "10.0.0.3", 500));
        t.failed("admin", "10.0.0.3", 500);
        assertEquals(0, t.waitMillis("admin", "10.0.0.3", 500), "the user's count started again");
        assertEquals(500, t.waitMillis("viewer", "10.0.0.1", 500), "the address's five failures still hold it");
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotAddUp() {
        t.failed("admin", "a", 0);
        t.failed("admin", "a", 1);
        t.failed("admin", "a", 70_000);
        assertEquals(0, t.waitMillis("admin", "a", 70_000));
    }

    @Test
    void memoryIsBounded() {
        LoginThrottle small = new LoginThrottle(new LoginThrottle.Policy(1, 1000, 60_000, 1_000, 8_000, 10));
        small.failed("victim", "x", 0);
        assertEquals(1_000, small.waitMillis("victim", "y", 0));
        for (int i = 0; i < 10; i++) {
            small.failed("u" + i, "a" + i, 2_000);
        }
        assertEquals(0, small.waitMillis("victim", "y", 2_000), "the oldest was forgotten to make room");
        assertEquals(1_000, small.waitMillis("u9", "z", 2_000));
    }

    @Test
    void aBadPolicyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle.Policy(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle.Policy(1, 1, 1, 10, 5, 1));
    }
}
