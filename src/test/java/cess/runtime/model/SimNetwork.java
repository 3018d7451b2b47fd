package cess.runtime.model;

import cess.consensus.model.Bft;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The simulated network of {@link RotationSimulationTest}: one clock and one queue of events,
 * each for one node (a message in its wire form, a timeout it asked for, its clock tick) or for
 * the transaction client ({@link #CLIENT}). Every message is delayed by a draw from a seeded
 * {@link Random} and messages overtake each other, so a run is a function of its seed; ties in
 * time go in the order the events were queued. Nothing is lost: the test is about rotation, not
 * about faults ({@code BftSimulationTest} has those). Not thread-safe: one event at a time.
 */
final class SimNetwork {
    /** The address of the client that submits transactions. */
    static final int CLIENT = -1;

    /** What travels between nodes: encoded as the real network sends it, decoded by the receiver. */
    enum Kind { PROPOSAL, VOTE, BLOCK, TX }

    record Wire(Kind kind, byte[] bytes) {
    }

    /** A node's (or the client's) clock tick. */
    record Tick() {
    }

    /** A timeout a node's driver asked for. */
    record Timeout(Bft.TimeoutIn timeout) {
    }

    record Event(long at, long seq, int to, Object payload) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private final Random rnd;
    private final int nodes;
    private final long minDelayMillis;
    private final long maxDelayMillis;
    private long seq;
    private long now;
    private long delivered;
    private long wiresInFlight;

    SimNetwork(long seed, int nodes, long minDelayMillis, long maxDelayMillis) {
        this.rnd = new Random(seed);
        this.nodes = nodes;
        this.minDelayMillis = minDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    long now() {
        return now;
    }

    /** How many events were handed out so far. */
    long delivered() {
        return delivered;
    }

    /** Messages sent and not yet delivered (ticks and timeouts do not count). */
    long wiresInFlight() {
        return wiresInFlight;
    }

    /** Queues {@code payload} for {@code to} at time {@code at}. */
    void at(long at, int to, Object payload) {
        if (at < now) {
            throw new IllegalArgumentException("an event in the past: " + at + " < " + now);
        }
        queue.add(new Event(at, seq++, to, payload));
    }

    /** Sends {@code wire} to every node but {@code from}, each copy with its own delay. */
    void broadcast(int from, Wire wire) {
        for (int to = 0; to < nodes; to++) {
            if (to != from) {
                wiresInFlight++;
                at(now + minDelayMillis + rnd.nextLong(maxDelayMillis - minDelayMillis + 1), to, wire);
            }
        }
    }

    /** The next event; the clock moves to its time. */
    Event next() {
        Event e = queue.poll();
        if (e == null) {
            throw new AssertionError("the simulation ran out of events at " + now + " ms (the clocks stopped ticking)");
        }
        now = e.at();
        delivered++;
        if (e.payload() instanceof Wire) {
            wiresInFlight--;
        }
        return e;
    }
}
