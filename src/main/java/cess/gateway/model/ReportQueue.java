package cess.gateway.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The corrupt reads a gateway is to report, bounded and deduplicated: a fragment already queued,
 * or reported within the last {@code rememberMillis}, is not queued again (many reads of one
 * broken object make one report); at most {@code maxPending} wait, and at most
 * {@code maxRemembered} fragments are remembered (the oldest forgotten first). Time is an input.
 * Not thread-safe: the caller holds one lock around it (its calls are short and do no I/O).
 */
public final class ReportQueue {
    /** What {@link #offer} did with a corrupt read. */
    public enum Offer { QUEUED, DUPLICATE, FULL }

    private final int maxPending;
    private final int maxRemembered;
    private final long rememberMillis;
    private final Deque<CorruptRead> pending = new ArrayDeque<>();
    /** When each fragment was queued, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public ReportQueue(int maxPending, int maxRemembered, long rememberMillis) {
        if (maxPending < 1 || maxRemembered < maxPending || rememberMillis < 0) {
            throw new IllegalArgumentException("a report queue holds at least one read and remembers at least as many");
        }
        this.maxPending = maxPending;
        this.maxRemembered = maxRemembered;
        this.rememberMillis = rememberMillis;
    }

    /** Queues {@code read} found at {@code nowMillis}, unless it is a duplicate or the queue is full. */
    public Offer offer(CorruptRead read, long nowMillis) {
        forget(nowMillis);
        if (seen.containsKey(read.key())) {
            return Offer.DUPLICATE;
        }
        if (pending.size() >= maxPending) {
            return Offer.FULL;
        }
        pending.addLast(read);
        seen.put(read.key(), nowMillis);
        while (seen.size() > maxRemembered) {
            Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return Offer.QUEUED;
    }

    /** The next read to report, oldest first. */
    public Optional<CorruptRead> next() {
        return Optional.ofNullable(pending.pollFirst());
    }

    public int pending() {
        return pending.size();
    }

    private void forget(long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (nowMillis - e.getValue() < rememberMillis) {
                return; // the rest are newer
            }
            if (pending.stream().noneMatch(r -> r.key().equals(e.getKey()))) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
