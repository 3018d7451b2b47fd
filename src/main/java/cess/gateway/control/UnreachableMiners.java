package cess.gateway.control;

import cess.gateway.model.MinerBackoff;
import cess.shared.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This gateway's memory of miners that just failed it ({@link MinerBackoff}: left out
 * {@code cess.miner.backoff-ms}, 30 s, after a first failure, doubling to 20 times that, until one
 * succeeds again): a miner that did not take a
 * fragment, or could not be reached or timed out serving one. Uploads leave such miners out of
 * placement, and reads ask a parity fragment instead of a data fragment on one, so that a node
 * that went away costs one timeout, not one a segment. Thread-safe.
 */
@ApplicationScoped
public class UnreachableMiners {
    /** The longest a miner is left out, as a multiple of the first time. */
    static final long MAX_FACTOR = 20;

    @jakarta.inject.Inject
    cess.platform.NodeConfig config;

    private MinerBackoff backoff;
    private final Clock clock = Clock.systemUTC();

    @jakarta.annotation.PostConstruct
    void start() {
        withBase(config.minerBackoffMillis());
    }

    private UnreachableMiners withBase(long baseMillis) {
        long base = Math.max(1, baseMillis);
        backoff = new MinerBackoff(base, Math.multiplyExact(base, MAX_FACTOR));
        return this;
    }

    /** Outside a container (a unit test of one read): leaving failed miners out for {@code baseMillis}. */
    static UnreachableMiners of(long baseMillis) {
        return new UnreachableMiners().withBase(baseMillis);
    }
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

    /** Failures since start: fragments a miner failed to take, or to serve in time (unreachable or too slow). */
    public long failures() {
        return failures.get();
    }
}
