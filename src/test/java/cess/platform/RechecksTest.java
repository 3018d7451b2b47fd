package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RechecksTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Logger log = Logger.getAnonymousLogger();
    private final List<String> logged = new ArrayList<>();

    RechecksTest() {
        log.setUseParentHandlers(false);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void passesRepeatUntilOneSaysNothingIsLeftAndAThrowIsRetried() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        new Rechecks("test check failed", log).start(scheduler, Duration.ofMillis(5), () -> {
            int n = passes.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("node still starting");
            }
            if (n == 4) {
                done.countDown();
                return false;
            }
            return true;
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertEquals(4, passes.get(), "no pass after the one that said done");
        synchronized (logged) {
            assertEquals(List.of("test check failed; will retry"), logged);
        }
    }

    @Test
    void aFirstPassWithNothingToDoSchedulesNothingAndStopEndsThePasses() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        new Rechecks("x", log).start(scheduler, Duration.ofMillis(5), () -> passes.incrementAndGet() < 0);
        Thread.sleep(30);
        assertEquals(1, passes.get());

        AtomicInteger forever = new AtomicInteger();
        Rechecks r = new Rechecks("x", log);
        r.start(scheduler, Duration.ofMillis(5), () -> forever.incrementAndGet() > 0);
        Thread.sleep(30);
        r.stop();
        Thread.sleep(20);
        int stopped = forever.get();
        Thread.sleep(30);
        assertEquals(stopped, forever.get(), "no pass after stop");
        new Rechecks("x", log).start(null, Duration.ofMillis(5), () -> true); // no scheduler: the first pass only
    }

    @Test
    void eachStateOfASubjectIsToldOnce() {
        Rechecks r = new Rechecks("x", log);
        r.tell("a", "moving", () -> "a moves");
        r.tell("a", "moving", () -> "a moves");
        r.tell("b", "moving", () -> "b moves");
        r.tell("a", "refused", () -> "a refused");
        r.tell("a", "moving", () -> "a moves again");
        assertEquals(List.of("a moves", "b moves", "a refused", "a moves again"), logged);
    }
}
