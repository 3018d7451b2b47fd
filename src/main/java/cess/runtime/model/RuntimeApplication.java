package cess.runtime.model;

import cess.consensus.model.Application;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.Params;
import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A runtime serving one chain: its modules under that chain's genesis parameters, as consensus
 * sees them. Immutable and thread-safe.
 */
public record RuntimeApplication(Runtime runtime, Params genesis) implements Application {
    /** The standard runtime under {@code genesis}. */
    public static RuntimeApplication of(Params genesis) {
        return new RuntimeApplication(Runtime.STANDARD, genesis);
    }

    @Override
    public Schema schema() {
        return runtime;
    }

    @Override
    public Params params(StateView state) {
        return runtime.effective(state, genesis);
    }

    @Override
    public long blockTimeMillis(Params params) {
        return Runtime.blockTimeMillis(params);
    }

    @Override
    public void beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state, long height, boolean epochStart,
                           long nowMillis, Consumer<ChainEvent> events) {
        runtime.beginBlock(before, state, height, epochStart, nowMillis, genesis, events);
    }

    @Override
    public Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, long nowMillis,
                                       Params params) {
        return runtime.apply(state, stx, author, nowMillis, params);
    }
}
