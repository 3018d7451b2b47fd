package cess.runtime.model;

import cess.audit.model.Audit;
import cess.audit.model.AuditRules;
import cess.consensus.model.Application;
import cess.consensus.model.BlockFrame;
import cess.consensus.model.Evidence;
import cess.consensus.model.ValidatorSet;
import cess.governance.model.AgendaItem;
import cess.ledger.model.Balances;
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
import cess.shared.Hash;
import cess.staking.model.Randao;
import cess.storage.model.Storage;
import cess.staking.model.StakingParams;
import cess.staking.model.ValidatorRotation;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A runtime serving one chain, as consensus sees it: the modules under that chain's genesis
 * parameters, with staking handing consensus its validators. Immutable and thread-safe.
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

    /**
     * A vote to decide, a proposal to enact or a cancelled proposal's votes to release; or data
     * held by miners, which storage proofs challenge on a schedule of blocks, so that the chain
     * keeps making blocks while anything is stored (as a production chain does all the time).
     */
    @Override
    public boolean due(NavigableMap<StateKey, StateValue> state, long nowMillis) {
        return !state.subMap(AgendaItem.first(), true, AgendaItem.dueBy(nowMillis), false).isEmpty()
                || any(state, Storage.HOLDING_TALLY) || any(state, Audit.CHALLENGE);
    }

    private static boolean any(NavigableMap<StateKey, StateValue> state, cess.ledger.model.StateKind kind) {
        return !state.subMap(StateKey.from(kind, ""), true, StateKey.after(kind, ""), false).isEmpty();
    }

    @Override
    public Optional<ValidatorSet> validators(StateView state, long epoch) {
        return ValidatorRotation.validators(state, epoch);
    }

    @Override
    public Optional<RevealDue> revealDue(StateView state, Address proposer, long epoch) {
        return ValidatorRotation.revealDue(state, proposer, epoch);
    }

    @Override
    public boolean punished(StateView state, Evidence evidence) {
        return ValidatorRotation.punished(state, evidence);
    }

    /**
     * The randomness the modules' hooks see in a block: the parent's hash and the RANDAO mix
     * before the block (revealed into by many validators), hashed with a domain tag.
     */
    static Hash blockSeed(Hash parent, StateView before) {
        Hash mix = before.find(Randao.KEY, Randao.class).map(Randao::mix).orElse(Hash.ZERO);
        return Hash.sha256(SEED_DOMAIN, parent.bytes(), mix.bytes());
    }

    private static final byte[] SEED_DOMAIN = "cess-block-seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The modules' hooks in the runtime's order, then staking's validator business under the
     * parameters then in effect, crediting the validators that precommitted the parent with the
     * storage proofs it judged (R²S's verifications).
     */
    @Override
    public Opening beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state, BlockFrame frame,
                              Predicate<Hash> verified, boolean building, Consumer<ChainEvent> events) {
        runtime.beginBlock(before, state, frame.height(), frame.epochStart(), frame.timeMillis(),
                blockSeed(frame.parent().hash(), before::get), genesis, events);
        return ValidatorRotation.open(before, state, Balances.currency(state), frame, verified, building,
                params(state).get(StakingParams.class), AuditRules.judgedIn(before::get, frame.parent().height()));
    }

    @Override
    public Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, long height,
                                       long nowMillis, Params params) {
        return runtime.apply(state, stx, author, height, nowMillis, params);
    }
}
