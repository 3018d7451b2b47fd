package cess.ledger.model;

import cess.shared.Decoder;
import java.util.Optional;

/**
 * What it takes to read chain data: the calls and state kinds of every module of a runtime.
 * Transactions, blocks and stored state are decoded against one; the runtime that composes the
 * modules provides it. Implementations are immutable and thread-safe.
 */
public interface Schema {
    /**
     * Reads a call: its module's index, the call's index within the module, then its body.
     *
     * @throws IllegalArgumentException naming the unknown module or call, or the malformed body
     */
    Call decodeCall(Decoder d);

    /** The kind with {@link StateKind#code()} {@code code}, if a module declares it. */
    Optional<StateKind> kind(int code);

    /** The kind named {@code name} ({@code account}, {@code miner}, …), if a module declares it. */
    Optional<StateKind> kind(String name);
}
