package cess.consensus.model;

import cess.shared.Hash;
import java.util.Optional;

/**
 * A validator's own RANDAO hash onion, from the secret its key derives ({@link Onion#onionSecret}):
 * the layer each reveal needs. A layer costs up to {@value Onion#ONION_DEPTH} hashes; the last one
 * computed is kept, since a candidate reveals at most once per epoch.
 */
public final class HashOnion {
    private final Hash secret;
    private int cachedReveals = -1;
    private Hash cachedLayer;

    public HashOnion(byte[] keySeed) {
        this.secret = Onion.onionSecret(keySeed);
    }

    /**
     * The layer to reveal after {@code reveals} reveals: the preimage of {@code published}; empty
     * if {@code published} is not a layer of this onion (the candidate bonded with another one).
     */
    public synchronized Optional<Hash> next(Hash published, int reveals) {
        if (cachedReveals != reveals) {
            Hash layer = Onion.onionLayer(secret, Onion.ONION_DEPTH - reveals - 1);
            if (!Onion.verifyReveal(layer, published)) {
                return Optional.empty();
            }
            cachedReveals = reveals;
            cachedLayer = layer;
        }
        return Optional.of(cachedLayer);
    }
}
