package cess.ledger.model;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A chain parameter that may change on chain (by an enacted proposal), registered by the module
 * that owns it.
 * A value is a decimal integer: an amount in the smallest unit (10^-18 CESS), a percentage, or
 * milliseconds.
 */
public final class GovernableParam {
    private static final int MAX_DIGITS = 39;
    private final String key;
    private final String meaning;
    private final Function<Params, String> current;
    private final BiFunction<Params, String, Params> set;

    private GovernableParam(String key, String meaning, Function<Params, String> current,
                            BiFunction<Params, String, Params> set) {
        this.key = key;
        this.meaning = meaning;
        this.current = current;
        this.set = set;
    }

    /**
     * @param type  the owner's parameter record
     * @param read  the parameter's current value as a decimal integer
     * @param write the record with the parameter set to a decimal integer; throws
     *              IllegalArgumentException naming the problem when it is out of range
     */
    public static <T> GovernableParam of(String key, String meaning, Class<T> type, Function<T, String> read,
                                         BiFunction<T, String, T> write) {
        return new GovernableParam(key, meaning, p -> read.apply(p.get(type)),
                (p, v) -> p.with(write.apply(p.get(type), v)));
    }

    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    public String current(Params p) {
        return current.apply(p);
    }

    /**
     * {@code p} with this parameter set to {@code value}.
     *
     * @throws IllegalArgumentException naming the problem when the value is not a decimal integer
     *                                  or is out of the parameter's range
     */
    public Params apply(Params p, String value) {
        if (value == null || !value.matches("[0-9]{1," + MAX_DIGITS + "}")) {
            throw new IllegalArgumentException(key + " takes a decimal integer, got '" + value + "'");
        }
        return set.apply(p, value);
    }

    /** A percentage or other small integer, for {@code write} functions. */
    public static int smallInt(String key, String value) {
        if (value.length() > 9) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return Integer.parseInt(value);
    }

    /** A duration in milliseconds, for {@code write} functions. */
    public static long millis(String key, String value) {
        if (value.length() > 15) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return Long.parseLong(value);
    }

    @Override
    public String toString() {
        return key;
    }
}
