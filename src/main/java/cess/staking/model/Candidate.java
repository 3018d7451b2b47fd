package cess.staking.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A validator candidate: its bonded stake; its RANDAO hash onion ({@code onion} is the layer its
 * next reveal must hash to, {@code reveals} how many layers it has peeled, {@code revealedIn} the
 * epoch + 1 of its last reveal, 0 for never); its last period scores (newest first, at most five);
 * and whether it is leaving (its stake comes back at the first epoch start it is not on duty for).
 */
public record Candidate(Amount stake, Hash onion, int reveals, long revealedIn, List<Integer> scores, long bondedMillis,
                        boolean leaving) implements StateValue {
    public static final int SCORES_KEPT = 5;

    public Candidate {
        if (stake == null || onion == null || scores == null || scores.size() > SCORES_KEPT || reveals < 0
                || revealedIn < 0) {
            throw new IllegalArgumentException("malformed candidate");
        }
        scores = List.copyOf(scores);
    }

    /** A new candidate that has revealed nothing yet. */
    public static Candidate fresh(Amount stake, Hash onion, long bondedMillis) {
        return new Candidate(stake, onion, 0, 0, List.of(), bondedMillis, false);
    }

    public static StateKey key(Address account) {
        return new StateKey(Staking.CANDIDATE, account.ss58());
    }

    public Candidate withStake(Amount s) {
        return new Candidate(s, onion, reveals, revealedIn, scores, bondedMillis, leaving);
    }

    public Candidate asLeaving() {
        return new Candidate(stake, onion, reveals, revealedIn, scores, bondedMillis, true);
    }

    /** Whether this candidate has revealed an onion layer in {@code epoch}. */
    public boolean revealedInEpoch(long epoch) {
        return revealedIn == epoch + 1;
    }

    /** After revealing {@code layer} (the preimage of {@link #onion}) in {@code epoch}. */
    public Candidate revealed(Hash layer, long epoch) {
        return new Candidate(stake, layer, reveals + 1, epoch + 1, scores, bondedMillis, leaving);
    }

    /** The score of the period that just ended goes first; the oldest beyond five drops out. */
    public Candidate withScore(int score) {
        List<Integer> next = new ArrayList<>();
        next.add(score);
        next.addAll(scores.subList(0, Math.min(scores.size(), SCORES_KEPT - 1)));
        return new Candidate(stake, onion, reveals, revealedIn, next, bondedMillis, leaving);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().amount(stake).hash(onion).u32(reveals).u64(revealedIn).u8(scores.size());
        scores.forEach(s -> e.u32(s));
        return e.u64(bondedMillis).u8(leaving ? 1 : 0).toBytes();
    }

    public static Candidate decode(Decoder d) {
        Amount stake = d.amount();
        Hash onion = d.hash();
        long reveals = d.u32();
        long revealedIn = d.u64();
        int n = d.u8();
        if (n > SCORES_KEPT || reveals > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a candidate keeps at most " + SCORES_KEPT + " scores");
        }
        List<Integer> scores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scores.add((int) d.u32());
        }
        return new Candidate(stake, onion, (int) reveals, revealedIn, scores, d.u64(), d.u8() == 1);
    }
}
