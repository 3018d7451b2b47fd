package cess.incentive.model;

import cess.shared.Amount;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A pool shared by weight, exactly: each holder gets its weight's share rounded down, and the
 * units rounding left over go one each to the holders with the largest remainders (ties to the
 * first in key order), so that the shares add up to the pool. A pool with no positive weight
 * pays nothing and is returned whole. Pure and stateless.
 */
public final class Shares {
    private Shares() {
    }

    /** Who gets what, and what nobody got. */
    public record Split<K>(Map<K, Amount> shares, Amount unpaid) {
        public Amount paid() {
            Amount sum = Amount.ZERO;
            for (Amount a : shares.values()) {
                sum = sum.plus(a);
            }
            return sum;
        }
    }

    /** {@code pool} shared by {@code weights} (non-negative; zero weights get nothing and are not listed). */
    public static <K extends Comparable<K>> Split<K> of(Amount pool, SortedMap<K, BigInteger> weights) {
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<K, BigInteger> e : weights.entrySet()) {
            if (e.getValue().signum() < 0) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " is negative: " + e.getValue());
            }
            total = total.add(e.getValue());
        }
        if (total.signum() == 0 || pool.isZero()) {
            return new Split<>(Map.of(), pool);
        }
        record Part<K>(K key, BigInteger units, BigInteger remainder, int order) {
        }
        List<Part<K>> parts = new ArrayList<>();
        BigInteger paid = BigInteger.ZERO;
        int order = 0;
        for (Map.Entry<K, BigInteger> e : weights.entrySet()) {
            if (e.getValue().signum() == 0) {
                continue;
            }
            BigInteger[] qr = pool.units().multiply(e.getValue()).divideAndRemainder(total);
            parts.add(new Part<>(e.getKey(), qr[0], qr[1], order++));
            paid = paid.add(qr[0]);
        }
        int left = pool.units().subtract(paid).intValueExact(); // fewer than the number of holders
        List<Part<K>> byRemainder = new ArrayList<>(parts);
        byRemainder.sort((a, b) -> {
            int c = b.remainder().compareTo(a.remainder());
            return c != 0 ? c : Integer.compare(a.order(), b.order());
        });
        Map<K, BigInteger> extra = new LinkedHashMap<>();
        for (int i = 0; i < left; i++) {
            extra.put(byRemainder.get(i).key(), BigInteger.ONE);
        }
        Map<K, Amount> out = new LinkedHashMap<>();
        for (Part<K> part : parts) {
            BigInteger units = part.units().add(extra.getOrDefault(part.key(), BigInteger.ZERO));
            if (units.signum() > 0) {
                out.put(part.key(), new Amount(units));
            }
        }
        return new Split<>(Collections.unmodifiableMap(out), Amount.ZERO);
    }
}
