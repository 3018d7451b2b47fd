package cess.consensus.model;

import cess.ledger.model.Ledger;
import cess.ledger.model.LedgerParams;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Hash;
import cess.ledger.model.StateCommitment;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Executes blocks: the chain's state transition. {@link #build} turns pool transactions into the
 * next block's header and state changes; {@link #replay} re-executes a received block and checks
 * that it yields the header's roots. Both are pure and deterministic.
 */
public final class BlockExecution {
    private BlockExecution() {
    }

    /** A transaction left out of a block, and why. */
    public record Rejected(SignedTransaction tx, TxRejection why) {
    }

    /**
     * The result of executing a block body.
     *
     * @param changes the entries the block changes (null = removed), to be laid over the parent state
     */
    public record Outcome(BlockHeader header, List<SignedTransaction> included, List<Rejected> rejected,
                          NavigableMap<StateKey, StateValue> changes) {
    }

    /**
     * Builds the block after {@code parent} from {@code candidates}, taken in order up to the
     * block limit. Candidates must already have passed admission (their signatures are not
     * checked again here); any that no longer apply are rejected, not included.
     *
     * @param state the full state after {@code parent}
     * @param now   the proposer's clock; the block's time is at least one millisecond after the parent's
     */
    public static Outcome build(NavigableMap<StateKey, StateValue> state, BlockHeader parent,
                                List<SignedTransaction> candidates, Address proposer, long now,
                                LedgerParams ledger, ConsensusParams consensus) {
        long height = parent.height() + 1;
        long time = Math.max(now, parent.timestampMillis() + 1);
        StateOverlay overlay = new StateOverlay(view(state));
        Ledger.beginBlock(state, overlay, height % consensus.epochBlocks() == 0, time, ledger);
        List<SignedTransaction> included = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (SignedTransaction stx : candidates) {
            if (included.size() == consensus.maxBlockTxs()) {
                break;
            }
            StateOverlay attempt = overlay.fork();
            Optional<TxRejection> why = Ledger.apply(attempt, stx, proposer, time, ledger);
            if (why.isPresent()) {
                rejected.add(new Rejected(stx, why.get()));
            } else {
                overlay.absorb(attempt);
                included.add(stx);
            }
        }
        BlockHeader header = new BlockHeader(height, parent.hash(), time,
                proposer, Block.txRoot(included), StateCommitment.root(state, overlay.changes()),
                consensus.epochOf(height));
        return new Outcome(header, included, rejected, overlay.changes());
    }

    /**
     * Re-executes {@code block} on the state after {@code parent}, checking signatures, linkage,
     * and that every transaction applies and the roots match the header.
     *
     * @return the outcome, or a description of the first thing wrong with the block
     */
    public static Result replay(NavigableMap<StateKey, StateValue> state, BlockHeader parent, Block block, Hash genesis,
                                LedgerParams ledger, ConsensusParams consensus) {
        return replay(state, parent, block.header(), block.transactions(), tx -> false, genesis, ledger, consensus);
    }

    /**
     * Like {@link #replay(NavigableMap, BlockHeader, Block, Hash, LedgerParams, ConsensusParams)}
     * for a block body without its commit (a proposal), skipping the signature check of the
     * transactions {@code verified} says were already checked (those in the node's pool: a
     * transaction's hash covers its signature, so the same hash is the same signed bytes).
     */
    public static Result replay(NavigableMap<StateKey, StateValue> state, BlockHeader parent, BlockHeader h,
                                List<SignedTransaction> transactions, java.util.function.Predicate<Hash> verified,
                                Hash genesis, LedgerParams ledger, ConsensusParams consensus) {
        if (h.height() != parent.height() + 1 || !h.parent().equals(parent.hash())) {
            return Result.invalid("block " + h.height() + " does not extend block " + parent.height());
        }
        if (h.timestampMillis() <= parent.timestampMillis()) {
            return Result.invalid("block time does not advance past its parent's");
        }
        if (h.epoch() != consensus.epochOf(h.height())) {
            return Result.invalid("block carries epoch " + h.epoch() + ", expected " + consensus.epochOf(h.height()));
        }
        if (transactions.size() > consensus.maxBlockTxs()) {
            return Result.invalid("block carries more than " + consensus.maxBlockTxs() + " transactions");
        }
        StateOverlay overlay = new StateOverlay(view(state));
        Ledger.beginBlock(state, overlay, h.height() % consensus.epochBlocks() == 0, h.timestampMillis(), ledger);
        for (SignedTransaction stx : transactions) {
            if (!verified.test(stx.hash()) && !stx.verify(genesis)) {
                return Result.invalid("transaction " + stx.hash() + ": " + TxError.BAD_SIGNATURE.code());
            }
            Optional<TxRejection> why = Ledger.apply(overlay, stx, h.proposer(), h.timestampMillis(), ledger);
            if (why.isPresent()) {
                return Result.invalid("transaction " + stx.hash() + ": " + why.get().message());
            }
        }
        if (!Block.txRoot(transactions).equals(h.txRoot())) {
            return Result.invalid("transactions root mismatch");
        }
        Hash root = StateCommitment.root(state, overlay.changes());
        if (!root.equals(h.stateRoot())) {
            return Result.invalid("state root mismatch: header " + h.stateRoot() + ", computed " + root);
        }
        return new Result(Optional.of(new Outcome(h, transactions, List.of(), overlay.changes())), Optional.empty());
    }

    /** Either the outcome of a valid block or the reason it is invalid. */
    public record Result(Optional<Outcome> outcome, Optional<String> invalid) {
        static Result invalid(String why) {
            return new Result(Optional.empty(), Optional.of(why));
        }
    }

    static StateView view(NavigableMap<StateKey, StateValue> state) {
        return state::get;
    }
}
