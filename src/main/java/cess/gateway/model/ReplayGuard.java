package cess.gateway.model;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the nonces of the signed requests a node accepted, per account, until their
 * signatures expire, so that each signature works once.
 *
 * <p>Bounded memory: at most {@code capacity} nonces in all and {@code perAccount} per account
 * (each about 200 bytes). A nonce is forgotten only once its expiry has passed, when a signature
 * carrying it is refused as expired anyway. At a bound the guard never forgets an unexpired nonce
 * to make room: it refuses the new request ({@link Verdict#FULL}) until expiries free room, so a
 * flood from one account fills only that account's share. Time is an input; thread-safe (one lock
 * over memory only).
 */
public final class ReplayGuard {
    /** The outcome of {@link #admit}. */
    public enum Verdict { ADMITTED, REPLAYED, FULL }

    private record Entry(String key, String account, long expires) {
    }

    private final int capacity;
    private final int perAccount;
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.expires, b.expires));

    public ReplayGuard(int capacity, int perAccount) {
        if (capacity < 1 || perAccount < 1 || perAccount > capacity) {
            throw new IllegalArgumentException("need 1 <= perAccount <= capacity, got " + perAccount + " and " + capacity);
        }
        this.capacity = capacity;
        this.perAccount = perAccount;
    }

    /**
     * Records {@code nonce} of {@code account}, good until {@code expires} (Unix seconds), unless it
     * was seen before and has not expired ({@link Verdict#REPLAYED}) or a bound is reached
     * ({@link Verdict#FULL}). Call only for requests whose signature verified.
     */
    public synchronized Verdict admit(String account, String nonce, long expires, long nowSeconds) {
        purge(nowSeconds);
        String key = account + "/" + nonce;
        if (seen.containsKey(key)) {
            return Verdict.REPLAYED;
        }
        if (seen.size() >= capacity || counts.getOrDefault(account, 0) >= perAccount) {
            return Verdict.FULL;
        }
        seen.put(key, expires);
        counts.merge(account, 1, Integer::sum);
        byExpiry.add(new Entry(key, account, expires));
        return Verdict.ADMITTED;
    }

    /** How many nonces are remembered now. */
    public synchronized int size() {
        return seen.size();
    }

    /** Forgets every nonce whose expiry has passed: its signature is refused as expired from then on. */
    private void purge(long nowSeconds) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expires < nowSeconds) {
            Entry e = byExpiry.poll();
            seen.remove(e.key);
            counts.computeIfPresent(e.account, (a, n) -> n == 1 ? null : n - 1);
        }
    }
}
