package cess.consensus.model;

import cess.ledger.model.ChainEvent;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Hash;
import cess.staking.model.Candidate;
import cess.staking.model.StakingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Executes blocks: the chain's state transition. {@link #build} turns pool transactions into the
 * next block's header, body and state changes; {@link #replay} re-executes a received block and
 * checks that it yields the header's roots. Both are pure and deterministic. A block first does
 * what the chain does by itself ({@link Application#beginBlock}, then the validators' business in
 * {@link ValidatorRotation}), then its transactions in order.
 */
public final class BlockExecution {
    private BlockExecution() {
    }

    /** A transaction left out of a block, and why. */
    public record Rejected(SignedTransaction tx, TxRejection why) {
    }

    /**
     * The result of executing a block.
     *
     * @param changes the entries the block changes (null = removed), to be laid over the parent state
     * @param events  what the modules did by themselves at the block's start (votes decided, payouts)
     * @param trie    the state commitment after the block, whose root the header carries
     */
    public record Outcome(BlockHeader header, BlockBody body, List<Rejected> rejected,
                          NavigableMap<StateKey, StateValue> changes, List<ChainEvent> events,
                          StateTrie trie) {
        public List<SignedTransaction> included() {
            return body.transactions();
        }
    }

    /** What a proposer puts into its block besides transactions. */
    public record Extras(Commit lastCommit, List<Evidence> evidence, Function<Candidate, Hash> revealer) {
        public Extras {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * Builds the block after {@code parent} from {@code candidates}, taken in order up to the
     * block limit. Candidates must already have passed admission (their signatures are not
     * checked again here); any that no longer apply are rejected, not included. Evidence that
     * does not hold is left out.
     *
     * @param state the full state after {@code parent}
     * @param trie  the commitment to {@code state}
     * @param now   the proposer's clock; the block's time is at least one millisecond after the parent's
     */
    public static Outcome build(NavigableMap<StateKey, StateValue> state, StateTrie trie, BlockHeader parent,
                                List<SignedTransaction> candidates, Extras extras, Address proposer, long now,
                                Hash genesis, Application app, ConsensusParams consensus) {
        long height = parent.height() + 1;
        long epoch = consensus.epochOf(height);
        long time = Math.max(now, parent.timestampMillis() + 1);
        StateOverlay overlay = new StateOverlay(state::get);
        List<ChainEvent> events = new ArrayList<>();
        app.beginBlock(state, overlay, height, height % consensus.epochBlocks() == 0, time, events::add);
        Params params = app.params(overlay);
        ValidatorRotation.Built v = ValidatorRotation.build(state, overlay, parent, height, epoch, proposer,
                extras.lastCommit(), extras.evidence(), extras.revealer(), genesis, consensus,
                params.get(StakingParams.class));
        List<SignedTransaction> included = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (SignedTransaction stx : candidates) {
            if (included.size() == consensus.maxBlockTxs()) {
                break;
            }
            StateOverlay attempt = overlay.fork();
            Optional<TxRejection> why = app.apply(attempt, stx, proposer, time, params);
            if (why.isPresent()) {
                rejected.add(new Rejected(stx, why.get()));
            } else {
                overlay.absorb(attempt);
                included.add(stx);
            }
        }
        BlockBody body = new BlockBody(included, extras.lastCommit(), v.evidence());
        StateTrie after = trie.with(overlay.changes());
        BlockHeader header = new BlockHeader(height, parent.hash(), time, proposer, body.txRoot(),
                after.root(), epoch, v.reveal(), body.lastCommitHash(), body.evidenceRoot());
        return new Outcome(header, body, rejected, overlay.changes(), events, after);
    }

    /**
     * Re-executes {@code block} on the state after {@code parent}, checking signatures, linkage,
     * and that every transaction applies and the roots match the header.
     *
     * @return the outcome, or a description of the first thing wrong with the block
     */
    public static Result replay(NavigableMap<StateKey, StateValue> state, StateTrie trie, BlockHeader parent, Block block,
                                Hash genesis, Application app, ConsensusParams consensus) {
        return replay(state, trie, parent, block.header(), block.body(), h -> false, genesis, app, consensus);
    }

    /**
     * Like {@link #replay(NavigableMap, StateTrie, BlockHeader, Block, Hash, Application, ConsensusParams)}
     * for a block without its commit (a proposal), skipping the signature checks of the
     * transactions and parent commit {@code verified} says were already checked (a hash covers
     * the signatures, so the same hash is the same signed bytes).
     */
    public static Result replay(NavigableMap<StateKey, StateValue> state, StateTrie trie, BlockHeader parent, BlockHeader h,
                                BlockBody body, Predicate<Hash> verified, Hash genesis, Application app,
                                ConsensusParams consensus) {
        if (h.height() != parent.height() + 1 || !h.parent().equals(parent.hash())) {
            return Result.invalid("block " + h.height() + " does not extend block " + parent.height());
        }
        if (h.timestampMillis() <= parent.timestampMillis()) {
            return Result.invalid("block time does not advance past its parent's");
        }
        if (h.epoch() != consensus.epochOf(h.height())) {
            return Result.invalid("block carries epoch " + h.epoch() + ", expected " + consensus.epochOf(h.height()));
        }
        List<SignedTransaction> transactions = body.transactions();
        if (transactions.size() > consensus.maxBlockTxs()) {
            return Result.invalid("block carries more than " + consensus.maxBlockTxs() + " transactions");
        }
        if (!body.lastCommitHash().equals(h.lastCommitHash())) {
            return Result.invalid("parent commit hash mismatch");
        }
        if (!body.evidenceRoot().equals(h.evidenceRoot())) {
            return Result.invalid("evidence root mismatch");
        }
        if (!body.txRoot().equals(h.txRoot())) {
            return Result.invalid("transactions root mismatch");
        }
        StateOverlay overlay = new StateOverlay(state::get);
        List<ChainEvent> events = new ArrayList<>();
        app.beginBlock(state, overlay, h.height(), h.height() % consensus.epochBlocks() == 0, h.timestampMillis(), events::add);
        Params params = app.params(overlay);
        Optional<String> bad = ValidatorRotation.beginBlock(state, overlay, parent, h.height(), h.epoch(), h.proposer(),
                h.reveal(), body, verified, genesis, consensus, params.get(StakingParams.class));
        if (bad.isPresent()) {
            return Result.invalid(bad.get());
        }
        for (SignedTransaction stx : transactions) {
            if (!verified.test(stx.hash()) && !stx.verify(genesis)) {
                return Result.invalid("transaction " + stx.hash() + ": " + TxError.BAD_SIGNATURE.code());
            }
            Optional<TxRejection> why = app.apply(overlay, stx, h.proposer(), h.timestampMillis(), params);
            if (why.isPresent()) {
                return Result.invalid("transaction " + stx.hash() + ": " + why.get().message());
            }
        }
        StateTrie after = trie.with(overlay.changes());
        if (!after.root().equals(h.stateRoot())) {
            return Result.invalid("state root mismatch: header " + h.stateRoot() + ", computed " + after.root());
        }
        return new Result(Optional.of(new Outcome(h, body, List.of(), overlay.changes(), events, after)), Optional.empty());
    }

    /** Either the outcome of a valid block or the reason it is invalid. */
    public record Result(Optional<Outcome> outcome, Optional<String> invalid) {
        static Result invalid(String why) {
            return new Result(Optional.empty(), Optional.of(why));
        }
    }

}
