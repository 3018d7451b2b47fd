package cess.runtime.control;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a pass on a pooled thread when woken, one pass at a time: wakes that arrive during a pass
 * make one more pass, not one each, and a pass never runs on the waking thread (a block's
 * finalization, a message listener). A pass that throws is logged and the next wake retries.
 * Thread-safe.
 */
final class Coalescing {
    private final Executor executor;
    private final Runnable pass;
    private final Logger log;
    private final String what;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** @param what the pass in words, for the log ("answering idle challenges") */
    Coalescing(Executor executor, Runnable pass, Logger log, String what) {
        this.executor = executor;
        this.pass = pass;
        this.log = log;
        this.what = what;
    }

    /** Asks for a pass soon. */
    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (again.getAndSet(false)) {
                pass.run();
            }
        } catch (RuntimeException e) {
            log.log(Level.WARNING, what + " failed; the next block retries", e);
        } finally {
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }
    }
}
