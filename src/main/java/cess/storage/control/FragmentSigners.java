package cess.storage.control;

import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.shared.Address;
import cess.storage.model.FragmentPeers;
import cess.storage.model.Miner;
import cess.storage.model.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up on chain what a verified signer of a fragment request is ({@link FragmentPeers}):
 * validator, registered miner or gateway, pending transactions included (a gateway granted a
 * moment ago is known as soon as the grant reached this node's pool). Finding the grants that
 * name a gateway walks the grants, so an account found to be a gateway is remembered for
 * {@link #REMEMBER_MILLIS}; a revoked grant stops working at most that much later. Thread-safe.
 */
@ApplicationScoped
public class FragmentSigners {
    static final long REMEMBER_MILLIS = 60_000;

    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    Clock clock;

    private final Map<Address, Long> gatewaysUntil = new ConcurrentHashMap<>();

    /** Why {@code signer} (whose signature verified) may not move fragments here, or empty. */
    public Optional<String> refusal(Address signer) {
        return FragmentPeers.refusal(signer, standing(signer));
    }

    FragmentPeers.Standing standing(Address signer) {
        boolean validator = chain.genesis().validatorSet().contains(signer);
        boolean miner = reads.read(true, v -> v.get(Miner.key(signer)) != null);
        if (validator || miner) {
            return new FragmentPeers.Standing(validator, miner, false, false);
        }
        long now = clock.millis();
        Long until = gatewaysUntil.get(signer);
        if (until != null && until > now) {
            return new FragmentPeers.Standing(false, false, false, true);
        }
        boolean territory = !reads.entries(Storage.TERRITORY, signer.ss58() + "/", true, 1).isEmpty();
        boolean granted = !territory && reads.entries(Storage.GRANT, "", true, Integer.MAX_VALUE).stream()
                .anyMatch(e -> FragmentPeers.grants(e.getKey().id(), signer));
        if (territory || granted) {
            gatewaysUntil.put(signer, now + REMEMBER_MILLIS);
        } else {
            gatewaysUntil.remove(signer);
        }
        return new FragmentPeers.Standing(false, false, territory, granted);
    }
}
