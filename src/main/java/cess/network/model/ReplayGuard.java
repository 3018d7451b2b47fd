package cess.network.model;

import cess.shared.Hash;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses envelopes seen before, or sent too long ago or too far ahead: an envelope is
 * accepted once, within {@code window} of the receiver's clock. Only ids within the window are
 * remembered, so memory is bounded by the traffic of one window. Not thread-safe (the caller
 * serializes); time comes in as an argument.
 */
public final class ReplayGuard {
    private final long windowMillis;
    private final Set<Hash> seen = new HashSet<>();
    private final ArrayDeque<long[]> order = new ArrayDeque<>();
    private final ArrayDeque<Hash> orderIds = new ArrayDeque<>();

    public ReplayGuard(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowMillis = windowMillis;
    }

    /** Checks one opened envelope at the receiver's time {@code now}; remembers it when accepted. */
    public Envelope.Verdict check(Envelope e, long now) {
        evict(now);
        if (e.sentMillis() < now - windowMillis) {
            return Envelope.Verdict.STALE;
        }
        if (e.sentMillis() > now + windowMillis) {
            return Envelope.Verdict.FROM_THE_FUTURE;
        }
        Hash id = e.id();
        if (!seen.add(id)) {
            return Envelope.Verdict.REPLAYED;
        }
        order.add(new long[] {Math.max(e.sentMillis(), now)});
        orderIds.add(id);
        return Envelope.Verdict.OK;
    }

    /** Ids remembered now. */
    public int size() {
        return seen.size();
    }

    private void evict(long now) {
        // An id is kept until its envelope would be stale anyway: a window after it arrived.
        while (!order.isEmpty() && order.peek()[0] < now - windowMillis) {
            order.poll();
            seen.remove(orderIds.poll());
        }
    }
}
