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
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Executes blocks: the chain's state transition as consensus drives it. {@link #build} turns
 * pool transactions into the next block's header, body and state changes; {@link #replay}
 * re-executes a received block and checks that it yields the header's roots. Both go through one
 * path ({@link #execute}): the application's block opening ({@link Application#beginBlock}: the
 * modules' hooks, then the validators' business), then the transactions in order, then the
 * state commitment. They differ only in what a transaction or a piece of evidence that does not
 * apply does: left out of a block being built, fatal to a block being checked (and a proposer
 * that cannot make the reveal it owes still builds, a block the others will refuse). Pure and
 * deterministic.
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

    /**
     * What a proposer puts into its block besides transactions.
     *
     * @param revealer the proposer's onion layer for a reveal the application says is due (empty if
     *                 this node's onion is not the one the candidate published)
     */
    public record Extras(Commit lastCommit, List<Evidence> evidence, Function<Application.RevealDue, Optional<Hash>> revealer) {
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
        Hash reveal = app.revealDue(state::get, proposer, epoch).flatMap(extras.revealer()).orElse(Hash.ZERO);
        BlockFrame frame = new BlockFrame(parent, height, epoch, Math.max(now, parent.timestampMillis() + 1), proposer,
                reveal, extras.lastCommit(), extras.evidence(), genesis, consensus);
        Result r = execute(state, trie, frame, candidates, h -> true, true, app);
        if (r.invalid().isPresent()) {
            // building tolerates what a block being checked would not (rejected transactions,
            // dropped evidence, a reveal the proposer cannot make): nothing else can fail
            throw new IllegalStateException("this node cannot build a block: " + r.invalid().get());
        }
        return r.outcome().orElseThrow();
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
        if (body.transactions().size() > consensus.maxBlockTxs()) {
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
        for (SignedTransaction stx : body.transactions()) {
            if (!verified.test(stx.hash()) && !stx.verify(genesis)) {
                return Result.invalid("transaction " + stx.hash() + ": " + TxError.BAD_SIGNATURE.code());
            }
        }
        BlockFrame frame = new BlockFrame(parent, h.height(), h.epoch(), h.timestampMillis(), h.proposer(), h.reveal(),
                body.lastCommit(), body.evidence(), genesis, consensus);
        Result r = execute(state, trie, frame, body.transactions(), verified, false, app);
        if (r.invalid().isPresent()) {
            return r;
        }
        Outcome out = r.outcome().orElseThrow();
        if (!out.header().stateRoot().equals(h.stateRoot())) {
            return Result.invalid("state root mismatch: header " + h.stateRoot() + ", computed " + out.header().stateRoot());
        }
        return new Result(Optional.of(new Outcome(h, body, List.of(), out.changes(), out.events(), out.trie())),
                Optional.empty());
    }

    /**
     * The one execution path of a block: the application's opening, the transactions, the
     * commitment. {@code building}: transactions that do not apply are rejected and evidence
     * that does not hold is dropped, and the limit of transactions is applied; otherwise either
     * makes the block invalid.
     */
    private static Result execute(NavigableMap<StateKey, StateValue> state, StateTrie trie, BlockFrame f,
                                  List<SignedTransaction> transactions, Predicate<Hash> verified, boolean building,
                                  Application app) {
        StateOverlay overlay = new StateOverlay(state::get);
        List<ChainEvent> events = new ArrayList<>();
        Application.Opening opening = app.beginBlock(state, overlay, f, verified, building, events::add);
        if (opening.invalid().isPresent()) {
            return Result.invalid(opening.invalid().get());
        }
        Params params = app.params(overlay);
        List<SignedTransaction> included = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (SignedTransaction stx : transactions) {
            if (building && included.size() == f.consensus().maxBlockTxs()) {
                break;
            }
            Optional<TxRejection> why = app.apply(overlay, stx, f.proposer(), f.height(), f.timeMillis(), params);
            if (why.isEmpty()) {
                included.add(stx);
            } else if (building) {
                rejected.add(new Rejected(stx, why.get()));
            } else {
                return Result.invalid("transaction " + stx.hash() + ": " + why.get().message());
            }
        }
        BlockBody body = new BlockBody(included, f.lastCommit(), opening.evidence());
        StateTrie after = trie.with(overlay.changes());
        BlockHeader header = new BlockHeader(f.height(), f.parent().hash(), f.timeMillis(), f.proposer(), body.txRoot(),
                after.root(), f.epoch(), f.reveal(), body.lastCommitHash(), body.evidenceRoot());
        return new Result(Optional.of(new Outcome(header, body, rejected, overlay.changes(), events, after)), Optional.empty());
    }

    /** Either the outcome of a valid block or the reason it is invalid. */
    public record Result(Optional<Outcome> outcome, Optional<String> invalid) {
        static Result invalid(String why) {
            return new Result(Optional.empty(), Optional.of(why));
        }
    }
}
