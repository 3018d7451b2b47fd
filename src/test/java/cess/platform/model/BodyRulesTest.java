package cess.platform.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BodyRulesTest {
    private final BodyRules rules = new BodyRules(4, 10_000, 1024);

    @Test
    void anyRateGoesDuringTheGrace() {
        assertFalse(rules.tooSlow(0, 0));
        assertFalse(rules.tooSlow(0, 10_000));
        assertFalse(rules.tooSlow(9, 9_999), "a byte a second is fine while the grace lasts");
    }

    @Test
    void aTrickleIsCutOnceTheGraceIsOver() {
        assertTrue(rules.tooSlow(11, 11_000), "a byte a second");
        assertTrue(rules.tooSlow(0, 10_001), "nothing at all");
        assertTrue(rules.tooSlow(11_263, 11_000), "just under 1 KiB/s on average");
        assertFalse(rules.tooSlow(11_264, 11_000), "exactly 1 KiB/s on average");
    }

    @Test
    void aFastUploadMayPauseLater() {
        // 1 GiB at 50 MB/s in about 21 s, then a ten-minute stall: the average still holds
        long gib = 1L << 30;
        assertFalse(rules.tooSlow(gib, 21_000 + 600_000));
        // but a fast start cannot buy an endless trickle: 60,000 bytes last a minute at most
        assertFalse(rules.tooSlow(60_000, 58_000));
        assertTrue(rules.tooSlow(60_000, 59_000));
    }

    @Test
    void hugeValuesDoNotOverflow() {
        assertFalse(new BodyRules(1, 0, Long.MAX_VALUE / 2).tooSlow(0, 0));
        assertTrue(new BodyRules(1, 0, Long.MAX_VALUE / 2).tooSlow(Long.MAX_VALUE / 2000, 10_000));
        assertFalse(new BodyRules(1, 0, 1).tooSlow(Long.MAX_VALUE, Long.MAX_VALUE));
        assertFalse(new BodyRules(1, 0, 0).tooSlow(0, Long.MAX_VALUE), "a minimum of 0 turns the check off");
    }

    @Test
    void whichRequestsReadABody() {
        assertTrue(BodyRules.hasBody(60_000, false, "PUT"));
        assertTrue(BodyRules.hasBody(-1, true, "POST"), "chunked, no length");
        assertFalse(BodyRules.hasBody(-1, false, "GET"), "a GET");
        assertFalse(BodyRules.hasBody(0, false, "POST"), "an empty POST");
        assertTrue(BodyRules.hasBody(-1, false, "POST"), "no length at all: an HTTP/2 body needs none");
        assertFalse(BodyRules.hasBody(-1, false, "DELETE"));
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BodyRules(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BodyRules(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BodyRules(1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new ReaderSlots(0));
    }

    @Test
    void slotsAdmitUpToTheCapacityAndRefuseTheRestAtOnce() {
        ReaderSlots slots = new ReaderSlots(2);
        assertTrue(slots.tryEnter());
        assertTrue(slots.tryEnter());
        assertFalse(slots.tryEnter());
        assertEquals(2, slots.inUse());
        slots.leave();
        assertTrue(slots.tryEnter());
        slots.leave();
        slots.leave();
        assertEquals(0, slots.inUse());
        assertThrows(IllegalStateException.class, slots::leave);
        assertEquals(0, slots.inUse(), "an unpaired leave changes nothing");
    }

    @Test
    void slotsNeverOvercommitUnderContention() throws Exception {
        ReaderSlots slots = new ReaderSlots(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (slots.tryEnter()) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        slots.leave();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        go.countDown();
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertTrue(most.get() <= 3, "at most the capacity inside at once: " + most.get());
        assertEquals(0, slots.inUse());
    }
}
