package cess.ledger.model;

import cess.shared.Address;

/**
 * What a module's call sees: the block's state so far (the call writes its effects here), the
 * currency over that state, the sender (whose fee and nonce are already settled), the block's
 * height and time and the parameters in effect. Not thread-safe, like the overlay.
 */
public record CallContext(StateOverlay state, Currency currency, Address sender, long height, long nowMillis, Params params) {
}
