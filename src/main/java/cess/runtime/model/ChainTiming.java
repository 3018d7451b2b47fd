package cess.runtime.model;

import cess.ledger.model.GovernableParam;

/**
 * The runtime's own parameter: how soon a validator with waiting transactions starts the next
 * block. Governance may change it; consensus reads it from the application.
 *
 * @param blockTimeMillis 10 ms to 10 minutes
 */
public record ChainTiming(long blockTimeMillis) {
    public static final String KEY = "consensus.blockTimeMillis";

    public ChainTiming {
        if (blockTimeMillis < 10 || blockTimeMillis > 600_000) {
            throw new IllegalArgumentException(KEY + " must be 10..600000, got " + blockTimeMillis);
        }
    }

    static GovernableParam governable() {
        return GovernableParam.of(KEY, "how soon a validator with waiting transactions starts the next block (ms)",
                ChainTiming.class, t -> Long.toString(t.blockTimeMillis()),
                (t, v) -> new ChainTiming(GovernableParam.millis(KEY, v)));
    }
}
