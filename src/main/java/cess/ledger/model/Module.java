package cess.ledger.model;

import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * A module of the runtime: one package that owns a part of the chain (balances, a market,
 * validator election, on-chain proposals, …). Through this contract it declares its index, which namespaces its
 * calls and state kinds; how its calls and values are read; its governable parameters; what its
 * calls do; and its block hooks. The runtime lists the modules once and is the only place that
 * knows them all; a module reaches balances through the {@link Currency} it is handed and other
 * modules only through interfaces they declare.
 *
 * <p>Implementations are stateless and pure: the same state, call and block time always give
 * the same result.
 */
public interface Module {
    /** The module's index, 0..255: the first byte of its calls and of its state kinds. Never reused. */
    int index();

    /** A short lower-case name ({@code balances}). */
    String name();

    /** The kinds of state entries the module owns. */
    List<StateKind> kinds();

    /**
     * Reads the body of the module's call number {@code call}.
     *
     * @throws IllegalArgumentException if the module has no such call or the body is malformed
     */
    Call decodeCall(int call, Decoder d);

    /**
     * Applies one of the module's calls whose fee the executive has already taken. On a
     * rejection the executive discards everything the call wrote.
     */
    Optional<TxRejection> apply(CallContext ctx, Call call);

    /** The parameters this module owns that may change on chain; their values live in {@link Params}. */
    default List<GovernableParam> governable() {
        return List.of();
    }

    /** What the module does by itself at the start of every block, before the block's transactions. */
    default void beginBlock(BlockStart block) {
    }

    /** What the module does at the first block of an epoch, before {@link #beginBlock}. */
    default void startEpoch(BlockStart block) {
    }

    /**
     * The parameters in effect on {@code state}, given those in effect before this module looked:
     * a module that changes parameters (enacting a proposal) overlays its changes.
     */
    default Params effective(StateView state, Params params) {
        return params;
    }
}
