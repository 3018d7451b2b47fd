package cess.incentive.model;

import cess.shared.Amount;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The consensus era's rewards: the pool shared by era points (a block proposed in its turn, a
 * precommit that made it into a commit), among the validators on duty in the era only; points
 * of anyone else count for nothing. A pool nobody earned is returned unpaid. Pure and stateless.
 */
public final class ValidatorRewards {
    private ValidatorRewards() {
    }

    public static <K extends Comparable<K>> Shares.Split<K> pay(Amount pool, Map<K, Long> points, Set<K> onDuty) {
        SortedMap<K, BigInteger> weights = new TreeMap<>();
        points.forEach((who, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("points of " + who + " are negative: " + n);
            }
            if (onDuty.contains(who)) {
                weights.put(who, BigInteger.valueOf(n));
            }
        });
        return Shares.of(pool, weights);
    }
}
