package cess.storage.model;

import cess.shared.Address;
import java.util.Optional;

/**
 * Who may move fragments to, from and off the miners a node hosts ({@code /api/fragments},
 * signed as {@link NodeRequest}): validators, registered miners (a restorer fetches the
 * fragments it rebuilds from), and gateways, which place and read fragments for their
 * customers. A gateway is an account that an owner granted the right to store for it
 * ({@link Grant}), or one that holds a territory and stores for itself. Anyone else is refused,
 * whatever its signature. Pure and stateless.
 */
public final class FragmentPeers {
    private FragmentPeers() {
    }

    /** What the chain (pending transactions included) says of the signer of a fragment request. */
    public record Standing(boolean validator, boolean miner, boolean territoryOwner, boolean grantedGateway) {
        /** Nothing: an account the chain knows no role of. */
        public static final Standing NONE = new Standing(false, false, false, false);

        public boolean gateway() {
            return territoryOwner || grantedGateway;
        }
    }

    /** Why {@code signer} may not move fragments, or empty when it may. */
    public static Optional<String> refusal(Address signer, Standing s) {
        if (s.validator() || s.miner() || s.gateway()) {
            return Optional.empty();
        }
        return Optional.of(signer + " is neither a validator, a registered miner nor a gateway (an account an owner "
                + "granted with grant_gateway, or one holding a territory)");
    }

    /** Whether a grant's state id ({@code owner/gateway}, {@link Grant#key}) grants {@code gateway}. */
    public static boolean grants(String grantId, Address gateway) {
        return grantId.endsWith("/" + gateway.ss58());
    }
}
