package cess.staking.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.Application;
import cess.consensus.model.Block;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.CommitSignature;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Evidence;
import cess.consensus.model.Genesis;
import cess.consensus.model.Onion;
import cess.consensus.model.Validator;
import cess.consensus.model.ValidatorSet;
import cess.consensus.model.Vote;
import cess.runtime.model.TestGenesis;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * R²S on chain, block by block: a pure chain of four genesis validators and ten more candidates
 * that bond in block 1, with epochs of {@value #EPOCH} blocks. Every block is built by its
 * proposer ({@link BlockExecution#build}) and replayed by another replica
 * ({@link BlockExecution#replay}), which must agree; commits are signed by real keys.
 */
class ValidatorRotationTest {
    static final long EPOCH = 4;
    static final Amount MIN_BOND = Amount.ofUnits(100);
    static final List<KeyPair> GENESIS_KEYS = keys("//Gen", 4);
    static final List<KeyPair> BONDERS = keys("//Cand", 10);
    static final Map<Address, KeyPair> BY_ADDRESS = new HashMap<>();

    static {
        GENESIS_KEYS.forEach(k -> BY_ADDRESS.put(k.address(), k));
        BONDERS.forEach(k -> BY_ADDRESS.put(k.address(), k));
    }

    static List<KeyPair> keys(String prefix, int n) {
        List<KeyPair> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(KeyPair.dev(prefix + i));
        }
        return out;
    }

    static Genesis genesis() {
        TreeMap<Address, Amount> balances = new TreeMap<>();
        BY_ADDRESS.keySet().forEach(a -> balances.put(a, Amount.ofUnits(1_000_000)));
        return TestGenesis.genesis("r2s-test", 1_000, TestGenesis.params(Amount.ofUnits(10), 80,
                new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), new StakingParams(MIN_BOND), 1000),
                new ConsensusParams(1000, 100, EPOCH), balances,
                GENESIS_KEYS.stream().map(k -> new Genesis.ValidatorSpec(k.address(), Amount.ofUnits(1000),
                        Onion.onionCommitment(k.seed()))).toList(), List.of(), List.of());
    }

    /** One replica's chain, driven by the test as the network's validators would drive it. */
    static final class Chain {
        final Genesis genesis = genesis();
        final Hash chain = genesis.hash();
        final Application app = TestGenesis.app(genesis);
        final TreeMap<StateKey, StateValue> state = new TreeMap<>(genesis.initialState());
        BlockHeader head = genesis.header();
        Commit headCommit = BlockBody.genesisCommit(head);
        final Map<Address, Long> nonces = new HashMap<>();
        /** Validators that never precommit. */
        final Set<Address> silent = new HashSet<>();

        long height() {
            return head.height();
        }

        long epochOf(long height) {
            return genesis.consensus().epochOf(height);
        }

        ValidatorSet set(long epoch) {
            return ValidatorRotation.validators(state::get, epoch).orElseThrow();
        }

        <T extends StateValue> Optional<T> find(StateKey k, Class<T> type) {
            return Optional.ofNullable(type.cast(state.get(k)));
        }

        Candidate candidate(KeyPair k) {
            return find(Candidate.key(k.address()), Candidate.class).orElseThrow();
        }

        SignedTransaction tx(KeyPair k, cess.ledger.model.Call call) {
            long n = nonces.merge(k.address(), 1L, Long::sum) - 1;
            return new Transaction(k.address(), n, Amount.ofUnits(10), call).sign(k, chain);
        }

        BlockExecution.Outcome build(List<SignedTransaction> txs, List<Evidence> evidence, int round) {
            Address proposer = set(epochOf(head.height() + 1)).proposer(head.height() + 1, round);
            KeyPair key = BY_ADDRESS.get(proposer);
            return BlockExecution.build(state, StateTrie.of(state), head, txs, new BlockExecution.Extras(headCommit, evidence,
                            c -> Optional.of(Onion.onionLayer(Onion.onionSecret(key.seed()), Onion.ONION_DEPTH - c.reveals() - 1))),
                    proposer, head.timestampMillis() + 1000, chain, app, genesis.consensus());
        }

        BlockExecution.Result replay(BlockHeader h, BlockBody body) {
            return BlockExecution.replay(state, StateTrie.of(state), head, h, body, x -> false, chain, app, genesis.consensus());
        }

        /** Builds, replays on "another replica", and finalizes the next block, decided in {@code round}. */
        BlockExecution.Outcome next(List<SignedTransaction> txs, List<Evidence> evidence, int round) {
            BlockExecution.Outcome out = build(txs, evidence, round);
            BlockExecution.Result r = replay(out.header(), out.body());
            assertEquals(Optional.empty(), r.invalid(), "block " + out.header().height() + " replays");
            assertEquals(out.changes(), r.outcome().orElseThrow().changes());
            BlockHeader h = out.header();
            List<CommitSignature> sigs = new ArrayList<>();
            for (Validator v : set(h.epoch()).validators()) {
                if (!silent.contains(v.account())) {
                    sigs.add(Commit.precommit(BY_ADDRESS.get(v.account()), chain, h.height(), round, h.hash()));
                }
            }
            Commit commit = new Commit(h.height(), round, h.hash(), sigs);
            assertEquals(Optional.empty(), commit.verify(h, set(h.epoch()), chain), "a quorum signed");
            StateOverlay.apply(state, out.changes());
            head = h;
            headCommit = commit;
            return out;
        }

        void next() {
            next(List.of(), List.of(), 0);
        }

        void runTo(long height) {
            while (head.height() < height) {
                next();
            }
        }

        Vote signedVote(KeyPair k, Vote.Type type, long height, int round, Optional<Hash> value) {
            Vote v = new Vote(type, height, round, value, k.address(), null);
            return v.signed(k.sign(v.signingPayload(chain)));
        }
    }

    static Chain withBondedCandidates() {
        Chain c = new Chain();
        List<SignedTransaction> bonds = new ArrayList<>();
        for (int i = 0; i < BONDERS.size(); i++) {
            KeyPair k = BONDERS.get(i);
            bonds.add(c.tx(k, new StakingCall.Bond(Amount.ofUnits(100L * (i + 1)), Onion.onionCommitment(k.seed()))));
        }
        BlockExecution.Outcome out = c.next(bonds, List.of(), 0);
        assertEquals(BONDERS.size(), out.included().size(), "every bond applies");
        return c;
    }

    @Test
    void genesisValidatorsAreCandidatesAndServeTheFirstTwoEpochs() {
        Chain c = new Chain();
        assertEquals(c.genesis.validatorSet().validators(), c.set(0).validators());
        assertEquals(c.genesis.validatorSet().validators(), c.set(1).validators());
        assertTrue(c.find(OnDuty.key(2), OnDuty.class).isEmpty(), "epoch 2 is drawn at epoch 1's start");
        for (KeyPair k : GENESIS_KEYS) {
            assertEquals(Amount.ofUnits(1000), c.candidate(k).stake());
            assertEquals(0, c.candidate(k).reveals());
        }
    }

    @Test
    void everyEpochDrawsElevenOfTheCandidatesWithTheMixOfEveryReveal() {
        Chain c = withBondedCandidates();
        List<List<Validator>> sets = new ArrayList<>();
        for (long epoch = 1; epoch <= 6; epoch++) {
            c.runTo(epoch * EPOCH);
            // The first block of `epoch` drew the set of epoch + 1.
            ValidatorSet drawn = c.set(epoch + 1);
            assertEquals(R2s.MAX_ON_DUTY, drawn.validators().size(), "14 candidates: 11 seats");
            assertEquals(drawn.validators().size(), new HashSet<>(drawn.validators()).size());
            for (Validator v : drawn.validators()) {
                Candidate cand = c.find(Candidate.key(v.account()), Candidate.class).orElseThrow();
                assertEquals(cand.stake(), v.stake(), "a seat votes with the stake bonded when drawn");
            }
            assertTrue(c.find(OnDuty.key(epoch - 2), OnDuty.class).isEmpty(), "old sets are pruned");
            sets.add(drawn.validators());
        }
        assertTrue(new HashSet<>(sets).size() > 1, "the draw changes with the mix: " + sets);
        Randao mix = c.find(Randao.KEY, Randao.class).orElseThrow();
        assertTrue(mix.reveals() >= 6, "proposers revealed: " + mix.reveals());
        // Each proposer reveals once per epoch, peeling one layer each time.
        for (KeyPair k : BY_ADDRESS.values()) {
            Candidate cand = c.candidate(k);
            assertEquals(Onion.onionLayer(Onion.onionSecret(k.seed()), Onion.ONION_DEPTH - cand.reveals()), cand.onion());
        }
    }

    @Test
    void theDrawFavoursStakeTimesCredit() {
        // Without rotation history, the same mix and different weights: the heaviest wins the seat more often.
        Hash seed0 = Hash.sha256(new byte[] {1});
        int heavyWins = 0;
        for (int i = 0; i < 400; i++) {
            Hash seed = Hash.sha256(seed0.bytes(), new byte[] {(byte) i, (byte) (i >> 8)});
            List<R2s.Candidate> pool = List.of(
                    new R2s.Candidate(GENESIS_KEYS.get(0).address(), Amount.ofUnits(1000), 1000),
                    new R2s.Candidate(GENESIS_KEYS.get(1).address(), Amount.ofUnits(1000), 250));
            if (R2s.select(pool, seed, 1).get(0).account().equals(GENESIS_KEYS.get(0).address())) {
                heavyWins++;
            }
        }
        assertTrue(heavyWins > 280 && heavyWins < 360, "credit 1000 vs 250: about 80 % of draws, got " + heavyWins);
    }

    @Test
    void creditCountsProposerTurnsAndVotesFromTheParentCommit() {
        Chain c = new Chain();
        KeyPair lazy = GENESIS_KEYS.get(3);
        c.silent.add(lazy.address()); // 3 of 4 equal stakes still make a quorum
        c.next(); // block 1: carries block 0's empty commit, counts nothing
        c.next(List.of(), List.of(), 1); // block 2 decided in round 1: the round-0 proposer missed its turn
        c.runTo(EPOCH - 1);
        c.next(); // block EPOCH: counts block EPOCH-1, then closes period 0
        ValidatorSet set = c.set(0);
        Address missedTurn = set.proposer(2, 0);
        for (KeyPair k : GENESIS_KEYS) {
            List<Integer> scores = c.candidate(k).scores();
            assertEquals(1, scores.size(), "one period closed for " + k.address());
            // Blocks 1..3 are counted in period 0: proposers 1, then 2 (round 0, missed) and 3 (round 1), then 3.
            if (k == lazy) {
                assertEquals(600, scores.get(0), "proposed in both its turns, never voted: the 40 % of votes lost");
            } else if (k.address().equals(missedTurn)) {
                assertEquals(600, scores.get(0), "voted every time, missed its only turn: the 40 % of turns lost");
            } else {
                assertEquals(1000, scores.get(0), "proposed when due and voted every time");
            }
        }
        assertTrue(c.find(WorkRecord.key(lazy.address()), WorkRecord.class).isEmpty(), "period 0 closed and cleared");
        c.next(); // counts block EPOCH, the first of period 1
        assertEquals(1, c.find(WorkRecord.key(lazy.address()), WorkRecord.class).orElseThrow().voteSlots());
        assertEquals(0, c.find(WorkRecord.key(lazy.address()), WorkRecord.class).orElseThrow().votes());
    }

    @Test
    void aLateParentCommitWithMoreSignersCreditsThemAll() {
        Chain c = new Chain();
        c.next();
        c.next();
        // Replace the head commit by a bare quorum: the fourth validator's vote goes uncounted.
        List<CommitSignature> three = c.headCommit.signatures().subList(0, 3);
        c.headCommit = new Commit(c.headCommit.height(), c.headCommit.round(), c.headCommit.blockHash(), three);
        BlockExecution.Outcome out = c.next(List.of(), List.of(), 0);
        assertEquals(3, out.body().lastCommit().signatures().size());
        Address left = c.set(0).validators().stream().map(Validator::account)
                .filter(a -> three.stream().noneMatch(s -> s.validator().equals(a))).findFirst().orElseThrow();
        WorkRecord w = c.find(WorkRecord.key(left), WorkRecord.class).orElseThrow();
        assertEquals(w.voteSlots() - 1, w.votes(), "one slot without a counted vote");
    }

    @Test
    void aBlockWithoutTheRevealItOwesOrWithAForgedOneIsInvalid() {
        Chain c = new Chain();
        BlockExecution.Outcome good = c.build(List.of(), List.of(), 0);
        BlockHeader h = good.header();
        assertNotEquals(Hash.ZERO, h.reveal(), "the first block of a proposer in an epoch reveals");
        BlockHeader withheld = new BlockHeader(h.height(), h.parent(), h.timestampMillis(), h.proposer(), h.txRoot(),
                h.stateRoot(), h.epoch(), Hash.ZERO, h.lastCommitHash(), h.evidenceRoot());
        assertTrue(c.replay(withheld, good.body()).invalid().orElseThrow().contains("must reveal"));
        BlockHeader forged = new BlockHeader(h.height(), h.parent(), h.timestampMillis(), h.proposer(), h.txRoot(),
                h.stateRoot(), h.epoch(), Hash.sha256(new byte[] {9}), h.lastCommitHash(), h.evidenceRoot());
        assertTrue(c.replay(forged, good.body()).invalid().orElseThrow().contains("does not hash"));
        c.next();
        // Four proposers in epoch 0 (blocks 1..3 and the round-robin): a second block of the same
        // proposer in the epoch reveals nothing more.
        c.runTo(EPOCH - 1);
        long revealsInEpoch0 = c.find(Randao.KEY, Randao.class).orElseThrow().reveals();
        assertEquals(EPOCH - 1, revealsInEpoch0, "blocks 1..3 had three different proposers");
    }

    @Test
    void aProposerWithoutItsOnionStillBuildsABlockTheOthersRefuse() {
        Chain c = new Chain();
        Address proposer = c.set(c.epochOf(1)).proposer(1, 0);
        BlockExecution.Outcome out = BlockExecution.build(c.state, StateTrie.of(c.state), c.head, List.of(),
                new BlockExecution.Extras(c.headCommit, List.of(), due -> Optional.empty()), proposer,
                c.head.timestampMillis() + 1000, c.chain, c.app, c.genesis.consensus());
        assertEquals(Hash.ZERO, out.header().reveal(), "no reveal it could not make");
        assertTrue(c.replay(out.header(), out.body()).invalid().orElseThrow().contains("must reveal"),
                "the block is built (the node keeps voting on others' blocks) but no replica takes it");
    }

    @Test
    void theParentCommitMustBeAQuorumOfTheParentsEpoch() {
        Chain c = new Chain();
        c.next();
        List<CommitSignature> two = c.headCommit.signatures().subList(0, 2);
        c.headCommit = new Commit(c.headCommit.height(), c.headCommit.round(), c.headCommit.blockHash(), two);
        BlockExecution.Outcome out = c.build(List.of(), List.of(), 0);
        assertTrue(c.replay(out.header(), out.body()).invalid().orElseThrow().contains("2/3"),
                "2 of 4 equal stakes are no quorum");
        BlockExecution.Outcome b1 = new Chain().build(List.of(), List.of(), 0);
        BlockBody notEmpty = new BlockBody(List.of(), new Commit(0, 0, Hash.ZERO, List.of()), List.of());
        assertTrue(new Chain().replay(b1.header(), notEmpty).invalid().orElseThrow().contains("commit hash"));
    }

    @Test
    void equivocationIsSlashedOnceAndCostsCredit() {
        Chain c = new Chain();
        c.runTo(2);
        KeyPair cheat = GENESIS_KEYS.get(2);
        Vote a = c.signedVote(cheat, Vote.Type.PREVOTE, 2, 0, Optional.of(Hash.sha256(new byte[] {1})));
        Vote b = c.signedVote(cheat, Vote.Type.PREVOTE, 2, 0, Optional.of(Hash.sha256(new byte[] {2})));
        Evidence ev = Evidence.of(a, b);
        assertEquals(Optional.empty(), ev.problem(c.chain));
        Amount before = c.candidate(cheat).stake();
        BlockExecution.Outcome out = c.next(List.of(), List.of(ev), 0);
        assertEquals(List.of(ev), out.body().evidence());
        Amount cut = before.share(ValidatorRotation.SLASH_PERCENT, 100);
        assertEquals(before.minus(cut), c.candidate(cheat).stake());
        assertEquals(cut, ((cess.ledger.model.Account) c.state.get(StateKey.account(StakingRules.PUNISHMENT_POOL))).free());
        assertEquals(cut, c.find(Offence.key(2, 0, Vote.Type.PREVOTE.ordinal(), cheat.address()), Offence.class)
                .orElseThrow().slashed());
        assertEquals(1, c.find(WorkRecord.key(cheat.address()), WorkRecord.class).orElseThrow().punishments());

        // The same offence again: a builder leaves it out, a replica refuses a block that carries it.
        BlockExecution.Outcome again = c.build(List.of(), List.of(ev), 0);
        assertTrue(again.body().evidence().isEmpty());
        BlockBody forced = new BlockBody(List.of(), c.headCommit, List.of(ev));
        BlockHeader h = again.header();
        BlockHeader carrying = new BlockHeader(h.height(), h.parent(), h.timestampMillis(), h.proposer(), h.txRoot(),
                h.stateRoot(), h.epoch(), h.reveal(), h.lastCommitHash(), forced.evidenceRoot());
        assertTrue(c.replay(carrying, forced).invalid().orElseThrow().contains("already punished"));

        // Not evidence: one vote twice, a forged signature, an outsider.
        assertTrue(Evidence.of(a, a).problem(c.chain).isPresent());
        Vote forgedB = new Vote(b.type(), b.height(), b.round(), b.value(), b.voter(), a.signature());
        assertTrue(Evidence.of(a, forgedB).problem(c.chain).orElseThrow().contains("not signed"));
        KeyPair outsider = BONDERS.get(0);
        Evidence foreign = Evidence.of(c.signedVote(outsider, Vote.Type.PRECOMMIT, 2, 0, Optional.empty()),
                c.signedVote(outsider, Vote.Type.PRECOMMIT, 2, 0, Optional.of(Hash.ZERO)));
        assertTrue(c.build(List.of(), List.of(foreign), 0).body().evidence().isEmpty(), "not on duty: not evidence");

        c.runTo(EPOCH);
        assertTrue(c.candidate(cheat).scores().get(0) <= 800, "a punishment costs 200 of the period's score");
    }

    @Test
    void aLeaverServesOutItsSeatThenGetsItsStakeBack() {
        Chain c = new Chain();
        KeyPair leaver = GENESIS_KEYS.get(1);
        Amount free = ((cess.ledger.model.Account) c.state.get(StateKey.account(leaver.address()))).free();
        c.next(List.of(c.tx(leaver, new StakingCall.Unbond())), List.of(), 0);
        assertTrue(c.candidate(leaver).leaving());
        c.runTo(EPOCH); // epoch 1 starts: the leaver is on duty in epoch 1 (genesis), so it stays bonded
        assertTrue(c.set(1).contains(leaver.address()));
        assertFalse(c.set(2).contains(leaver.address()), "a leaver is not drawn");
        assertTrue(c.find(Candidate.key(leaver.address()), Candidate.class).isPresent());
        c.runTo(2 * EPOCH - 1);
        Amount before = ((cess.ledger.model.Account) c.state.get(StateKey.account(leaver.address()))).free();
        assertTrue(before.compareTo(free.minus(Amount.ofUnits(10))) >= 0, "paid the fee (and earned author shares)");
        c.next(); // epoch 2 starts, the leaver serves in neither 2 nor 3: released
        assertTrue(c.find(Candidate.key(leaver.address()), Candidate.class).isEmpty());
        Amount after = ((cess.ledger.model.Account) c.state.get(StateKey.account(leaver.address()))).free();
        assertEquals(before.plus(Amount.ofUnits(1000)), after, "the whole stake back");
    }

    @Test
    void withNoEligibleCandidateTheCurrentSetServesOn() {
        Chain c = new Chain();
        List<SignedTransaction> all = new ArrayList<>();
        GENESIS_KEYS.forEach(k -> all.add(c.tx(k, new StakingCall.Unbond())));
        c.next(all, List.of(), 0);
        c.runTo(EPOCH);
        assertEquals(c.set(1).validators(), c.set(2).validators(), "the chain never draws an empty set");
        Predicate<KeyPair> bonded = k -> c.find(Candidate.key(k.address()), Candidate.class).isPresent();
        assertTrue(GENESIS_KEYS.stream().allMatch(bonded), "serving validators keep their stake bonded");
    }
}
