package cess.gateway.cache.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which segments a bounded cache keeps: a segmented LRU (SLRU). A new entry enters the
 * <em>probation</em> segment; a hit there promotes it to the <em>protected</em> segment, which
 * holds at most {@value #PROTECTED_PERCENT} % of the capacity (its least recently used entries
 * fall back to probation when it overflows). Room is made by evicting probation's least recently
 * used entries first, then protected's. So one scan of many cold segments (a backup reading
 * every object once) evicts other cold entries, not the segments read again and again, which
 * plain LRU would lose.
 *
 * <p>Admission: an entry larger than a quarter of the capacity is refused (one would flush a
 * quarter of the cache), and so is everything when the capacity is 0. Size accounting is exact:
 * {@link #used()} is the sum of the sizes of the entries held, never above the capacity.
 *
 * <p>Pure and deterministic: order is the order of calls (the caller's clock decides nothing
 * here, so a replay of the same calls evicts the same entries). Not thread-safe: the caller
 * guards it (it is memory only, so a lock around each call is cheap).
 *
 * @param <K> the entries' keys (segment hashes)
 */
public final class CachePolicy<K> {
    static final int PROTECTED_PERCENT = 80;

    /** What {@link #admit} did: whether the entry is held now, and the keys evicted to make room. */
    public record Admission<K>(boolean admitted, List<K> evicted) {
    }

    private final long capacity;
    private final long protectedCapacity;
    /** Least recently used first; access order is kept by removing and re-inserting. */
    private final LinkedHashMap<K, Long> probation = new LinkedHashMap<>();
    private final LinkedHashMap<K, Long> protectedEntries = new LinkedHashMap<>();
    private long probationBytes;
    private long protectedBytes;

    public CachePolicy(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a cache capacity is at least 0 bytes, not " + capacity);
        }
        this.capacity = capacity;
        this.protectedCapacity = capacity / 100 * PROTECTED_PERCENT;
    }

    public long capacity() {
        return capacity;
    }

    /** Whether an entry of {@code bytes} may be held at all. */
    public boolean admissible(long bytes) {
        return bytes > 0 && capacity > 0 && bytes <= capacity / 4;
    }

    /**
     * Holds {@code key} of {@code bytes}, evicting what must go to make room. A key already held
     * counts as a hit (and takes its new size).
     */
    public Admission<K> admit(K key, long bytes) {
        if (!admissible(bytes)) {
            return new Admission<>(false, List.of());
        }
        if (contains(key)) {
            remove(key);
            protectedEntries.put(key, bytes);
            protectedBytes += bytes;
        } else {
            probation.put(key, bytes);
            probationBytes += bytes;
        }
        List<K> evicted = new ArrayList<>();
        demoteOverflow();
        while (used() > capacity) {
            evicted.add(evictOne(key));
        }
        return new Admission<>(true, List.copyOf(evicted));
    }

    /** A read of {@code key}: promotes it. False if it is not held. */
    public boolean hit(K key) {
        Long bytes = probation.remove(key);
        if (bytes != null) {
            probationBytes -= bytes;
        } else {
            bytes = protectedEntries.remove(key);
            if (bytes == null) {
                return false;
            }
            protectedBytes -= bytes;
        }
        protectedEntries.put(key, bytes);
        protectedBytes += bytes;
        demoteOverflow();
        return true;
    }

    /** Forgets {@code key} (its file went bad or away). False if it was not held. */
    public boolean remove(K key) {
        Long bytes = probation.remove(key);
        if (bytes != null) {
            probationBytes -= bytes;
            return true;
        }
        bytes = protectedEntries.remove(key);
        if (bytes != null) {
            protectedBytes -= bytes;
            return true;
        }
        return false;
    }

    public boolean contains(K key) {
        return probation.containsKey(key) || protectedEntries.containsKey(key);
    }

    /** Bytes held. */
    public long used() {
        return probationBytes + protectedBytes;
    }

    public int entries() {
        return probation.size() + protectedEntries.size();
    }

    /** The keys in the order they would be evicted, first to go first. */
    public List<K> evictionOrder() {
        List<K> out = new ArrayList<>(probation.keySet());
        out.addAll(protectedEntries.keySet());
        return out;
    }

    private void demoteOverflow() {
        Iterator<Map.Entry<K, Long>> it = protectedEntries.entrySet().iterator();
        while (protectedBytes > protectedCapacity && it.hasNext()) {
            Map.Entry<K, Long> e = it.next();
            it.remove();
            protectedBytes -= e.getValue();
            probation.put(e.getKey(), e.getValue());
            probationBytes += e.getValue();
        }
    }

    /** Evicts the first entry in eviction order, sparing {@code keep} (the entry just admitted) while others remain. */
    private K evictOne(K keep) {
        for (LinkedHashMap<K, Long> segment : List.of(probation, protectedEntries)) {
            for (Map.Entry<K, Long> e : segment.entrySet()) {
                if (!e.getKey().equals(keep) || entries() == 1) {
                    K key = e.getKey();
                    remove(key);
                    return key;
                }
            }
        }
        throw new IllegalStateException("nothing to evict");
    }
}
