package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class CoalescedPassesTest {
    /** An executor that runs what it is given only when the test says so. */
    private static final class Manual implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    @Test
    void wakesDuringAPassMakeOneMorePassNotOneEach() {
        Manual ex = new Manual();
        AtomicInteger passes = new AtomicInteger();
        CoalescedPasses[] p = new CoalescedPasses[1];
        p[0] = new CoalescedPasses(() -> {
            if (passes.incrementAndGet() == 1) {
                for (int i = 0; i < 5; i++) {
                    p[0].wake(ex); // five blocks arrive during the first pass
                }
            }
        }, "test pass failed", Logger.getAnonymousLogger());
        p[0].wake(ex);
        p[0].wake(ex);
        assertEquals(1, ex.queued.size(), "one drain queued however often it is woken before it runs");
        ex.runAll();
        assertEquals(2, passes.get(), "the first pass, then one for everything that arrived during it");
        p[0].wake(ex);
        ex.runAll();
        assertEquals(3, passes.get(), "idle again: the next wake runs a pass");
    }

    @Test
    void aPassThatThrowsIsLoggedAndTheNextWakeRunsAgain() {
        Manual ex = new Manual();
        AtomicInteger passes = new AtomicInteger();
        CoalescedPasses p = new CoalescedPasses(() -> {
            passes.incrementAndGet();
            throw new IllegalStateException("disk gone");
        }, "test pass failed", Logger.getAnonymousLogger());
        p.wake(ex);
        ex.runAll();
        p.wake(ex);
        ex.runAll();
        assertEquals(2, passes.get());
    }
}
