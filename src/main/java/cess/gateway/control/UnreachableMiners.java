package cess.gateway.control;

import cess.gateway.model.MinerBackoff;
import cess.shared.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This gateway's memory of miners that just failed to take a fragment ({@link MinerBackoff}:
 * left out of placement 30 s after a first failure, doubling to 10 min), shared by every upload,
 * so that one unreachable node costs one send timeout, not one per segment. Thread-safe.
 */
@ApplicationScoped
public class UnreachableMiners {
    static final long BASE_MILLIS = 30_000;
    static final long MAX_MILLIS = 600_000;

    private final MinerBackoff backoff = new MinerBackoff(BASE_MILLIS, MAX_MILLIS);
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong failures = new AtomicLong();

    public void failed(Address miner) {
        failures.incrementAndGet();
        synchronized (backoff) {
            backoff.failed(miner, clock.millis());
        }
    }

    public void succeeded(Address miner) {
        synchronized (backoff) {
            backoff.succeeded(miner);
        }
    }

    /** The miners placement leaves out now. */
    public Set<Address> avoided() {
        synchronized (backoff) {
            return backoff.avoided(clock.millis());
        }
    }

    /** Fragments a miner failed to take since start (each then placed elsewhere or the upload failed). */
    public long failures() {
        return failures.get();
    }
}
