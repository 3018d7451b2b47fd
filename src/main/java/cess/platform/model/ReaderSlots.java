package cess.platform.model;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of requests that read a body: at most {@code capacity} at once, and a request that
 * finds them all taken is refused at once rather than queued (a queue of slow bodies is the
 * starvation this prevents). Lock-free and thread-safe; every {@link #tryEnter} that returned
 * true must be paired with one {@link #leave}.
 */
public final class ReaderSlots {
    private final int capacity;
    private final AtomicInteger inUse = new AtomicInteger();

    public ReaderSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes a slot if one is free; false (and nothing taken) when all are in use. */
    public boolean tryEnter() {
        while (true) {
            int n = inUse.get();
            if (n >= capacity) {
                return false;
            }
            if (inUse.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryEnter}. */
    public void leave() {
        if (inUse.getAndDecrement() <= 0) {
            inUse.incrementAndGet();
            throw new IllegalStateException("leave without enter");
        }
    }

    public int inUse() {
        return inUse.get();
    }

    public int capacity() {
        return capacity;
    }
}
