package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The votes of one height, per round and type, as the {@link Bft} engine counts them (vote
 * keeping apart from the round state machine, as in Malachite). It keeps a validator's first
 * vote in a slot and drops repeats; a second, conflicting vote is evidence of equivocation,
 * reported once per slot, and is kept too when it is nil or for a block proposed at this height
 * (an equivocator's votes count wherever the paper's algorithm counts messages received; quorum
 * intersection keeps this safe, and keeping them is what lets honest nodes that saw different
 * versions converge). Immutable: {@link #add} returns a new keeper.
 *
 * @param prevotes   per round, the prevotes taken in
 * @param precommits per round, the precommits taken in
 * @param reported   the slots ({@code type:round:voter}) whose equivocation was already reported
 */
public record VoteKeeper(Map<Integer, List<Vote>> prevotes, Map<Integer, List<Vote>> precommits,
                         Set<String> reported) {
    public VoteKeeper {
        prevotes = Map.copyOf(prevotes);
        precommits = Map.copyOf(precommits);
        reported = Set.copyOf(reported);
    }

    public static VoteKeeper empty() {
        return new VoteKeeper(Map.of(), Map.of(), Set.of());
    }

    /** The keeper after a vote, and the evidence the vote makes (once per slot). */
    public record Added(VoteKeeper keeper, Optional<Bft.Evidence> evidence) {
    }

    /**
     * Takes in a vote whose voter is on duty at this height.
     *
     * @param proposed whether a block hash was proposed at this height (a conflicting vote for
     *                 anything else counts for nothing)
     */
    public Added add(Vote v, Predicate<Hash> proposed) {
        Map<Integer, List<Vote>> table = table(v.type());
        List<Vote> atRound = table.getOrDefault(v.round(), List.of());
        Vote first = null;
        for (Vote x : atRound) {
            if (x.voter().equals(v.voter())) {
                if (x.value().equals(v.value())) {
                    return new Added(this, Optional.empty()); // seen already (gossip repeats)
                }
                first = first == null ? x : first;
            }
        }
        Optional<Bft.Evidence> evidence = Optional.empty();
        Set<String> nowReported = reported;
        if (first != null) {
            String slot = v.type() + ":" + v.round() + ":" + v.voter();
            if (!reported.contains(slot)) {
                Set<String> next = new HashSet<>(reported);
                next.add(slot);
                nowReported = next;
                evidence = Optional.of(new Bft.Evidence(first, v));
            }
            if (v.value().isPresent() && !proposed.test(v.value().get())) {
                return new Added(new VoteKeeper(prevotes, precommits, nowReported), evidence);
            }
        }
        List<Vote> nextRound = new ArrayList<>(atRound);
        nextRound.add(v);
        Map<Integer, List<Vote>> next = new HashMap<>(table);
        next.put(v.round(), List.copyOf(nextRound));
        VoteKeeper keeper = v.type() == Vote.Type.PREVOTE
                ? new VoteKeeper(next, precommits, nowReported)
                : new VoteKeeper(prevotes, next, nowReported);
        return new Added(keeper, evidence);
    }

    /** Every vote of a type taken in at a round. */
    public List<Vote> all(Vote.Type type, int round) {
        return table(type).getOrDefault(round, List.of());
    }

    /** The votes of a type at a round for {@code value} (empty: nil). */
    public List<Vote> votesFor(Vote.Type type, int round, Optional<Hash> value) {
        List<Vote> out = new ArrayList<>();
        for (Vote v : all(type, round)) {
            if (v.value().equals(value)) {
                out.add(v);
            }
        }
        return out;
    }

    /** The rounds after {@code round} in which anyone voted. */
    public Set<Integer> roundsAfter(int round) {
        Set<Integer> later = new HashSet<>();
        prevotes.keySet().stream().filter(r -> r > round).forEach(later::add);
        precommits.keySet().stream().filter(r -> r > round).forEach(later::add);
        return later;
    }

    /** Who voted (either type) at a round. */
    public Set<Address> senders(int round) {
        Set<Address> senders = new HashSet<>();
        all(Vote.Type.PREVOTE, round).forEach(v -> senders.add(v.voter()));
        all(Vote.Type.PRECOMMIT, round).forEach(v -> senders.add(v.voter()));
        return senders;
    }

    private Map<Integer, List<Vote>> table(Vote.Type type) {
        return type == Vote.Type.PREVOTE ? prevotes : precommits;
    }
}
