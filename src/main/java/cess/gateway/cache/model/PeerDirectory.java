package cess.gateway.cache.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which peer gateways announced which segments, as far as this gateway heard: whom to ask on a
 * miss. Bounded: at most {@code maxSegments} segments (the least recently announced forgotten
 * first), {@code maxHolders} holders per segment (the freshest kept), and an announcement counts
 * for {@code maxAgeMillis} only (a peer that went away without saying so stops being asked). A
 * peer that served bytes which did not verify is not asked for that segment again until it
 * announces it anew.
 *
 * <p>Pure and deterministic: time comes in as an argument. Not thread-safe (the caller guards
 * it; every call is memory work only).
 */
public final class PeerDirectory {
    /** A peer that announced a segment: the node, where it serves segments, and when it said so. */
    public record Holder(Address node, String endpoint, long heardMillis) {
    }

    private final int maxSegments;
    private final int maxHolders;
    private final long maxAgeMillis;
    /** Least recently announced first. */
    private final LinkedHashMap<Hash, List<Holder>> bySegment = new LinkedHashMap<>();
    /** Peers heard from, with when last: the nodes that may fetch from this gateway's cache. */
    private final Map<Address, Long> peers = new LinkedHashMap<>();

    public PeerDirectory(int maxSegments, int maxHolders, long maxAgeMillis) {
        if (maxSegments < 1 || maxHolders < 1 || maxAgeMillis < 1) {
            throw new IllegalArgumentException("a peer directory holds at least one segment and holder, for some time");
        }
        this.maxSegments = maxSegments;
        this.maxHolders = maxHolders;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** {@code node} (reachable at {@code endpoint}) holds {@code segments}, as of {@code now}. */
    public void held(Address node, String endpoint, Collection<Hash> segments, long now) {
        peers.remove(node);
        peers.put(node, now);
        for (Hash h : segments) {
            List<Holder> holders = bySegment.remove(h);
            if (holders == null) {
                holders = new ArrayList<>(2);
            }
            holders.removeIf(x -> x.node().equals(node));
            holders.add(0, new Holder(node, endpoint, now));
            if (holders.size() > maxHolders) {
                holders.subList(maxHolders, holders.size()).clear();
            }
            bySegment.put(h, holders);
        }
        Iterator<Hash> it = bySegment.keySet().iterator();
        while (bySegment.size() > maxSegments && it.hasNext()) {
            it.next();
            it.remove();
        }
        if (peers.size() > maxSegments) {
            peers.remove(peers.keySet().iterator().next());
        }
    }

    /** {@code node} dropped {@code segments}. */
    public void dropped(Address node, Collection<Hash> segments, long now) {
        peers.remove(node);
        peers.put(node, now);
        for (Hash h : segments) {
            forget(h, node);
        }
    }

    /** {@code node} served bytes for {@code segment} that did not verify: it is not asked for it again. */
    public void failed(Hash segment, Address node) {
        forget(segment, node);
    }

    /** Who to ask for {@code segment}, freshest announcement first; stale announcements are dropped. */
    public List<Holder> holders(Hash segment, long now) {
        List<Holder> holders = bySegment.get(segment);
        if (holders == null) {
            return List.of();
        }
        holders.removeIf(x -> now - x.heardMillis() > maxAgeMillis);
        if (holders.isEmpty()) {
            bySegment.remove(segment);
            return List.of();
        }
        List<Holder> out = new ArrayList<>(holders);
        out.sort(Comparator.comparingLong(Holder::heardMillis).reversed());
        return out;
    }

    /** Whether {@code node} announced anything within the last {@code maxAgeMillis}. */
    public boolean isPeer(Address node, long now) {
        Long at = peers.get(node);
        return at != null && now - at <= maxAgeMillis;
    }

    /** Segments some peer is known to hold. */
    public int segments() {
        return bySegment.size();
    }

    private void forget(Hash segment, Address node) {
        List<Holder> holders = bySegment.get(segment);
        if (holders != null) {
            holders.removeIf(x -> x.node().equals(node));
            if (holders.isEmpty()) {
                bySegment.remove(segment);
            }
        }
    }
}
