package cess.incentive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SharesTest {
    static TreeMap<String, BigInteger> weights(Object... kv) {
        TreeMap<String, BigInteger> w = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            w.put((String) kv[i], BigInteger.valueOf(((Number) kv[i + 1]).longValue()));
        }
        return w;
    }

    @Test
    void roundingLeftoversGoToTheLargestRemaindersAndTheSharesAddUpToThePool() {
        Shares.Split<String> s = Shares.of(Amount.ofUnits(10), weights("a", 1, "b", 1, "c", 1));
        assertEquals(Map.of("a", Amount.ofUnits(4), "b", Amount.ofUnits(3), "c", Amount.ofUnits(3)), s.shares(),
                "ties to the first in key order");
        assertEquals(Amount.ofUnits(10), s.paid());
        Shares.Split<String> t = Shares.of(Amount.ofUnits(100), weights("a", 1, "b", 2, "z", 0));
        assertEquals(Map.of("a", Amount.ofUnits(33), "b", Amount.ofUnits(67)), t.shares(), "b's remainder is larger; z nothing");
    }

    @Test
    void aPoolWithNobodyToPayIsReturnedWhole() {
        Shares.Split<String> s = Shares.of(Amount.cess(5), weights("a", 0));
        assertEquals(Map.of(), s.shares());
        assertEquals(Amount.cess(5), s.unpaid());
        assertThrows(IllegalArgumentException.class, () -> Shares.of(Amount.cess(1), weights("a", -1)));
    }

    @Test
    void randomSplitsAreExactAndProportionalWithinAUnit() {
        Random r = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            TreeMap<String, BigInteger> w = new TreeMap<>();
            int n = 1 + r.nextInt(20);
            BigInteger total = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                BigInteger x = BigInteger.valueOf(r.nextInt(3) == 0 ? 0 : r.nextLong() >>> (1 + r.nextInt(62)));
                w.put("m" + i, x);
                total = total.add(x);
            }
            Amount pool = new Amount(BigInteger.valueOf(r.nextLong() >>> 1).multiply(BigInteger.valueOf(r.nextInt(1000))));
            Shares.Split<String> s = Shares.of(pool, w);
            assertEquals(pool, s.paid().plus(s.unpaid()));
            if (total.signum() > 0) {
                assertTrue(s.unpaid().isZero());
                for (Map.Entry<String, BigInteger> e : w.entrySet()) {
                    BigInteger exactFloor = pool.units().multiply(e.getValue()).divide(total);
                    BigInteger got = s.shares().getOrDefault(e.getKey(), Amount.ZERO).units();
                    assertTrue(got.subtract(exactFloor).compareTo(BigInteger.ZERO) >= 0
                            && got.subtract(exactFloor).compareTo(BigInteger.ONE) <= 0, e + " got " + got);
                }
            }
        }
    }
}
