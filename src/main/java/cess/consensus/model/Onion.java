package cess.consensus.model;

import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.List;

/**
 * RANDAO over hash onions, the randomness no single validator controls. A proposer publishes
 * {@code c = H^n(secret)} once and reveals the preimage of its last revealed layer in its first
 * block of each epoch ({@link #verifyReveal}); the mix hashes the previous one with every
 * reveal ({@link #mix}). A validator can withhold its reveal (by not proposing) but cannot choose
 * it. Pure functions.
 */
public final class Onion {
    /** Layers of a validator's hash onion: one reveal per epoch, for 100,000 epochs. */
    public static final int ONION_DEPTH = 100_000;

    private Onion() {
    }

    /**
     * Layer {@code depth} of a hash onion: the secret hashed {@code depth} times. A candidate
     * publishes layer n once and reveals layers n-1, n-2, … one per epoch.
     */
    public static Hash onionLayer(Hash secret, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("onion depth must not be negative");
        }
        Hash h = secret;
        for (int i = 0; i < depth; i++) {
            h = Hash.sha256(h.bytes());
        }
        return h;
    }

    /**
     * The secret of the hash onion a node derives from its key's seed: the node can always
     * compute its next reveal without keeping another secret, and since the reveals are hashes of
     * this secret, which is a hash of the seed, they tell nothing about the key.
     */
    public static Hash onionSecret(byte[] keySeed) {
        return Hash.sha256(new Encoder().raw("CESS/onion/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .raw(keySeed).toBytes());
    }

    /** The outer layer a candidate publishes for the onion of {@code keySeed}. */
    public static Hash onionCommitment(byte[] keySeed) {
        return onionLayer(onionSecret(keySeed), ONION_DEPTH);
    }

    /** The next epoch's mix after one reveal. */
    public static Hash mix(Hash previous, Hash reveal) {
        return mix(previous, List.of(reveal));
    }

    /** Whether {@code reveal} is the preimage of the validator's last published onion layer. */
    public static boolean verifyReveal(Hash reveal, Hash lastLayer) {
        return Hash.sha256(reveal.bytes()).equals(lastLayer);
    }

    /** The next epoch's seed: the previous one hashed with the epoch's reveals in validator order. */
    public static Hash mix(Hash previousSeed, List<Hash> revealsInValidatorOrder) {
        Encoder e = new Encoder().raw("CESS/randao/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .hash(previousSeed).u32(revealsInValidatorOrder.size());
        revealsInValidatorOrder.forEach(e::hash);
        return Hash.sha256(e.toBytes());
    }

}
