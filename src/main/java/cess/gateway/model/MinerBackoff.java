package cess.gateway.model;

import cess.shared.Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which miners a gateway leaves out of placement for a while because they just failed to take
 * a fragment (unreachable, refusing, too slow): without it every segment of a large upload
 * would wait a full send timeout on the same dead miner before placing its fragment elsewhere.
 * A miner's first failure keeps it out for {@code base} milliseconds, each further failure in a
 * row doubles that up to {@code max}; a fragment it takes clears the record. Leaving a miner out
 * is only a preference: placement falls back to every miner when too few would be left
 * ({@link #preferred}), so an upload is never refused for want of miners that are merely
 * suspected. Time comes in as an argument. Not thread-safe.
 */
public final class MinerBackoff {
    private record Record(int failures, long until) {
    }

    private final long base;
    private final long max;
    private final Map<Address, Record> records = new HashMap<>();

    public MinerBackoff(long baseMillis, long maxMillis) {
        if (baseMillis < 1 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= base <= max, got " + baseMillis + " and " + maxMillis);
        }
        this.base = baseMillis;
        this.max = maxMillis;
    }

    /** {@code miner} failed to take a fragment at {@code now}; returns until when it is left out. */
    public long failed(Address miner, long now) {
        Record r = records.get(miner);
        int failures = r == null ? 1 : r.failures() + 1;
        long wait = base;
        for (int i = 1; i < failures && wait < max; i++) {
            wait = Math.min(max, wait * 2);
        }
        Record next = new Record(Math.min(failures, 64), now + wait);
        records.put(miner, next);
        return next.until();
    }

    /** {@code miner} took a fragment: it is placed on again at once. */
    public void succeeded(Address miner) {
        records.remove(miner);
    }

    /** The miners left out at {@code now}. Records long past their time are dropped. */
    public Set<Address> avoided(long now) {
        records.values().removeIf(r -> r.until() + max < now);
        return records.entrySet().stream().filter(e -> e.getValue().until() > now).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The candidates placement should choose from: those not {@code avoided}, when at least
     * {@code needed} remain; else all of them.
     */
    public static <T> List<T> preferred(List<T> candidates, Function<T, Address> miner, Set<Address> avoided, int needed) {
        if (avoided.isEmpty()) {
            return candidates;
        }
        List<T> left = candidates.stream().filter(c -> !avoided.contains(miner.apply(c))).toList();
        return left.size() >= needed ? left : candidates;
    }
}
