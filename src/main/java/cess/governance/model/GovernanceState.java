package cess.governance.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The chain's governance bookkeeping: the next proposal's number and the parameter values
 * enacted so far (by {@link cess.ledger.model.GovernableParam} name; the genesis's value holds for the others).
 */
public record GovernanceState(long nextProposal, SortedMap<String, String> overrides) implements StateValue {
    public static final StateKey KEY = new StateKey(Governance.GOVERNANCE, "state");
    public static final GovernanceState INITIAL = new GovernanceState(1, new TreeMap<>());

    public GovernanceState {
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
    }

    public static GovernanceState of(StateView state) {
        return state.find(KEY, GovernanceState.class).orElse(INITIAL);
    }

    GovernanceState next() {
        return new GovernanceState(nextProposal + 1, overrides);
    }

    GovernanceState with(String name, String value) {
        TreeMap<String, String> o = new TreeMap<>(overrides);
        o.put(name, value);
        return new GovernanceState(nextProposal, o);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u64(nextProposal).u32(overrides.size());
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            e.string(o.getKey()).string(o.getValue());
        }
        return e.toBytes();
    }

    public static GovernanceState decode(Decoder d) {
        long next = d.u64();
        long n = d.u32();
        if (n > Action.MAX_OVERRIDES) {
            throw new IllegalArgumentException("too many parameter overrides: " + n);
        }
        TreeMap<String, String> o = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            o.put(d.string(Action.MAX_NAME), d.string(Action.MAX_VALUE));
        }
        return new GovernanceState(next, o);
    }
}
