package cess.ledger.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Listing a key range of a state with an overlay's changes (null = removed) laid over it. */
public final class StateRange {
    private StateRange() {
    }

    /** Up to {@code limit} live entries of {@code base} overlaid with {@code changes}, in key order. */
    public static List<Map.Entry<StateKey, StateValue>> merge(NavigableMap<StateKey, StateValue> base,
                                                             NavigableMap<StateKey, StateValue> changes, int limit) {
        List<Map.Entry<StateKey, StateValue>> out = new ArrayList<>();
        Iterator<Map.Entry<StateKey, StateValue>> b = base.entrySet().iterator();
        Iterator<Map.Entry<StateKey, StateValue>> c = changes.entrySet().iterator();
        Map.Entry<StateKey, StateValue> nb = b.hasNext() ? b.next() : null;
        Map.Entry<StateKey, StateValue> nc = c.hasNext() ? c.next() : null;
        while ((nb != null || nc != null) && out.size() < limit) {
            int cmp = nb == null ? 1 : nc == null ? -1 : nb.getKey().compareTo(nc.getKey());
            Map.Entry<StateKey, StateValue> take = cmp < 0 ? nb : nc;
            if (take.getValue() != null) {
                out.add(Map.entry(take.getKey(), take.getValue()));
            }
            if (cmp <= 0) {
                nb = b.hasNext() ? b.next() : null;
            }
            if (cmp >= 0) {
                nc = c.hasNext() ? c.next() : null;
            }
        }
        return out;
    }
}
