package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Encoder;

/**
 * The key of one entry of chain state: a kind and an id that is unique within the kind. Keys
 * order by kind (module, then kind index), then id, which is the order the state commitment and
 * range listings use; ids are built so that related entries share a prefix (an owner's buckets,
 * a bucket's objects).
 */
public record StateKey(StateKind kind, String id) implements Comparable<StateKey> {
    public StateKey {
        if (kind == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("state key needs a kind and an id");
        }
    }

    public static StateKey account(Address a) {
        return new StateKey(Balances.ACCOUNT, a.ss58());
    }

    @Override
    public int compareTo(StateKey o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : id.compareTo(o.id);
    }

    /** The first key of {@code kind} whose id starts with {@code prefix} (or after it). */
    public static StateKey from(StateKind kind, String prefix) {
        return new StateKey(kind, prefix.isEmpty() ? "\u0000" : prefix);
    }

    /** The first key after every key of {@code kind} whose id starts with {@code prefix}. */
    public static StateKey after(StateKind kind, String prefix) {
        return new StateKey(kind, prefix + Character.MAX_VALUE);
    }

    public byte[] encode() {
        return new Encoder().u8(kind.module()).u8(kind.index()).string(id).toBytes();
    }

    /** The stored form, {@code code:id}. */
    public String stored() {
        return kind.code() + ":" + id;
    }

    /** @throws IllegalArgumentException if the form is malformed or no module of {@code schema} declares the kind */
    public static StateKey parseStored(String s, Schema schema) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("stored state key '" + s + "' is not code:id");
        }
        int code;
        try {
            code = Integer.parseInt(s.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stored state key '" + s + "' is not code:id");
        }
        StateKind kind = schema.kind(code).orElseThrow(() -> new IllegalArgumentException("unknown state kind " + code
                + " (a database written by an older build? start from a new data directory)"));
        return new StateKey(kind, s.substring(colon + 1));
    }

    /** Parses the {@link #toString} form, {@code kind:id} (e.g. {@code account:cX…}). */
    public static StateKey parse(String text, Schema schema) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a state key is kind:id, e.g. account:cX…");
        }
        String name = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        StateKind kind = schema.kind(name).orElseThrow(() -> new IllegalArgumentException("unknown state kind '" + name + "'"));
        return new StateKey(kind, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind.name() + ":" + id;
    }
}
