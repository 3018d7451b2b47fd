package cess.consensus.control;

import cess.shared.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of signed things whose signatures this node has checked (a transaction at admission or
 * in a replayed block, a commit), the most recent {@value #CAPACITY}. A transaction's hash covers
 * its signature, so the same hash is the same signed bytes: a proposal, its gossip and its final
 * block need one check, not three. Thread-safe (one monitor around a map; no I/O).
 */
final class SignatureCache {
    static final int CAPACITY = 200_000;

    private final int capacity;
    private final Map<Hash, Boolean> verified;

    SignatureCache() {
        this(CAPACITY);
    }

    SignatureCache(int capacity) {
        this.capacity = capacity;
        this.verified = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > SignatureCache.this.capacity;
            }
        };
    }

    synchronized boolean contains(Hash signed) {
        return verified.containsKey(signed);
    }

    synchronized void add(Hash signed) {
        verified.put(signed, Boolean.TRUE);
    }

    synchronized void addAll(Iterable<Hash> signed) {
        signed.forEach(h -> verified.put(h, Boolean.TRUE));
    }
}
