package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The engine and its per-height driver ({@link HeightDriver}, the code a node runs) on a seeded
 * simulated network: random delays and reordering, messages lost and validators cut off from
 * each other by partitions until a global stabilization time (GST), then a network that delivers
 * within the timeouts. Up to f of 3f+1 validators are faulty: silent, or equivocating (each peer
 * gets its own version of every vote and proposal). Every run checks safety — no two honest
 * validators decide different blocks at one height, and every decision carries precommits of
 * more than 2/3 of the power — and liveness: after GST every honest validator decides the target
 * heights. What the node's shell does around the driver is simulated here: signatures are stubbed,
 * every proposed block is valid, a node that hears an older height from a peer hands that peer
 * the decision it missed (block sync in the real network), and the clock ticks every
 * {@link #TICK_MILLIS} with work to do.
 */
class BftSimulationTest {
    static final BftParams PARAMS = new BftParams(300, 200, 200, 100);
    static final Signature SIG = Signature.of(new byte[64]);
    static final int HEIGHTS = 4;
    static final long TICK_MILLIS = 100;
    static final java.util.concurrent.atomic.AtomicLong EVIDENCE = new java.util.concurrent.atomic.AtomicLong();

    enum Fault { NONE, SILENT, EQUIVOCATE }

    /** A message in flight: a proposal or a vote, or a decided height sent to a node that lags. */
    record Msg(Proposal proposal, Vote vote, Sync sync) {
    }

    record Sync(long height, Bft.Decision decision) {
    }

    /** A delivery ({@code msg}), a timeout, or else a clock tick. */
    record Event(long at, long seq, int to, Msg msg, Bft.TimeoutIn timeout) {
    }

    static final class Node {
        final int index;
        final KeyPair key;
        final HeightDriver<Hash> driver;
        Fault fault;
        DriverState<Hash> state = DriverState.initial();
        long head;
        final Map<Long, Bft.Decision> decided = new HashMap<>();
        /** A silent node that comes back at this time (Long.MAX_VALUE: never). */
        long silentUntil = Long.MAX_VALUE;
        /** How many messages this node sent. */
        long published;

        Node(int index, KeyPair key, Fault fault) {
            this.index = index;
            this.key = key;
            this.fault = fault;
            this.driver = new HeightDriver<>(key.address(), PARAMS, DriverParams.DEFAULT, v -> v.signed(SIG));
        }
    }

    /** One run; returns a description of the first violation, or empty. */
    static Optional<String> run(long seed) {
        Random rnd = new Random(seed);
        int n = rnd.nextBoolean() ? 4 : 7;
        int f = (n - 1) / 3;
        List<KeyPair> keys = IntStream.range(0, n).mapToObj(i -> KeyPair.dev("//Sim" + i)).toList();
        ValidatorSet set = new ValidatorSet(keys.stream().map(k -> new Validator(k.address(), Amount.ofUnits(100))).toList());
        int faulty = rnd.nextInt(f + 1);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Fault fault = i < faulty ? (rnd.nextBoolean() ? Fault.SILENT : Fault.EQUIVOCATE) : Fault.NONE;
            nodes.add(new Node(i, keys.get(i), fault));
        }
        long gst = 500 + rnd.nextInt(8000);
        double drop = rnd.nextDouble() * 0.3;
        // Partitions before GST: intervals during which one group cannot reach the other.
        List<long[]> cuts = new ArrayList<>();
        List<Set<Integer>> sides = new ArrayList<>();
        for (long t = rnd.nextInt(500); t < gst; t += 200 + rnd.nextInt(1500)) {
            long end = Math.min(gst, t + 100 + rnd.nextInt(2000));
            Set<Integer> side = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (rnd.nextBoolean()) {
                    side.add(i);
                }
            }
            cuts.add(new long[] {t, end});
            sides.add(side);
        }
        PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        Sim sim = new Sim(set, nodes, queue, seq, rnd, gst, drop, cuts, sides, new ArrayList<>());
        nodes.forEach(sim::boot);
        long end = gst + 120_000;
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.at > end) {
                break;
            }
            sim.handle(e);
            if (nodes.stream().filter(x -> x.fault == Fault.NONE).allMatch(x -> x.decided.size() >= HEIGHTS)) {
                break;
            }
        }
        // Safety: honest decisions agree height by height, and each is backed by a quorum of precommits.
        for (long h = 1; h <= HEIGHTS + 2; h++) {
            Hash seen = null;
            for (Node node : nodes) {
                Bft.Decision d = node.fault == Fault.NONE ? node.decided.get(h) : null;
                if (d == null) {
                    continue;
                }
                if (seen != null && !seen.equals(d.value())) {
                    return Optional.of("seed " + seed + ": two blocks final at height " + h);
                }
                seen = d.value();
                if (!set.isQuorum(d.precommits().stream().filter(v -> v.value().equals(Optional.of(d.value())))
                        .map(Vote::voter).toList())) {
                    return Optional.of("seed " + seed + ": a decision at height " + h + " without a quorum");
                }
            }
        }
        // Evidence names equivocators only, never an honest validator.
        for (Bft.Evidence ev : sim.evidence()) {
            Node accused = nodes.get(sim.indexOf(ev.first().voter()));
            if (accused.fault != Fault.EQUIVOCATE || !ev.first().conflictsWith(ev.second())) {
                return Optional.of("seed " + seed + ": evidence against validator " + accused.index + " (" + accused.fault + ")");
            }
        }
        EVIDENCE.addAndGet(sim.evidence().size());
        // Liveness: after GST the honest validators went on deciding.
        for (Node node : nodes) {
            if (node.fault == Fault.NONE && node.decided.size() < HEIGHTS) {
                StringBuilder why = new StringBuilder();
                for (Node x : nodes) {
                    why.append(" [").append(x.index).append(' ').append(x.fault).append(" h=").append(x.state.height())
                            .append(' ').append(x.state.phase());
                    x.state.bft().ifPresent(b -> why.append(" r=").append(b.round()).append(' ').append(b.step())
                            .append(" locked=").append(b.lockedRound()).append(" valid=").append(b.validRound()));
                    why.append(']');
                }
                return Optional.of("seed " + seed + ": node " + node.index + " decided only " + node.decided.size()
                        + " heights (n=" + n + ", faulty=" + faulty + ", gst=" + gst + ")" + why);
            }
        }
        return Optional.empty();
    }

    /** The simulated network and each node's shell around its driver. */
    record Sim(ValidatorSet set, List<Node> nodes, PriorityQueue<Event> queue, long[] seq, Random rnd, long gst,
               double drop, List<long[]> cuts, List<Set<Integer>> sides, List<Bft.Evidence> evidence) {

        /** A node (re)starting from its last decided height, its clock ticking. */
        void boot(Node node) {
            node.state = DriverState.initial();
            input(node, new DriverInput.HeadMoved<>(node.head, 0, set, 0));
            queue.add(new Event(TICK_MILLIS, seq[0]++, node.index, null, null));
        }

        /** One event: a timeout, a delivery or a clock tick; silent nodes do nothing. */
        void handle(Event e) {
            Node node = nodes.get(e.to);
            if (e.msg == null && e.timeout == null) {
                queue.add(new Event(e.at + TICK_MILLIS, seq[0]++, node.index, null, null));
            }
            if (node.fault == Fault.SILENT && e.at < node.silentUntil) {
                return;
            }
            if (node.fault == Fault.SILENT) { // back: it restarts from its last decided height, all else forgotten
                node.fault = Fault.NONE;
                node.state = DriverState.initial();
                input(node, new DriverInput.HeadMoved<>(node.head, e.at, set, e.at));
            }
            if (e.timeout != null) {
                input(node, new DriverInput.TimeoutFired<>(e.timeout, e.at));
            } else if (e.msg != null) {
                deliver(node, e.msg, e.at);
            } else {
                input(node, new DriverInput.ClockTicked<>(true, 0, e.at));
            }
        }

        void deliver(Node node, Msg m, long now) {
            if (m.sync != null) {
                Sync s = m.sync;
                if (s.height == node.state.height() && set.isQuorum(s.decision.precommits().stream()
                        .filter(v -> v.value().equals(Optional.of(s.decision.value()))).map(Vote::voter).toList())) {
                    decided(node, s.height, s.decision, now);
                }
                return;
            }
            long h = m.proposal != null ? m.proposal.height() : m.vote.height();
            if (h < node.state.height()) {
                // The sender lags: hand it the decision it missed (block sync in the real network).
                Address from = m.proposal != null ? m.proposal.proposer() : m.vote.voter();
                Bft.Decision d = node.decided.get(h);
                if (d != null) {
                    send(node, indexOf(from), new Msg(null, null, new Sync(h, d)), now);
                }
                return;
            }
            input(node, m.proposal != null ? new DriverInput.ProposalReceived<>(m.proposal, m.proposal.value(), now)
                    : new DriverInput.VoteReceived<>(m.vote, now));
        }

        /** Steps the node's driver with {@code first} and the answers its effects call for, in order. */
        void input(Node node, DriverInput<Hash> first) {
            java.util.ArrayDeque<DriverInput<Hash>> work = new java.util.ArrayDeque<>(List.of(first));
            while (!work.isEmpty()) {
                DriverInput<Hash> in = work.poll();
                long now = in.nowMillis();
                HeightDriver.Transition<Hash> t = node.driver.step(node.state, in);
                node.state = t.state();
                for (DriverEffect<Hash> e : t.effects()) {
                    if (e instanceof DriverEffect.BuildCandidate<Hash> b) {
                        work.add(new DriverInput.CandidateBuilt<>(b.height(),
                                Hash.sha256(("block " + node.index + "@" + b.height()).getBytes()), now));
                    } else if (e instanceof DriverEffect.CheckBlock<Hash> c) {
                        work.add(new DriverInput.BlockChecked<>(c.proposal().height(), c.block(), true, now));
                    } else if (e instanceof DriverEffect.PublishProposal<Hash> p) {
                        broadcast(node, new Msg(p.proposal(), null, null), now);
                    } else if (e instanceof DriverEffect.PublishVote<Hash> v) {
                        broadcast(node, new Msg(null, v.vote(), null), now);
                    } else if (e instanceof DriverEffect.ScheduleTimeout<Hash> st) {
                        queue.add(new Event(now + st.millis(), seq[0]++, node.index, null, st.timeout()));
                    } else if (e instanceof DriverEffect.Equivocation<Hash> ev) {
                        evidence.add(ev.evidence());
                    } else if (e instanceof DriverEffect.Commit<Hash> c && record(node, c.height(), c.decision())) {
                        work.add(new DriverInput.HeadMoved<>(c.height(), now, set, now));
                    }
                }
            }
        }

        /** A decision learnt from a peer: the node adopts it as its head. */
        void decided(Node node, long height, Bft.Decision d, long now) {
            if (record(node, height, d)) {
                input(node, new DriverInput.HeadMoved<>(height, now, set, now));
            }
        }

        boolean record(Node node, long height, Bft.Decision d) {
            if (height != node.head + 1) {
                return false;
            }
            node.decided.put(height, d);
            node.head = height;
            return true;
        }

        /** To every peer (the driver feeds a node its own messages); an equivocator sends each its own version. */
        void broadcast(Node from, Msg m, long now) {
            from.published++;
            for (Node to : nodes) {
                if (to != from) {
                    send(from, to.index, from.fault == Fault.EQUIVOCATE ? twist(m, to) : m, now);
                }
            }
        }

        Msg twist(Msg m, Node to) {
            if (m.vote != null) {
                Vote v = m.vote;
                Optional<Hash> value = switch (rnd.nextInt(3)) {
                    case 0 -> v.value();
                    case 1 -> Optional.empty();
                    default -> Optional.of(Hash.sha256(("forged " + to.index + "@" + v.height() + "/" + v.round()).getBytes()));
                };
                return new Msg(null, new Vote(v.type(), v.height(), v.round(), value, v.voter(), v.signature()), null);
            }
            if (m.proposal != null) {
                Proposal p = m.proposal;
                return new Msg(new Proposal(p.height(), p.round(),
                        Hash.sha256(("fork " + to.index + "@" + p.height() + "/" + p.round()).getBytes()), -1,
                        p.proposer()), null, null);
            }
            return m;
        }

        void send(Node from, int to, Msg m, long now) {
            if (now < gst) {
                if (rnd.nextDouble() < drop) {
                    return;
                }
                for (int i = 0; i < cuts.size(); i++) {
                    long[] cut = cuts.get(i);
                    if (now >= cut[0] && now < cut[1] && sides.get(i).contains(from.index) != sides.get(i).contains(to)) {
                        return;
                    }
                }
            }
            long delay = 1 + rnd.nextInt(now < gst ? 400 : 80);
            queue.add(new Event(now + delay, seq[0]++, to, m, null));
        }

        int indexOf(Address a) {
            for (Node node : nodes) {
                if (node.key.address().equals(a)) {
                    return node.index;
                }
            }
            throw new IllegalStateException("unknown validator " + a);
        }
    }

    @Test
    void aThousandRandomNetworksNeverForkAndFinalizeAfterTheyHeal() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 1000; seed++) {
            run(seed).ifPresent(failures::add);
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failing runs");
        assertTrue(EVIDENCE.get() > 0, "equivocators were caught");
    }

    @Test
    void withHalfTheValidatorsSilentNothingIsFinalUntilOneReturns() {
        // 4 validators, 2 silent: no quorum; the two honest ones must decide nothing. At 30 s one
        // silent validator returns, and the three then finalize.
        List<KeyPair> keys = IntStream.range(0, 4).mapToObj(i -> KeyPair.dev("//Sim" + i)).toList();
        ValidatorSet set = new ValidatorSet(keys.stream().map(k -> new Validator(k.address(), Amount.ofUnits(100))).toList());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(new Node(i, keys.get(i), i < 2 ? Fault.SILENT : Fault.NONE));
        }
        nodes.get(1).silentUntil = 30_000;
        PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        Sim sim = new Sim(set, nodes, queue, new long[1], new Random(3), 0, 0, List.of(), List.of(), new ArrayList<>());
        nodes.forEach(sim::boot);
        while (!queue.isEmpty() && queue.peek().at < 30_000) {
            sim.handle(queue.poll());
        }
        nodes.forEach(node -> assertTrue(node.decided.isEmpty(), "node " + node.index + " decided without a quorum"));
        while (!queue.isEmpty() && queue.peek().at < 90_000) {
            sim.handle(queue.poll());
        }
        for (int i = 1; i < 4; i++) {
            assertTrue(nodes.get(i).decided.size() >= 3, "node " + i + " decided " + nodes.get(i).decided.size());
        }
        for (long h = 1; h <= 3; h++) {
            long height = h;
            assertEquals(1, IntStream.range(1, 4).mapToObj(i -> nodes.get(i).decided.get(height).value()).distinct().count(),
                    "one block at height " + h);
        }
    }

    @Test
    void aCandidateBeyondTheSeatsHearsEverythingSendsNothingAndRaisesNothing() {
        // Four on-duty validators and a fifth consensus-role node outside the set (not drawn, or
        // beyond the seats): its driver is fed every message and tick like the others.
        List<KeyPair> keys = IntStream.range(0, 5).mapToObj(i -> KeyPair.dev("//Sim" + i)).toList();
        ValidatorSet set = new ValidatorSet(keys.subList(0, 4).stream()
                .map(k -> new Validator(k.address(), Amount.ofUnits(100))).toList());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(new Node(i, keys.get(i), Fault.NONE));
        }
        PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        Sim sim = new Sim(set, nodes, queue, new long[1], new Random(5), 0, 0, List.of(), List.of(), new ArrayList<>());
        nodes.forEach(sim::boot);
        while (!queue.isEmpty() && queue.peek().at < 30_000) {
            sim.handle(queue.poll());
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(nodes.get(i).decided.size() >= HEIGHTS, "validator " + i + " decided " + nodes.get(i).decided.size());
        }
        Node outsider = nodes.get(4);
        assertEquals(0, outsider.published, "the off-duty node sent nothing");
        assertEquals(false, outsider.state.onDuty());
        assertEquals(0, outsider.state.futureCount(), "and kept nothing for later");
    }
}
