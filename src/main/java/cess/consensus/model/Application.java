package cess.consensus.model;

import cess.ledger.model.ChainEvent;
import cess.ledger.model.Params;
import cess.ledger.model.Schema;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.TxExecutor;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * What consensus needs of the application whose blocks it orders, in the shape of CometBFT's
 * ABCI: how to read its transactions and state, the parameters in effect, what a block does by
 * itself before its transactions, and each transaction's state transition. Consensus knows no
 * module; a runtime implements this. Implementations are immutable, thread-safe and pure.
 */
public interface Application extends TxExecutor {
    /** Reads the application's calls and state kinds. */
    Schema schema();

    /** The parameters in effect on {@code state} (the genesis's with the changes enacted since). */
    Params params(StateView state);

    /** How soon a validator with waiting transactions starts the next block, under {@code params}. */
    long blockTimeMillis(Params params);

    /**
     * What the chain does by itself when block {@code height} begins, before its validator
     * business and its transactions.
     *
     * @param before the full state before the block; {@code state} is the block's overlay on it
     */
    void beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state, long height, boolean epochStart,
                    long nowMillis, Consumer<ChainEvent> events);
}
