package cess.ledger.wire;

import cess.shared.Address;
import cess.shared.Amount;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Strict field readers for JSON objects: every failure is an {@link IllegalArgumentException}
 * whose message names the field and what was expected.
 */
public final class Json {
    private Json() {
    }

    public static JsonValue field(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    public static String string(JsonObject o, String name) {
        JsonValue v = field(o, name);
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return s.getString();
    }

    public static JsonObject object(JsonObject o, String name) {
        JsonValue v = field(o, name);
        if (!(v instanceof JsonObject obj)) {
            throw new IllegalArgumentException("field '" + name + "' must be an object");
        }
        return obj;
    }

    public static long nonNegativeLong(JsonObject o, String name) {
        JsonValue v = field(o, name);
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new IllegalArgumentException("field '" + name + "' must be a whole number");
        }
        try {
            long value = n.longValueExact();
            if (value < 0) {
                throw new IllegalArgumentException("field '" + name + "' must not be negative");
            }
            return value;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + name + "' is out of range");
        }
    }

    public static int intInRange(JsonObject o, String name, int min, int max) {
        long v = nonNegativeLong(o, name);
        if (v < min || v > max) {
            throw new IllegalArgumentException("field '" + name + "' must be " + min + ".." + max);
        }
        return (int) v;
    }

    public static Address address(JsonObject o, String name) {
        try {
            return Address.parse(string(o, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "': " + e.getMessage());
        }
    }

    /** A 32-byte hash in hex ({@code 0x…}). */
    public static cess.shared.Hash hash(JsonObject o, String name) {
        try {
            return cess.shared.Hash.parse(string(o, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "': " + e.getMessage());
        }
    }

    /** An amount in smallest units, given as a string of digits (JSON numbers lose precision). */
    public static Amount amount(JsonObject o, String name) {
        JsonValue v = field(o, name);
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException("field '" + name + "' must be a string of digits (smallest units)");
        }
        try {
            return Amount.parseUnits(s.getString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "': " + e.getMessage());
        }
    }
}
