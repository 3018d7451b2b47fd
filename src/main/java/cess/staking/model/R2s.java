package cess.staking.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * R²S, CESS's "random rotational selection": who validates the next epoch. Pure functions of
 * the chain's records; the chain stores the inputs and calls these at epoch boundaries.
 *
 * <ul>
 *   <li><b>Credit</b> (0–1000 per candidate per period) from the work a validator did — blocks
 *       it proposed when it was the proposer, votes it cast, verifications it performed — minus
 *       punishments; a candidate's credit is the weighted mean of its last five periods, 50, 20,
 *       15, 10 and 5 % from the newest back.</li>
 *   <li><b>Randomness</b> no single validator controls: RANDAO over hash onions. A validator
 *       publishes {@code c = H^n(secret)} once and reveals the preimage of its last revealed value
 *       each epoch ({@link cess.consensus.model.Onion#verifyReveal}); the epoch seed hashes the previous
 *       seed with every reveal ({@link cess.consensus.model.Onion#mix}). A validator can withhold its reveal but cannot choose it.</li>
 *   <li><b>Selection</b>: up to {@value #MAX_ON_DUTY} validators drawn without replacement, each
 *       draw weighted by credit × stake, from a SHA-256 stream of the seed ({@link #select}).
 *       With no more candidates than seats, all serve.</li>
 * </ul>
 */
public final class R2s {
    public static final int MAX_ON_DUTY = 11;
    public static final int MAX_CREDIT = 1000;
    /** Weights of the last five periods, newest first, in percent. */
    static final int[] PERIOD_WEIGHTS = {50, 20, 15, 10, 5};

    private R2s() {
    }

    /**
     * The work of one validator in one period and what it was expected to do.
     *
     * @param proposed      blocks it proposed; {@code proposerTurns} times it was the proposer
     * @param votes         votes it cast; {@code voteSlots} votes it could have cast
     * @param verifications proofs and blocks it verified; {@code verificationTasks} assigned to it
     * @param punishments   offences recorded against it in the period (missed proofs, equivocation)
     */
    public record Work(long proposed, long proposerTurns, long votes, long voteSlots, long verifications,
                       long verificationTasks, int punishments) {
        public Work {
            if (proposed < 0 || proposerTurns < 0 || votes < 0 || voteSlots < 0 || verifications < 0
                    || verificationTasks < 0 || punishments < 0 || proposed > proposerTurns || votes > voteSlots
                    || verifications > verificationTasks) {
                throw new IllegalArgumentException("work counts must be 0 <= done <= expected");
            }
        }
    }

    /**
     * A period's score: 1000 × (40 % share of proposer turns used + 40 % share of votes cast + 20 %
     * share of verifications done), a share counting in full when nothing was expected; then 200
     * less per punishment, never below 0.
     */
    public static int periodScore(Work w) {
        long score = (400L * share(w.proposed(), w.proposerTurns()) + 400L * share(w.votes(), w.voteSlots())
                + 200L * share(w.verifications(), w.verificationTasks())) / SHARE_SCALE;
        score -= 200L * w.punishments();
        return (int) Math.max(0, Math.min(MAX_CREDIT, score));
    }

    private static final long SHARE_SCALE = 1_000_000;

    private static long share(long done, long expected) {
        return expected == 0 ? SHARE_SCALE : done * SHARE_SCALE / expected;
    }

    /**
     * Credit from the period scores, newest first: the weighted mean over the last five (weights
     * 50/20/15/10/5 %). A candidate with fewer periods is judged on those it has, their weights
     * scaled to sum to 100 %; one with none starts at {@value #MAX_CREDIT} / 2.
     */
    public static int credit(List<Integer> scoresNewestFirst) {
        int n = Math.min(PERIOD_WEIGHTS.length, scoresNewestFirst.size());
        if (n == 0) {
            return MAX_CREDIT / 2;
        }
        long sum = 0;
        long weights = 0;
        for (int i = 0; i < n; i++) {
            int s = scoresNewestFirst.get(i);
            if (s < 0 || s > MAX_CREDIT) {
                throw new IllegalArgumentException("a period score is 0.." + MAX_CREDIT + ", got " + s);
            }
            sum += (long) s * PERIOD_WEIGHTS[i];
            weights += PERIOD_WEIGHTS[i];
        }
        return (int) ((sum + weights / 2) / weights);
    }

    /** A candidate for the on-duty set: its bonded stake and its credit. */
    public record Candidate(Address account, Amount stake, int credit) {
        public Candidate {
            if (account == null || stake == null || credit < 0 || credit > MAX_CREDIT) {
                throw new IllegalArgumentException("malformed candidate");
            }
        }

        BigInteger weight() {
            // Credit 0 still leaves a sliver of weight, so that stake alone can fill empty seats.
            return stake.units().multiply(BigInteger.valueOf(Math.max(1, credit)));
        }
    }

    /**
     * Draws up to {@code seats} validators from {@code candidates} with {@code seed}: each draw
     * picks among the candidates not yet drawn with probability proportional to credit × stake.
     * Deterministic in its inputs (candidates are taken in account order, whatever order they
     * come in); all candidates serve when there are no more than {@code seats}.
     */
    public static List<Candidate> select(List<Candidate> candidates, Hash seed, int seats) {
        List<Candidate> pool = new ArrayList<>(candidates.stream()
                .filter(c -> c.stake().units().signum() > 0)
                .sorted(Comparator.comparing(Candidate::account)).toList());
        if (pool.size() <= seats) {
            return List.copyOf(pool);
        }
        List<Candidate> chosen = new ArrayList<>();
        for (int draw = 0; draw < seats; draw++) {
            BigInteger total = pool.stream().map(Candidate::weight).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger ticket = uniform(seed, draw, total);
            for (int i = 0; i < pool.size(); i++) {
                ticket = ticket.subtract(pool.get(i).weight());
                if (ticket.signum() < 0) {
                    chosen.add(pool.remove(i));
                    break;
                }
            }
        }
        return List.copyOf(chosen);
    }

    /** A number uniform in [0, bound) from the seed's stream: 256 bits plus 64 more, so the modulo bias is below 2^-64. */
    static BigInteger uniform(Hash seed, int draw, BigInteger bound) {
        byte[] a = Hash.sha256(new Encoder().hash(seed).u32(draw).u8(0).toBytes()).bytes();
        byte[] b = Hash.sha256(new Encoder().hash(seed).u32(draw).u8(1).toBytes()).bytes();
        byte[] wide = new byte[a.length + 8];
        System.arraycopy(a, 0, wide, 0, a.length);
        System.arraycopy(b, 0, wide, a.length, 8);
        return new BigInteger(1, wide).mod(bound);
    }
}
