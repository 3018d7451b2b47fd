package cess.ledger.model;

import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The commitment to the chain state that goes into every block header: a Merkle root over
 * {@code H(key || value)} of every entry in key order. Two replicas with equal roots hold equal
 * states. Cost is linear in the number of entries.
 */
public final class StateCommitment {
    private StateCommitment() {
    }

    /** The root of {@code base} with {@code changes} (null = removed) laid over it. */
    public static Hash root(NavigableMap<StateKey, StateValue> base, NavigableMap<StateKey, StateValue> changes) {
        List<Hash> leaves = new ArrayList<>(base.size() + changes.size());
        Iterator<Map.Entry<StateKey, StateValue>> b = base.entrySet().iterator();
        Iterator<Map.Entry<StateKey, StateValue>> c = changes.entrySet().iterator();
        Map.Entry<StateKey, StateValue> nb = next(b);
        Map.Entry<StateKey, StateValue> nc = next(c);
        while (nb != null || nc != null) {
            int cmp = nb == null ? 1 : nc == null ? -1 : nb.getKey().compareTo(nc.getKey());
            Map.Entry<StateKey, StateValue> take = cmp < 0 ? nb : nc;
            if (take.getValue() != null) {
                leaves.add(leaf(take.getKey(), take.getValue()));
            }
            if (cmp <= 0) {
                nb = next(b);
            }
            if (cmp >= 0) {
                nc = next(c);
            }
        }
        return Merkle.root(leaves);
    }

    static Hash leaf(StateKey key, StateValue value) {
        return Hash.sha256(new Encoder().raw(key.encode()).bytes(value.encode()).toBytes());
    }

    private static <T> T next(Iterator<T> it) {
        return it.hasNext() ? it.next() : null;
    }
}
