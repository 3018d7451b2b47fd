package cess.incentive.model;

import cess.shared.Amount;
import java.math.BigInteger;

/**
 * What each era mints. Year {@code y} (from 0) mints {@code firstYearIssuance × decay^y}, each
 * year's figure the previous one's times {@code decayPpm / 10^6} rounded down, and nothing from
 * year {@code years} on. A year's mint is spread over its eras so that they add up to it
 * exactly: era {@code k} of {@code E} gets {@code ⌊Y(k+1)/E⌋ − ⌊Yk/E⌋}. An era's mint is split
 * between the storage and consensus pools by their parts, the storage pool rounded down and
 * the consensus pool taking the rest. Pure and stateless.
 */
public final class Issuance {
    private Issuance() {
    }

    /** An era's mint, split. */
    public record EraMint(Amount storage, Amount consensus) {
        public Amount total() {
            return storage.plus(consensus);
        }
    }

    /** What year {@code year} mints in all. */
    public static Amount yearly(IncentiveParams p, long year) {
        if (year < 0) {
            throw new IllegalArgumentException("year must not be negative, got " + year);
        }
        if (year >= p.years()) {
            return Amount.ZERO;
        }
        BigInteger y = p.firstYearIssuance().units();
        BigInteger decay = BigInteger.valueOf(p.decayPpm());
        BigInteger ppm = BigInteger.valueOf(IncentiveParams.PPM);
        for (long i = 0; i < year; i++) {
            y = y.multiply(decay).divide(ppm);
        }
        return new Amount(y);
    }

    /** What era {@code era} (from 0) mints, split between the pools. */
    public static EraMint era(IncentiveParams p, long era) {
        if (era < 0) {
            throw new IllegalArgumentException("era must not be negative, got " + era);
        }
        long perYear = p.erasPerYear();
        BigInteger y = yearly(p, era / perYear).units();
        BigInteger e = BigInteger.valueOf(perYear);
        long k = era % perYear;
        BigInteger total = y.multiply(BigInteger.valueOf(k + 1)).divide(e).subtract(y.multiply(BigInteger.valueOf(k)).divide(e));
        BigInteger storage = total.multiply(BigInteger.valueOf(p.storageParts()))
                .divide(BigInteger.valueOf((long) p.storageParts() + p.consensusParts()));
        return new EraMint(new Amount(storage), new Amount(total.subtract(storage)));
    }

    /** Everything minted by eras {@code 0..eras-1}, for checking a chain's total issuance. */
    public static Amount mintedBefore(IncentiveParams p, long eras) {
        long perYear = p.erasPerYear();
        BigInteger sum = BigInteger.ZERO;
        long fullYears = eras / perYear;
        for (long y = 0; y < Math.min(fullYears, p.years()); y++) {
            sum = sum.add(yearly(p, y).units());
        }
        for (long era = fullYears * perYear; era < eras; era++) {
            sum = sum.add(era(p, era).total().units());
        }
        return new Amount(sum);
    }
}
