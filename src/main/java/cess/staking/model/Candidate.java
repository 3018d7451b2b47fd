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
 * A validator candidate: its bonded stake, the outer layer of its RANDAO hash onion (what its
 * next reveal must hash to), its last period scores (newest first, at most five) and whether it
 * is leaving (its stake comes back at the next epoch start).
 */
public record Candidate(Amount stake, Hash onion, List<Integer> scores, long bondedMillis, boolean leaving)
        implements StateValue {
    public static final int SCORES_KEPT = 5;

    public Candidate {
        if (stake == null || onion == null || scores == null || scores.size() > SCORES_KEPT) {
            throw new IllegalArgumentException("malformed candidate");
        }
        scores = List.copyOf(scores);
    }

    public static StateKey key(Address account) {
        return new StateKey(StateKey.Kind.CANDIDATE, account.ss58());
    }

    public Candidate withStake(Amount s) {
        return new Candidate(s, onion, scores, bondedMillis, leaving);
    }

    public Candidate asLeaving() {
        return new Candidate(stake, onion, scores, bondedMillis, true);
    }

    /** The score of the period that just ended goes first; the oldest beyond five drops out. */
    public Candidate withScore(int score) {
        List<Integer> next = new ArrayList<>();
        next.add(score);
        next.addAll(scores.subList(0, Math.min(scores.size(), SCORES_KEPT - 1)));
        return new Candidate(stake, onion, next, bondedMillis, leaving);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().amount(stake).hash(onion).u8(scores.size());
        scores.forEach(s -> e.u32(s));
        return e.u64(bondedMillis).u8(leaving ? 1 : 0).toBytes();
    }

    public static Candidate decode(Decoder d) {
        Amount stake = d.amount();
        Hash onion = d.hash();
        int n = d.u8();
        if (n > SCORES_KEPT) {
            throw new IllegalArgumentException("a candidate keeps at most " + SCORES_KEPT + " scores");
        }
        List<Integer> scores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scores.add((int) d.u32());
        }
        return new Candidate(stake, onion, scores, d.u64(), d.u8() == 1);
    }
}
