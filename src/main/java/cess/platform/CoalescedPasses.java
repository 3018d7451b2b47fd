package cess.platform;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a pass of background work on an executor whenever it is woken, one pass at a time: wakes
 * that arrive during a pass make one more pass, not one each, so a burst of final blocks costs
 * at most one pass behind the one running. A pass that throws is logged and the next wake runs
 * again. Thread-safe.
 */
public final class CoalescedPasses {
    private final Runnable pass;
    private final String failure;
    private final Logger log;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /**
     * @param pass    the work of one pass
     * @param failure what to log when a pass throws ("answering storage challenges failed", say)
     */
    public CoalescedPasses(Runnable pass, String failure, Logger log) {
        this.pass = pass;
        this.failure = failure;
        this.log = log;
    }

    /** Asks for a pass on {@code executor}: now, or after the running one. */
    public void wake(Executor executor) {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(() -> drain(executor));
        }
    }

    private void drain(Executor executor) {
        try {
            while (again.getAndSet(false)) {
                pass.run();
            }
        } catch (RuntimeException e) {
            log.log(Level.WARNING, failure + "; the next block retries", e);
        } finally {
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                executor.execute(() -> drain(executor));
            }
        }
    }
}
