package cess.consensus.model;

import cess.ledger.model.ChainEvent;
import cess.ledger.model.Params;
import cess.ledger.model.Schema;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.TxExecutor;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What consensus needs of the application whose blocks it orders, in the shape of CometBFT's
 * ABCI: how to read its transactions and state, the parameters in effect, the validators of an
 * epoch, what a block does by itself before its transactions, and each transaction's state
 * transition. Consensus knows no module; a runtime implements this. Implementations are
 * immutable, thread-safe and pure.
 */
public interface Application extends TxExecutor {
    /** Reads the application's calls and state kinds. */
    Schema schema();

    /** The parameters in effect on {@code state} (the genesis's with the changes enacted since). */
    Params params(StateView state);

    /** How soon a validator with waiting transactions starts the next block, under {@code params}. */
    long blockTimeMillis(Params params);

    /** Whether the chain has business of its own due by {@code nowMillis} (a vote to decide): worth a block without transactions. */
    boolean due(NavigableMap<StateKey, StateValue> state, long nowMillis);

    /** The on-duty validators of {@code epoch}, if the state holds them (the previous, current and next epoch's). */
    Optional<ValidatorSet> validators(StateView state, long epoch);

    /** The onion layer {@code proposer} must reveal in a block of {@code epoch}, if it must reveal one. */
    Optional<RevealDue> revealDue(StateView state, Address proposer, long epoch);

    /** Whether the offence {@code evidence} proves is already punished on chain. */
    boolean punished(StateView state, Evidence evidence);

    /**
     * What a block does by itself before its transactions: the modules' block hooks, then the
     * validators' business drawn from {@code frame}. The same path for a block being built and a
     * block being checked; only what happens to a piece of evidence that does not hold differs.
     *
     * @param before   the full state before the block; {@code state} is the block's overlay on it
     * @param verified whether a commit (by hash) was already verified, so its signatures need no second check
     * @param building true for the proposer's own block: evidence that does not hold is left out
     *                 instead of making the block invalid
     */
    Opening beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state, BlockFrame frame,
                       Predicate<Hash> verified, boolean building, Consumer<ChainEvent> events);

    /** A layer to reveal: the candidate's published layer and how many it has revealed before. */
    record RevealDue(Hash published, int reveals) {
    }

    /**
     * What {@link #beginBlock} made of the block.
     *
     * @param invalid  why the block is invalid, if it is
     * @param evidence the evidence the block keeps (all of it, for a valid block being checked)
     */
    record Opening(Optional<String> invalid, List<Evidence> evidence) {
        public Opening {
            evidence = List.copyOf(evidence);
        }

        public static Opening invalid(String why) {
            return new Opening(Optional.of(why), List.of());
        }
    }
}
