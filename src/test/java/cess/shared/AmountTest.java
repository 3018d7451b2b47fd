package cess.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AmountTest {
    @Test
    void parsesAndFormatsTokens() {
        assertEquals(new BigInteger("1500000000000000000"), Amount.parseCess("1.5").units());
        assertEquals("1.5", Amount.parseCess("1.5").toCess());
        assertEquals("0.000000000000000001", Amount.ofUnits(1).toCess());
        assertEquals("1000", Amount.cess(1000).toCess());
        assertEquals("0", Amount.ZERO.toCess());
    }

    @Test
    void refusesBadText() {
        assertThrows(IllegalArgumentException.class, () -> Amount.parseCess("1.0000000000000000001"));
        assertThrows(IllegalArgumentException.class, () -> Amount.parseCess("-1"));
        assertThrows(IllegalArgumentException.class, () -> Amount.parseCess("1e3"));
        assertThrows(IllegalArgumentException.class, () -> Amount.parseUnits("12.5"));
        assertThrows(IllegalArgumentException.class, () -> Amount.parseUnits(""));
    }

    @Test
    void boundedToU128AndNonNegative() {
        assertEquals(Amount.MAX, new Amount(Amount.MAX).units());
        assertThrows(IllegalArgumentException.class, () -> new Amount(Amount.MAX.add(BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class, () -> Amount.ofUnits(1).minus(Amount.ofUnits(2)));
    }

    @Test
    void sharesRoundDown() {
        assertEquals(Amount.ofUnits(7), Amount.ofUnits(9).share(80, 100));
        assertEquals(Amount.ofUnits(800), Amount.ofUnits(1000).share(80, 100));
    }
}
