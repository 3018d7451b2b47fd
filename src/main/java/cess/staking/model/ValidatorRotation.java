package cess.staking.model;

import cess.ledger.model.StateKind;
import cess.ledger.model.Balances;
import cess.consensus.model.Application;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockFrame;
import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Evidence;
import cess.consensus.model.Genesis;
import cess.consensus.model.Onion;
import cess.consensus.model.Validator;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.Currency;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * R²S on chain: what every block does about validators before its transactions, a pure function
 * of the state and the block.
 *
 * <ol>
 *   <li><b>Work.</b> The block carries its parent's commit. From it the chain counts, for the
 *       parent's epoch, the proposer turns each on-duty validator had (one per round up to the
 *       deciding one), who proposed in the deciding round, and whose precommits are in it out of
 *       every on-duty validator's slot ({@link WorkRecord}).</li>
 *   <li><b>Epoch start</b> (the first block of epoch E): each work record becomes one period score
 *       of its candidate ({@link R2s#periodScore}); the set of epoch E+1 is drawn by
 *       {@link R2s#select} from the candidates (not leaving, bonded at least the minimum) weighted
 *       by credit × stake, seeded by the RANDAO mix and E+1; leavers not on duty in E or E+1 get
 *       their stake back; the set of E-2 and offences before epoch E-1 are pruned.</li>
 *   <li><b>Evidence</b> of equivocation by a validator on duty in epoch E-1, E or E+1 slashes
 *       {@value #SLASH_PERCENT} % of its stake into the punishment pool and counts a punishment
 *       against its credit, once per offence.</li>
 *   <li><b>Reveal.</b> A proposer that is a candidate reveals, in its first block of each epoch,
 *       the next layer of its hash onion; it goes into the mix. It can withhold a reveal only by
 *       not proposing, which costs it credit; it can never choose one.</li>
 * </ol>
 */
public final class ValidatorRotation {
    /** Share of stake an equivocation costs. */
    public static final int SLASH_PERCENT = 10;
    private static final byte[] GENESIS_MIX = "CESS/randao/genesis/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DRAW = "CESS/r2s/draw/v1".getBytes(StandardCharsets.US_ASCII);

    private ValidatorRotation() {
    }

    /** The on-duty set of {@code epoch}, if the state holds it (the previous, current and next epoch's). */
    public static Optional<ValidatorSet> validators(StateView s, long epoch) {
        return s.find(OnDuty.key(epoch), OnDuty.class).map(ValidatorRotation::toSet);
    }

    public static ValidatorSet toSet(OnDuty d) {
        return new ValidatorSet(d.seats().stream().map(seat -> new Validator(seat.account(), seat.stake())).toList());
    }

    /**
     * The validator entries of the state at block 0: each genesis validator a candidate bonded
     * with its stake and onion; it is the on-duty set of epochs 0 and 1; the mix starts from the
     * genesis specification.
     */
    public static void genesis(Map<StateKey, StateValue> state, List<Genesis.ValidatorSpec> validators, long timestampMillis,
                        Hash specHash) {
        List<OnDuty.Seat> seats = new ArrayList<>();
        for (Genesis.ValidatorSpec v : validators) {
            state.put(Candidate.key(v.account()), Candidate.fresh(v.stake(), v.onion(), timestampMillis));
            seats.add(new OnDuty.Seat(v.account(), v.stake()));
        }
        state.put(OnDuty.key(0), new OnDuty(seats));
        state.put(OnDuty.key(1), new OnDuty(seats));
        state.put(Randao.KEY, new Randao(Hash.sha256(new Encoder().raw(GENESIS_MIX).hash(specHash).toBytes()), 0));
    }

    /** Whether the author of a block in {@code epoch} must reveal an onion layer in it. */
    static boolean mustReveal(StateView s, Address proposer, long epoch) {
        Optional<Candidate> c = s.find(Candidate.key(proposer), Candidate.class);
        return c.isPresent() && !c.get().revealedInEpoch(epoch) && c.get().reveals() < Onion.ONION_DEPTH;
    }

    /**
     * Checks and applies a block's validator business (see the class comment) to {@code s}: the
     * same path for a block being built and one being checked.
     *
     * @param before   the full state after the parent; {@code s} is the block's overlay on it
     * @param verified whether a commit (by hash) was already verified; its signatures are then not checked again
     * @param building the proposer's own block: evidence that does not hold is left out (up to
     *                 {@link BlockBody#MAX_EVIDENCE} kept) instead of making the block invalid
     * @param checks   the checks the parent block asked of every validator besides replaying it
     *                 (storage proofs judged in it): each on-duty validator was assigned them, and
     *                 those whose precommit is in the parent's commit did them
     */
    public static Application.Opening open(NavigableMap<StateKey, StateValue> before, StateOverlay s, Currency cur,
                                           BlockFrame f, Predicate<Hash> verified, boolean building, StakingParams sp,
                                           long checks) {
        Optional<String> bad = countWork(s, f.parent(), f.lastCommit(), building ? c -> true : verified, f.genesis(), checks);
        if (bad.isPresent()) {
            if (building) {
                throw new IllegalArgumentException("this node's commit of its head is not one: " + bad.get());
            }
            return Application.Opening.invalid(bad.get());
        }
        if (f.epochStart()) {
            startEpoch(before, s, cur, f.epoch(), f.consensus(), sp);
        }
        List<Evidence> kept = new ArrayList<>();
        for (Evidence ev : f.evidence()) {
            if (building && kept.size() == BlockBody.MAX_EVIDENCE) {
                break;
            }
            StateOverlay attempt = s.fork();
            bad = punish(attempt, Balances.currency(attempt), ev, f.height(), f.epoch(), f.genesis(), f.consensus(), sp);
            if (bad.isEmpty()) {
                s.absorb(attempt);
                kept.add(ev);
            } else if (!building) {
                return Application.Opening.invalid(bad.get());
            }
        }
        bad = reveal(s, f.proposer(), f.epoch(), f.reveal());
        if (bad.isPresent() && !building) {
            return Application.Opening.invalid(bad.get());
        }
        // A proposer that cannot make the reveal it owes (its node's onion is not the one it
        // published) still builds its block, which the others will refuse: it keeps voting on
        // theirs instead of stalling at every height.
        return new Application.Opening(Optional.empty(), kept);
    }

    /** The layer {@code proposer} must reveal in {@code epoch}, if it must reveal one. */
    public static Optional<Application.RevealDue> revealDue(StateView s, Address proposer, long epoch) {
        if (!mustReveal(s, proposer, epoch)) {
            return Optional.empty();
        }
        Candidate c = s.find(Candidate.key(proposer), Candidate.class).orElseThrow();
        return Optional.of(new Application.RevealDue(c.onion(), c.reveals()));
    }

    /** Whether the offence {@code ev} proves is already on chain (punished). */
    public static boolean punished(StateView s, Evidence ev) {
        return s.get(offenceKey(ev)) != null;
    }

    /** The state key of an offence: one per validator, height, round and vote kind, however it is evidenced. */
    static StateKey offenceKey(Evidence ev) {
        return Offence.key(ev.height(), ev.first().round(), ev.first().type().ordinal(), ev.offender());
    }

    // ------------------------------------------------------------------ work

    private static Optional<String> countWork(StateOverlay s, BlockHeader parent, Commit last, Predicate<Hash> verified,
                                              Hash genesis, long checks) {
        if (parent.height() == 0) {
            return last.equals(BlockBody.genesisCommit(parent)) ? Optional.empty()
                    : Optional.of("block 1 must carry block 0's empty commit");
        }
        if (last.height() != parent.height() || !last.blockHash().equals(parent.hash())) {
            return Optional.of("the parent's commit carried is for another block");
        }
        Optional<ValidatorSet> set = validators(s, parent.epoch());
        if (set.isEmpty()) {
            return Optional.of("no on-duty set for epoch " + parent.epoch());
        }
        if (!verified.test(last.hash())) {
            Optional<String> bad = last.verify(parent, set.get(), genesis);
            if (bad.isPresent()) {
                return Optional.of("the parent's commit carried is invalid: " + bad.get());
            }
        }
        List<Validator> list = set.get().validators();
        int n = list.size();
        long rounds = last.round() + 1L;
        Address decider = set.get().proposer(parent.height(), last.round());
        Set<Address> signers = new HashSet<>(last.signers());
        for (int i = 0; i < n; i++) {
            Address a = list.get(i).account();
            long offset = Math.floorMod(i - parent.height(), (long) n);
            long turns = offset < rounds ? (rounds - offset + n - 1) / n : 0;
            work(s, a, work(s, a).plus(a.equals(decider) ? 1 : 0, turns, signers.contains(a) ? 1 : 0, 1, 0)
                    .verified(signers.contains(a) ? checks : 0, checks));
        }
        return Optional.empty();
    }

    private static WorkRecord work(StateView s, Address a) {
        return s.find(WorkRecord.key(a), WorkRecord.class).orElse(WorkRecord.NONE);
    }

    private static void work(StateOverlay s, Address a, WorkRecord w) {
        s.put(WorkRecord.key(a), w);
    }

    // ------------------------------------------------------------------ epochs

    private static void startEpoch(NavigableMap<StateKey, StateValue> before, StateOverlay s, Currency cur, long epoch,
                                   ConsensusParams cp, StakingParams sp) {
        for (StateKey k : keys(before, s, Staking.WORK)) {
            Optional<WorkRecord> w = s.find(k, WorkRecord.class);
            Address who = Address.parse(k.id());
            Optional<Candidate> c = s.find(Candidate.key(who), Candidate.class);
            if (w.isPresent() && c.isPresent()) {
                WorkRecord r = w.get();
                s.put(Candidate.key(who), c.get().withScore(R2s.periodScore(new R2s.Work(r.proposed(), r.proposerTurns(),
                        r.votes(), r.voteSlots(), r.verifications(), r.verificationTasks(), r.punishments()))));
            }
            s.remove(k);
        }
        OnDuty current = s.find(OnDuty.key(epoch), OnDuty.class)
                .orElseThrow(() -> new IllegalStateException("no on-duty set for epoch " + epoch));
        OnDuty next = draw(before, s, epoch + 1, sp).orElse(current);
        s.put(OnDuty.key(epoch + 1), next);
        if (epoch >= 2 && s.get(OnDuty.key(epoch - 2)) != null) {
            s.remove(OnDuty.key(epoch - 2));
        }
        StakingRules.releaseLeaving(before, s, cur, a -> current.contains(a) || next.contains(a));
        StateKey oldest = Offence.below((epoch - 1) * cp.epochBlocks());
        for (StateKey k : keys(before, s, Staking.OFFENCE)) {
            if (k.compareTo(oldest) < 0 && s.get(k) != null) {
                s.remove(k);
            }
        }
    }

    /** The R²S draw of {@code epoch}'s set; empty when no candidate qualifies (the current set then serves on). */
    static Optional<OnDuty> draw(NavigableMap<StateKey, StateValue> before, StateOverlay s, long epoch, StakingParams sp) {
        List<R2s.Candidate> eligible = new ArrayList<>();
        for (StateKey k : keys(before, s, Staking.CANDIDATE)) {
            Optional<Candidate> c = s.find(k, Candidate.class);
            if (c.isPresent() && !c.get().leaving() && c.get().stake().compareTo(sp.minBond()) >= 0) {
                eligible.add(new R2s.Candidate(Address.parse(k.id()), c.get().stake(), R2s.credit(c.get().scores())));
            }
        }
        Randao mix = s.find(Randao.KEY, Randao.class).orElseThrow(() -> new IllegalStateException("no RANDAO mix"));
        Hash seed = Hash.sha256(new Encoder().raw(DRAW).hash(mix.mix()).u64(epoch).toBytes());
        List<R2s.Candidate> chosen = R2s.select(eligible, seed, R2s.MAX_ON_DUTY);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OnDuty(chosen.stream().map(c -> new OnDuty.Seat(c.account(), c.stake())).toList()));
    }

    /** The keys of {@code kind} in the state as {@code s} sees it: the base's and those the block added. */
    private static Set<StateKey> keys(NavigableMap<StateKey, StateValue> before, StateOverlay s, StateKind kind) {
        StateKey from = new StateKey(kind, "\u0000");
        StateKey to = StateKey.after(kind, "");
        Set<StateKey> keys = new TreeSet<>(before.subMap(from, true, to, false).keySet());
        keys.addAll(s.changes().subMap(from, true, to, false).keySet());
        return keys;
    }

    // ------------------------------------------------------------------ evidence

    private static Optional<String> punish(StateOverlay s, Currency cur, Evidence ev, long height, long epoch, Hash genesis,
                                           ConsensusParams cp, StakingParams sp) {
        Optional<String> bad = ev.problem(genesis);
        if (bad.isPresent()) {
            return Optional.of("evidence: " + bad.get());
        }
        if (ev.height() >= height) {
            return Optional.of("evidence of votes for height " + ev.height() + " in block " + height);
        }
        long offenceEpoch = cp.epochOf(ev.height());
        if (offenceEpoch + 1 < epoch) {
            return Optional.of("evidence from epoch " + offenceEpoch + " is too old in epoch " + epoch);
        }
        Address offender = ev.offender();
        if (!s.find(OnDuty.key(offenceEpoch), OnDuty.class).map(d -> d.contains(offender)).orElse(false)) {
            return Optional.of("evidence against " + offender + ", not on duty in epoch " + offenceEpoch);
        }
        StateKey mark = offenceKey(ev);
        if (s.get(mark) != null) {
            return Optional.of("the equivocation of " + offender + " at height " + ev.height() + " round "
                    + ev.first().round() + " is already punished");
        }
        Amount cut = StakingRules.slash(s, cur, offender, SLASH_PERCENT, sp);
        s.put(mark, new Offence(cut, height));
        work(s, offender, work(s, offender).plus(0, 0, 0, 0, 1));
        return Optional.empty();
    }

    // ------------------------------------------------------------------ reveals

    private static Optional<String> reveal(StateOverlay s, Address proposer, long epoch, Hash layer) {
        boolean must = mustReveal(s, proposer, epoch);
        if (layer.equals(Hash.ZERO)) {
            return must ? Optional.of("the proposer " + proposer + " must reveal its next onion layer in epoch " + epoch)
                    : Optional.empty();
        }
        if (!must) {
            return Optional.of("the proposer " + proposer + " has no onion layer to reveal in epoch " + epoch);
        }
        Candidate c = s.find(Candidate.key(proposer), Candidate.class).orElseThrow();
        if (!Onion.verifyReveal(layer, c.onion())) {
            return Optional.of("the reveal of " + proposer + " does not hash to its published onion layer " + c.onion());
        }
        s.put(Candidate.key(proposer), c.revealed(layer, epoch));
        Randao mix = s.find(Randao.KEY, Randao.class).orElseThrow(() -> new IllegalStateException("no RANDAO mix"));
        s.put(Randao.KEY, new Randao(Onion.mix(mix.mix(), layer), mix.reveals() + 1));
        return Optional.empty();
    }
}
