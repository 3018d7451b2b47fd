package cess.shared;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A non-negative token amount in the smallest unit (1 CESS = 10^18 units), bounded by an
 * unsigned 128-bit integer as on chain. Arithmetic is exact; there is no floating point.
 */
public record Amount(BigInteger units) implements Comparable<Amount> {
    public static final int DECIMALS = 18;
    public static final BigInteger ONE_CESS = BigInteger.TEN.pow(DECIMALS);
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    public static final Amount ZERO = new Amount(BigInteger.ZERO);

    public Amount {
        if (units == null) {
            throw new IllegalArgumentException("amount is missing");
        }
        if (units.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + units);
        }
        if (units.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("amount exceeds 2^128-1 units: " + units);
        }
    }

    public static Amount ofUnits(long units) {
        return new Amount(BigInteger.valueOf(units));
    }

    /** Parses a decimal string of smallest units, e.g. {@code "1000000000000000000"}. */
    public static Amount parseUnits(String text) {
        if (text == null || !text.matches("[0-9]{1,40}")) {
            throw new IllegalArgumentException("amount must be a string of decimal digits (smallest units), got '"
                    + (text == null ? "null" : Hex.abbreviate(text)) + "'");
        }
        return new Amount(new BigInteger(text));
    }

    /** Parses whole tokens with up to 18 decimals, e.g. {@code "1.5"} CESS. */
    public static Amount parseCess(String text) {
        if (text == null || !text.matches("[0-9]{1,22}(\\.[0-9]{1,18})?")) {
            throw new IllegalArgumentException("amount in CESS must look like 12 or 12.345 (at most 18 decimals), got '"
                    + (text == null ? "null" : Hex.abbreviate(text)) + "'");
        }
        return new Amount(new BigDecimal(text).movePointRight(DECIMALS).toBigIntegerExact());
    }

    public static Amount cess(long tokens) {
        return new Amount(BigInteger.valueOf(tokens).multiply(ONE_CESS));
    }

    public Amount plus(Amount o) {
        return new Amount(units.add(o.units));
    }

    /** @throws IllegalArgumentException if the result would be negative */
    public Amount minus(Amount o) {
        return new Amount(units.subtract(o.units));
    }

    /** This amount times a non-negative factor; fails above 2^128-1 units. */
    public Amount times(long factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("factor must not be negative");
        }
        return new Amount(units.multiply(BigInteger.valueOf(factor)));
    }

    /** {@code this * numerator / denominator}, rounded down. */
    public Amount share(long numerator, long denominator) {
        return new Amount(units.multiply(BigInteger.valueOf(numerator)).divide(BigInteger.valueOf(denominator)));
    }

    public boolean isZero() {
        return units.signum() == 0;
    }

    /** Whole tokens with trailing zeros stripped, e.g. {@code "1.5"}. */
    public String toCess() {
        BigDecimal d = new BigDecimal(units).movePointLeft(DECIMALS).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    @Override
    public int compareTo(Amount o) {
        return units.compareTo(o.units);
    }

    @Override
    public String toString() {
        return units.toString();
    }
}
