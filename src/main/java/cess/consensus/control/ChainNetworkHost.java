package cess.consensus.control;

import cess.network.control.NetworkHost;
import cess.shared.Hash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The chain's side of the {@link NetworkHost} contract: envelopes are bound to this node's
 * genesis, and another signer of its key is a divergence ({@link ChainNode#reportDivergence}).
 * Stateless and thread-safe.
 */
@ApplicationScoped
public class ChainNetworkHost implements NetworkHost {
    @Inject
    ChainNode chain;

    @Override
    public Hash genesisHash() {
        return chain.genesisHash();
    }

    @Override
    public void reportForeignSigner(String why) {
        chain.reportDivergence(why);
    }
}
