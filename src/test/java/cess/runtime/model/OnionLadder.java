package cess.runtime.model;

import cess.consensus.model.Application;
import cess.consensus.model.Onion;
import cess.shared.Hash;
import java.util.Optional;

/**
 * The outer layers of a validator's RANDAO hash onion ({@link Onion#onionSecret} of its key
 * seed), computed once: {@link #commitment} is {@link Onion#onionCommitment}, and
 * {@link #reveal} answers a block builder's {@link Application.RevealDue} with the preimage of the
 * published layer. A layer costs up to {@value Onion#ONION_DEPTH} hashes; the node's own
 * {@code HashOnion} recomputes one per reveal, which would cost 15 nodes several seconds per run,
 * so the simulation keeps the top {@code rungs} layers of each onion instead. Immutable.
 */
final class OnionLadder {
    /** layers[j] is the secret hashed ONION_DEPTH - rungs + j times; the last one is the commitment. */
    private final Hash[] layers;

    OnionLadder(byte[] keySeed, int rungs) {
        layers = new Hash[rungs + 1];
        layers[0] = Onion.onionLayer(Onion.onionSecret(keySeed), Onion.ONION_DEPTH - rungs);
        for (int j = 1; j <= rungs; j++) {
            layers[j] = Hash.sha256(layers[j - 1].bytes());
        }
    }

    /** The layer a candidate publishes: {@code Onion.onionCommitment(keySeed)}. */
    Hash commitment() {
        return layers[layers.length - 1];
    }

    /** The layer to reveal after {@code due.reveals()} reveals; empty if {@code due.published()} is not this onion's. */
    Optional<Hash> reveal(Application.RevealDue due) {
        int j = layers.length - 2 - due.reveals();
        if (j < 0) {
            throw new IllegalStateException("the ladder holds " + (layers.length - 1) + " reveals, the chain asks for reveal "
                    + (due.reveals() + 1));
        }
        return Onion.verifyReveal(layers[j], due.published()) ? Optional.of(layers[j]) : Optional.empty();
    }
}
