package cess.runtime.model;

import cess.consensus.model.Application;
import cess.consensus.model.Block;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.BftParams;
import cess.consensus.model.Commit;
import cess.consensus.model.CommitSignature;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.DriverEffect;
import cess.consensus.model.DriverInput;
import cess.consensus.model.DriverParams;
import cess.consensus.model.DriverState;
import cess.consensus.model.Genesis;
import cess.consensus.model.HeightDriver;
import cess.consensus.model.Proposal;
import cess.consensus.model.ProposalMessage;
import cess.consensus.model.ValidatorSet;
import cess.consensus.model.Vote;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.runtime.model.SimNetwork.Kind;
import cess.runtime.model.SimNetwork.Wire;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One consensus-role node of {@link RotationSimulationTest}: its own replica (state, trie, head
 * header and commit), its own pool, and the shell around its own {@link HeightDriver} that
 * {@code ConsensusDriver}, {@code ChainNode} and {@code BlockSync} are in the real node. It
 * builds candidates ({@link BlockExecution#build}), replays proposed blocks
 * ({@link BlockExecution#replay}), publishes signed proposals and votes, applies decided blocks,
 * announces every block it decides to its peers, and follows blocks decided elsewhere (verifying
 * their commit against the epoch's on-duty set, then replaying them) whether it is on duty or
 * not. Anything an honest network must never produce (a bad signature, an invalid proposal, a
 * final block that does not replay, two final blocks at one height) is an {@link AssertionError}.
 * Not thread-safe: the simulation hands it one event at a time.
 */
final class SimNode {
    /** What every node shares: the genesis, the chain's identity, the application, the timeouts. Immutable. */
    record Chain(Genesis genesis, Hash hash, Application app, BftParams bft) {
        ConsensusParams consensus() {
            return genesis.consensus();
        }
    }

    /** A proposal or vote this node published (again, for a resend). */
    record Sent(long height, int round, String what) {
    }

    final int index;
    final KeyPair key;
    private final Chain chain;
    private final SimNetwork net;
    private final OnionLadder onion;
    private final HeightDriver<ProposalMessage> driver;
    private DriverState<ProposalMessage> state = DriverState.initial();

    // The replica.
    private final TreeMap<StateKey, StateValue> replica;
    private StateTrie trie;
    private BlockHeader head;
    private Commit headCommit;
    private final List<BlockHeader> headers = new ArrayList<>();
    private final Set<Hash> verified = new HashSet<>();
    private final TreeMap<Long, Block> ahead = new TreeMap<>();
    private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();

    // The shell's blocks of the height in progress.
    private final Map<Hash, BlockExecution.Outcome> blocks = new HashMap<>();
    private final Map<Proposal, byte[]> signedProposals = new HashMap<>();

    // What the test checks afterwards.
    final List<Sent> sent = new ArrayList<>();
    /** Height → whether the driver entered it on duty. */
    final Map<Long, Boolean> onDutyAt = new TreeMap<>();
    /** Epoch → its on-duty set, as this replica read it from its state. */
    final Map<Long, ValidatorSet> sets = new TreeMap<>();
    /** Height → when this node learnt the block final. */
    final Map<Long, Long> finalAt = new TreeMap<>();
    int decided;
    int synced;
    int lateVotes;
    /** Proposals and votes handed to the driver while it was off duty. */
    int heardOffDuty;

    SimNode(int index, KeyPair key, OnionLadder onion, Chain chain, SimNetwork net) {
        this.index = index;
        this.key = key;
        this.onion = onion;
        this.chain = chain;
        this.net = net;
        this.driver = new HeightDriver<>(key.address(), chain.bft(), DriverParams.DEFAULT,
                v -> v.signed(key.sign(v.signingPayload(chain.hash()))));
        replica = new TreeMap<>(chain.genesis().initialState());
        trie = StateTrie.of(replica);
        head = chain.genesis().header();
        headCommit = BlockBody.genesisCommit(head);
        headers.add(head);
        recordSets();
    }

    BlockHeader head() {
        return head;
    }

    NavigableMap<StateKey, StateValue> replica() {
        return replica;
    }

    /** The commitment to this replica's state, computed from scratch (not incrementally). */
    Hash recomputedStateRoot() {
        return StateTrie.of(replica).root();
    }

    int poolSize() {
        return pool.size();
    }

    DriverState<ProposalMessage> driverState() {
        return state;
    }

    /** The final block header at {@code height} in this replica. */
    BlockHeader header(long height) {
        return headers.get((int) height);
    }

    // ------------------------------------------------------------------ inputs

    /** The clock ticked: tell the driver where the head is, then whether this node has work. */
    void tick() {
        drain(new ArrayDeque<>());
        long now = net.now();
        boolean work = state.wantsWork() && (!pool.isEmpty() || chain.app().due(replica, now));
        submit(new DriverInput.ClockTicked<>(work, chain.app().blockTimeMillis(chain.app().params(view())), now));
    }

    void timeout(SimNetwork.Timeout t) {
        submit(new DriverInput.TimeoutFired<>(t.timeout(), net.now()));
    }

    /** A message from a peer or the client, in its wire form. */
    void receive(Wire w) {
        long now = net.now();
        switch (w.kind()) {
            case PROPOSAL -> {
                ProposalMessage pm = ProposalMessage.decode(w.bytes(), chain.app().schema());
                pm.problem(chain.hash()).ifPresent(p -> {
                    throw new AssertionError("a malformed proposal from an honest node: " + p);
                });
                countIfOffDuty();
                submit(new DriverInput.ProposalReceived<>(pm.proposal(), pm, now));
            }
            case VOTE -> {
                Vote v = Vote.decode(w.bytes());
                if (!v.verify(chain.hash())) {
                    throw new AssertionError("a vote with a bad signature from " + v.voter());
                }
                countIfOffDuty();
                submit(new DriverInput.VoteReceived<>(v, now));
            }
            case BLOCK -> {
                applyFinal(Block.decode(w.bytes(), chain.app().schema()));
                drain(new ArrayDeque<>());
            }
            case TX -> admit(SignedTransaction.decode(w.bytes(), chain.app().schema()));
        }
    }

    private void countIfOffDuty() {
        if (state.height() > 0 && !state.onDuty()) {
            heardOffDuty++;
        }
    }

    // ------------------------------------------------------------------ the driver

    private void submit(DriverInput<ProposalMessage> first) {
        Deque<DriverInput<ProposalMessage>> work = new ArrayDeque<>();
        work.add(first);
        drain(work);
    }

    /** Steps the driver with each input of {@code work} in turn, telling it first where the head is. */
    private void drain(Deque<DriverInput<ProposalMessage>> work) {
        while (true) {
            followHead(work);
            DriverInput<ProposalMessage> next = work.poll();
            if (next == null) {
                return;
            }
            step(next, work);
        }
    }

    private void followHead(Deque<DriverInput<ProposalMessage>> work) {
        if (head.height() + 1 == state.height()) {
            return;
        }
        long epoch = chain.consensus().epochOf(head.height() + 1);
        ValidatorSet set = chain.app().validators(view(), epoch)
                .orElseThrow(() -> new AssertionError("no on-duty set for epoch " + epoch + " at head " + head.height()));
        step(new DriverInput.HeadMoved<>(head.height(), head.timestampMillis(), set, net.now()), work);
    }

    private void step(DriverInput<ProposalMessage> in, Deque<DriverInput<ProposalMessage>> answers) {
        HeightDriver.Transition<ProposalMessage> t = driver.step(state, in);
        state = t.state();
        for (DriverEffect<ProposalMessage> e : t.effects()) {
            execute(e, in.nowMillis(), answers);
        }
    }

    private void execute(DriverEffect<ProposalMessage> effect, long now, Deque<DriverInput<ProposalMessage>> answers) {
        if (effect instanceof DriverEffect.Entered<ProposalMessage> en) {
            blocks.clear();
            signedProposals.clear();
            onDutyAt.put(en.height(), en.onDuty());
        } else if (effect instanceof DriverEffect.BuildCandidate<ProposalMessage> b) {
            BlockExecution.Outcome out = BlockExecution.build(replica, trie, head, List.copyOf(pool.values()),
                    new BlockExecution.Extras(headCommit, List.of(), onion::reveal), key.address(), now, chain.hash(),
                    chain.app(), chain.consensus());
            blocks.put(out.header().hash(), out);
            answers.add(new DriverInput.CandidateBuilt<>(b.height(), out.header().hash(), now));
        } else if (effect instanceof DriverEffect.CheckBlock<ProposalMessage> c) {
            check(c.block(), now).ifPresent(answers::add);
        } else if (effect instanceof DriverEffect.PublishProposal<ProposalMessage> p) {
            byte[] bytes = signedProposals.computeIfAbsent(p.proposal(), pr -> {
                BlockExecution.Outcome out = blocks.get(pr.value());
                if (out == null) {
                    throw new AssertionError("the driver proposes block " + pr.value() + ", which the shell never had");
                }
                return ProposalMessage.sign(pr, out.header(), out.body(), key, chain.hash()).encode();
            });
            sent.add(new Sent(p.proposal().height(), p.proposal().round(), "proposal"));
            net.broadcast(index, new Wire(Kind.PROPOSAL, bytes));
        } else if (effect instanceof DriverEffect.PublishVote<ProposalMessage> v) {
            sent.add(new Sent(v.vote().height(), v.vote().round(), v.vote().type().name()));
            net.broadcast(index, new Wire(Kind.VOTE, v.vote().encode()));
        } else if (effect instanceof DriverEffect.ScheduleTimeout<ProposalMessage> t) {
            net.at(now + t.millis(), index, new SimNetwork.Timeout(t.timeout()));
        } else if (effect instanceof DriverEffect.Commit<ProposalMessage> c) {
            commitDecided(c, now);
        } else if (effect instanceof DriverEffect.Equivocation<ProposalMessage> eq) {
            throw new AssertionError("an honest validator equivocated: " + eq.evidence());
        } else if (effect instanceof DriverEffect.LateVote<ProposalMessage> lv) {
            addPrecommit(lv.vote());
        }
    }

    /** Replays a proposed block on the head; empty when the head moved meanwhile. */
    private Optional<DriverInput<ProposalMessage>> check(ProposalMessage pm, long now) {
        long height = pm.proposal().height();
        if (height != head.height() + 1) {
            return Optional.empty();
        }
        BlockExecution.Result r = BlockExecution.replay(replica, trie, head, pm.header(), pm.body(),
                this::alreadyVerified, chain.hash(), chain.app(), chain.consensus());
        if (r.invalid().isPresent()) {
            throw new AssertionError("block " + height + " proposed by " + pm.proposal().proposer() + " does not replay: "
                    + r.invalid().get());
        }
        blocks.put(pm.proposal().value(), r.outcome().orElseThrow());
        pm.body().transactions().forEach(tx -> verified.add(tx.hash()));
        verified.add(pm.body().lastCommitHash());
        return Optional.of(new DriverInput.BlockChecked<>(height, pm.proposal().value(), true, now));
    }

    /** The driver decided the height: apply the block with the precommits as its commit, and announce it. */
    private void commitDecided(DriverEffect.Commit<ProposalMessage> c, long now) {
        BlockExecution.Outcome out = blocks.get(c.decision().value());
        if (out == null) {
            throw new AssertionError("decided block " + c.height() + " " + c.decision().value() + ", which the shell never had");
        }
        if (!out.header().parent().equals(head.hash())) {
            return; // sync finalized this height meanwhile
        }
        Commit commit = c.decision().commit(c.height());
        ValidatorSet set = chain.app().validators(view(), out.header().epoch()).orElseThrow();
        if (!set.isQuorum(commit.signers())) {
            throw new AssertionError("the decision for block " + c.height() + " is not a quorum's");
        }
        finish(out, commit, now);
        decided++;
        net.broadcast(index, new Wire(Kind.BLOCK, new Block(out.header(), out.body(), commit).encode()));
    }

    /** A late precommit for the head: the next block this node proposes carries the fuller commit. */
    private void addPrecommit(Vote v) {
        Commit c = headCommit;
        if (v.type() != Vote.Type.PRECOMMIT || v.height() != head.height() || v.round() != c.round()
                || v.value().isEmpty() || !v.value().get().equals(c.blockHash()) || c.signers().contains(v.voter())
                || !chain.app().validators(view(), head.epoch()).map(s -> s.contains(v.voter())).orElse(false)) {
            return;
        }
        List<CommitSignature> sigs = new ArrayList<>(c.signatures());
        sigs.add(new CommitSignature(v.voter(), v.signature()));
        headCommit = new Commit(c.height(), c.round(), c.blockHash(), sigs);
        verified.add(headCommit.hash());
        lateVotes++;
    }

    // ------------------------------------------------------------------ the replica

    /** A final block from a peer (block sync): the next one is verified and applied, later ones wait. */
    private void applyFinal(Block b) {
        long h = b.header().height();
        if (h > head.height() + 1) {
            ahead.putIfAbsent(h, b);
            return;
        }
        if (h <= head.height()) {
            if (!headers.get((int) h).hash().equals(b.hash())) {
                throw new AssertionError("two final blocks at height " + h + ": " + headers.get((int) h).hash()
                        + " here, " + b.hash() + " from a peer");
            }
            return;
        }
        syncNext(b);
        while (!ahead.isEmpty() && ahead.firstKey() == head.height() + 1) {
            syncNext(ahead.pollFirstEntry().getValue());
        }
        ahead.headMap(head.height(), true).clear();
    }

    private void syncNext(Block b) {
        BlockHeader h = b.header();
        ValidatorSet set = chain.app().validators(view(), h.epoch())
                .orElseThrow(() -> new AssertionError("no on-duty set for the epoch " + h.epoch() + " of synced block " + h.height()));
        b.commit().verify(h, set, chain.hash()).ifPresent(p -> {
            throw new AssertionError("synced block " + h.height() + " refused: " + p);
        });
        BlockExecution.Result r = BlockExecution.replay(replica, trie, head, h, b.body(), this::alreadyVerified,
                chain.hash(), chain.app(), chain.consensus());
        if (r.invalid().isPresent()) {
            throw new AssertionError("final block " + h.height() + " does not replay: " + r.invalid().get());
        }
        finish(r.outcome().orElseThrow(), b.commit(), net.now());
        synced++;
    }

    /** Moves the replica onto a final block and clears the pool of what it made final or stale. */
    private void finish(BlockExecution.Outcome out, Commit commit, long now) {
        StateOverlay.apply(replica, out.changes());
        trie = out.trie();
        head = out.header();
        headCommit = commit;
        headers.add(head);
        verified.add(commit.hash());
        finalAt.put(head.height(), now);
        out.included().forEach(tx -> pool.remove(tx.hash()));
        StateView view = view();
        pool.values().removeIf(tx -> tx.tx().nonce() < view.account(tx.tx().sender()).nonce());
        recordSets();
    }

    private void admit(SignedTransaction tx) {
        if (pool.containsKey(tx.hash()) || tx.tx().nonce() < view().account(tx.tx().sender()).nonce()) {
            return; // known, or final already
        }
        if (!tx.verify(chain.hash())) {
            throw new AssertionError("a transaction with a bad signature: " + tx.hash());
        }
        pool.put(tx.hash(), tx);
    }

    private boolean alreadyVerified(Hash hash) {
        return verified.contains(hash) || pool.containsKey(hash);
    }

    /** Keeps the on-duty sets this replica knows (its epoch's and the next); a drawn set must never change. */
    private void recordSets() {
        long epoch = chain.consensus().epochOf(head.height());
        for (long e = epoch; e <= epoch + 1; e++) {
            long at = e;
            chain.app().validators(view(), e).ifPresent(s -> {
                ValidatorSet before = sets.putIfAbsent(at, s);
                if (before != null && !before.validators().equals(s.validators())) {
                    throw new AssertionError("the on-duty set of epoch " + at + " changed after it was drawn");
                }
            });
        }
    }

    private StateView view() {
        return replica::get;
    }
}
