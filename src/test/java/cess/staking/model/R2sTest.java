package cess.staking.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class R2sTest {
    @Test
    void creditIsTheWeightedMeanOfTheLastFivePeriods() {
        assertEquals(1000, R2s.credit(List.of(1000, 1000, 1000, 1000, 1000)));
        assertEquals(500, R2s.credit(List.of(1000, 0, 0, 0, 0)), "the newest period weighs 50 %");
        assertEquals(600, R2s.credit(List.of(800, 600, 400, 200, 0)));
        assertEquals(600, R2s.credit(List.of(800, 600, 400, 200, 0, 1000, 1000)), "older periods do not count");
        assertEquals(729, R2s.credit(List.of(900, 300)), "fewer periods: their weights scaled to 100 %");
        assertEquals(500, R2s.credit(List.of()), "a new candidate starts in the middle");
        assertThrows(IllegalArgumentException.class, () -> R2s.credit(List.of(1001)));
    }

    @Test
    void aPeriodScoresWorkDoneAgainstWorkExpectedLessPunishments() {
        assertEquals(1000, R2s.periodScore(new R2s.Work(10, 10, 200, 200, 5, 5, 0)));
        assertEquals(1000, R2s.periodScore(new R2s.Work(0, 0, 0, 0, 0, 0, 0)), "nothing expected, nothing missed");
        assertEquals(800, R2s.periodScore(new R2s.Work(10, 10, 100, 200, 5, 5, 0)), "half the votes: 40 % × 1/2 lost");
        assertEquals(600, R2s.periodScore(new R2s.Work(0, 10, 200, 200, 5, 5, 0)), "no block proposed when due");
        assertEquals(400, R2s.periodScore(new R2s.Work(10, 10, 100, 200, 5, 5, 2)), "200 less per punishment");
        assertEquals(0, R2s.periodScore(new R2s.Work(0, 10, 0, 200, 0, 5, 1)), "never below 0");
        assertThrows(IllegalArgumentException.class, () -> new R2s.Work(11, 10, 0, 0, 0, 0, 0));
    }

    static List<R2s.Candidate> candidates(int n, int credit) {
        return IntStream.range(0, n).mapToObj(i -> new R2s.Candidate(KeyPair.dev("//Cand" + i).address(),
                Amount.ofUnits(1000), credit)).toList();
    }

    @Test
    void upToElevenAreDrawnDeterministicallyAndFewerCandidatesAllServe() {
        List<R2s.Candidate> five = candidates(5, 700);
        assertEquals(5, R2s.select(five, Hash.ZERO, R2s.MAX_ON_DUTY).size(), "fewer than 11: all serve");
        List<R2s.Candidate> thirty = new ArrayList<>(candidates(30, 700));
        Hash seed = Hash.sha256(new byte[] {3});
        List<R2s.Candidate> chosen = R2s.select(thirty, seed, R2s.MAX_ON_DUTY);
        assertEquals(11, chosen.size());
        assertEquals(11, new HashSet<>(chosen).size(), "drawn without replacement");
        Collections.shuffle(thirty, new java.util.Random(1));
        assertEquals(chosen, R2s.select(thirty, seed, R2s.MAX_ON_DUTY), "the input order does not matter");
        assertNotEquals(chosen, R2s.select(thirty, Hash.sha256(new byte[] {4}), R2s.MAX_ON_DUTY), "the seed does");
        List<R2s.Candidate> withUnstaked = new ArrayList<>(five);
        withUnstaked.add(new R2s.Candidate(KeyPair.dev("//Broke").address(), Amount.ZERO, 1000));
        assertEquals(5, R2s.select(withUnstaked, Hash.ZERO, 11).size(), "no stake, no seat");
    }

    @Test
    void drawsFollowCreditTimesStake() {
        List<R2s.Candidate> field = new ArrayList<>(candidates(11, 100));
        R2s.Candidate star = new R2s.Candidate(KeyPair.dev("//Star").address(), Amount.ofUnits(1000), 1000);
        R2s.Candidate whale = new R2s.Candidate(KeyPair.dev("//Whale").address(), Amount.ofUnits(10_000), 100);
        field.add(star);
        field.add(whale);
        int starWins = 0;
        int whaleWins = 0;
        int runs = 4000;
        for (int i = 0; i < runs; i++) {
            R2s.Candidate first = R2s.select(field, Hash.sha256(("seed " + i).getBytes()), 1).get(0);
            starWins += first.equals(star) ? 1 : 0;
            whaleWins += first.equals(whale) ? 1 : 0;
        }
        // weights: 11 × 100·1000, star 1000·1000, whale 100·10000: the star and the whale 1/3.1 each
        double expected = 1_000_000.0 / (1_100_000 + 1_000_000 + 1_000_000);
        assertEquals(expected, starWins / (double) runs, 0.03);
        assertEquals(expected, whaleWins / (double) runs, 0.03);
    }
}
