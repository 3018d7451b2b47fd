package cess.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A check that runs once now and then on a schedule until it answers that nothing is left to
 * do, and that says each subject's state once rather than on every pass: how a node keeps what
 * the chain records about it (its miners' endpoints, its gateway's) true. A pass that throws is
 * logged and retried at the next period. Thread-safe.
 */
public final class Rechecks {
    private final String failure;
    private final Logger log;
    /** What was last told of each subject, so that a state is logged once. */
    private final Map<Object, String> told = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> checks;

    /** @param failure what to log when a pass throws ("checking the hosted miners' endpoints failed", say) */
    public Rechecks(String failure, Logger log) {
        this.failure = failure;
        this.log = log;
    }

    /**
     * Runs {@code pass} now and, while it answers true (another pass is needed), every
     * {@code period} on {@code scheduler} (none: the first pass only).
     */
    public void start(ScheduledExecutorService scheduler, Duration period, BooleanSupplier pass) {
        if (pass.getAsBoolean() && scheduler != null) {
            checks = scheduler.scheduleWithFixedDelay(() -> {
                try {
                    if (!pass.getAsBoolean()) {
                        checks.cancel(false);
                    }
                } catch (RuntimeException e) {
                    log.log(Level.WARNING, failure + "; will retry", e);
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the passes to come. */
    public void stop() {
        ScheduledFuture<?> c = checks;
        if (c != null) {
            c.cancel(false);
        }
    }

    /** Logs {@code message} at INFO if {@code subject}'s state is not already {@code state}. */
    public void tell(Object subject, String state, Supplier<String> message) {
        if (!state.equals(told.put(subject, state))) {
            log.info(message);
        }
    }
}
