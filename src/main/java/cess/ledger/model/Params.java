package cess.ledger.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain's parameters as they stand: one value record per owner (balances' fee rules, a
 * module's prices, …), looked up by the record's class, and the parameters that may change on
 * chain, each registered by the module that owns it. Immutable: {@link #with} makes a copy.
 */
public final class Params {
    private final Map<Class<?>, Object> values;
    private final Map<String, GovernableParam> governable;

    private Params(Map<Class<?>, Object> values, Map<String, GovernableParam> governable) {
        this.values = values;
        this.governable = governable;
    }

    /**
     * @param values     one record per owner; two of one class are refused
     * @param governable the parameters that may change on chain; keys must be unique
     */
    public static Params of(List<?> values, List<GovernableParam> governable) {
        Map<Class<?>, Object> v = new LinkedHashMap<>();
        for (Object o : values) {
            if (v.put(o.getClass(), o) != null) {
                throw new IllegalArgumentException("two parameter records of " + o.getClass().getSimpleName());
            }
        }
        Map<String, GovernableParam> g = new LinkedHashMap<>();
        for (GovernableParam p : governable) {
            if (g.put(p.key(), p) != null) {
                throw new IllegalArgumentException("parameter " + p.key() + " is registered twice");
            }
        }
        return new Params(Collections.unmodifiableMap(v), Collections.unmodifiableMap(g));
    }

    /** The owner's record of {@code type}. @throws IllegalStateException if there is none */
    public <T> T get(Class<T> type) {
        Object o = values.get(type);
        if (o == null) {
            throw new IllegalStateException("no parameters of " + type.getSimpleName());
        }
        return type.cast(o);
    }

    /** A copy with {@code value} in place of the record of its class. */
    public Params with(Object value) {
        if (!values.containsKey(value.getClass())) {
            throw new IllegalArgumentException("no parameters of " + value.getClass().getSimpleName() + " to replace");
        }
        Map<Class<?>, Object> v = new LinkedHashMap<>(values);
        v.put(value.getClass(), value);
        return new Params(Collections.unmodifiableMap(v), governable);
    }

    public Optional<GovernableParam> governable(String key) {
        return Optional.ofNullable(governable.get(key));
    }

    /** Every governable parameter, in the runtime's module order. */
    public Collection<GovernableParam> governable() {
        return governable.values();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Params" + values.values();
    }
}
