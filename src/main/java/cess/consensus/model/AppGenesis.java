package cess.consensus.model;

import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.List;
import java.util.NavigableMap;

/**
 * The application's part of a genesis (CometBFT's {@code app_state}): its parameters and what
 * its state holds at block 0. Consensus hashes its encoding into the chain's identity and asks
 * it for the initial state; it knows nothing else of it. Implementations are immutable.
 */
public interface AppGenesis {
    /** The parameters the chain starts with. */
    Params params();

    /** Appends the canonical encoding, which the genesis hash commits to. */
    void encode(Encoder e);

    /**
     * Checks that the chain may start with {@code consensus} and {@code validators} under the
     * application's rules: where the application holds a value consensus holds too (the block
     * time), the two must agree.
     *
     * @throws IllegalArgumentException naming the problem (a stake below the minimum bond, a
     *                                  block time other than consensus's)
     */
    void check(ConsensusParams consensus, List<Genesis.ValidatorSpec> validators);

    /**
     * The state at block 0.
     *
     * @param specHash the hash of the whole genesis specification, to seed the randomness from
     */
    NavigableMap<StateKey, StateValue> initialState(long timestampMillis, List<Genesis.ValidatorSpec> validators,
                                                    Hash specHash);
}
