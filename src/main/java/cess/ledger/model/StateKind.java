package cess.ledger.model;

import cess.shared.Decoder;
import java.util.Objects;
import java.util.function.Function;

/**
 * A kind of state entry, declared by the module that owns it: the module's index and the kind's
 * index within the module namespace the kind, so two modules never collide and a module numbers
 * its kinds without asking anyone. The name is how a kind is written in text
 * ({@code miner:cX…}); the runtime checks that names are unique across its modules. Both indexes
 * are part of the state commitment and never reused. Immutable; equal when the indexes are.
 */
public final class StateKind implements Comparable<StateKind> {
    private final int module;
    private final int index;
    private final String name;
    private final Function<Decoder, ? extends StateValue> decoder;

    private StateKind(int module, int index, String name, Function<Decoder, ? extends StateValue> decoder) {
        if (module < 0 || module > 255 || index < 0 || index > 255) {
            throw new IllegalArgumentException("module and kind index are 0..255, got " + module + "." + index);
        }
        if (name == null || !name.matches("[a-z][a-z_]{0,31}") || decoder == null) {
            throw new IllegalArgumentException("a state kind needs a lower-case name and a decoder, got '" + name + "'");
        }
        this.module = module;
        this.index = index;
        this.name = name;
        this.decoder = decoder;
    }

    /**
     * @param module  the owning module's index
     * @param index   the kind's index within its module
     * @param name    its text name, unique across the runtime
     * @param decoder reads a value of this kind from its canonical encoding
     */
    public static StateKind of(int module, int index, String name, Function<Decoder, ? extends StateValue> decoder) {
        return new StateKind(module, index, name, decoder);
    }

    public int module() {
        return module;
    }

    public int index() {
        return index;
    }

    /** Module and index in one number, the order keys sort by and the prefix of the stored form. */
    public int code() {
        return module << 8 | index;
    }

    public String name() {
        return name;
    }

    /** Decodes a stored value of this kind. */
    public StateValue decode(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        StateValue v = decoder.apply(d);
        d.end();
        return v;
    }

    @Override
    public int compareTo(StateKind o) {
        return Integer.compare(code(), o.code());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateKind k && k.module == module && k.index == index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(module, index);
    }

    @Override
    public String toString() {
        return name;
    }
}
