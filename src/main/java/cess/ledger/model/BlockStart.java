package cess.ledger.model;

import cess.shared.Hash;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * What a module's block hook sees.
 *
 * @param before    the full state before the block, for range scans; {@code state} is the block's overlay on it
 * @param state     the block's state so far; the hook writes its effects here
 * @param currency  balances over {@code state}
 * @param height    the block's height
 * @param nowMillis the block's time
 * @param seed      the block's randomness, which no single party chooses: the hash of the parent
 *                  block and of the chain's random mix before this block (a proposer who grinds
 *                  the parent's contents still cannot set the mix the others revealed into)
 * @param params    the parameters in effect
 * @param events    where the hook reports what it did by itself (payouts, decisions) for the node's logs and views
 */
public record BlockStart(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency currency, long height,
                         long nowMillis, Hash seed, Params params, Consumer<ChainEvent> events) {
}
