package cess.oss.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Encoder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway registry's section of a genesis: gateways active from block 0. Checked at
 * construction (each endpoint as {@link GatewayEndpoint} asks, each account once). Immutable.
 */
public record OssGenesis(List<GatewaySpec> gateways) {
    /** No gateway registered at genesis: the section of a genesis file without one. */
    public static final OssGenesis NONE = new OssGenesis(List.of());

    /** A gateway registered from the start. */
    public record GatewaySpec(Address account, String endpoint) {
        public GatewaySpec {
            if (account == null || endpoint == null) {
                throw new IllegalArgumentException("a genesis gateway needs an account and an endpoint");
            }
        }
    }

    /** @throws IllegalArgumentException naming the gateway whose endpoint is unusable or that is listed twice */
    public OssGenesis {
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        Set<Address> seen = new HashSet<>();
        for (GatewaySpec g : gateways) {
            GatewayEndpoint.problem(g.endpoint()).ifPresent(p -> {
                throw new IllegalArgumentException("genesis gateway " + g.account() + ": " + p);
            });
            if (!seen.add(g.account())) {
                throw new IllegalArgumentException("genesis registers gateway " + g.account() + " twice");
            }
        }
    }

    public void encode(Encoder e) {
        e.u32(gateways.size());
        for (GatewaySpec g : gateways) {
            e.address(g.account()).string(g.endpoint());
        }
    }

    /** Writes the gateways into the state at block 0. */
    public void apply(Map<StateKey, StateValue> state) {
        for (GatewaySpec g : gateways) {
            state.put(Gateway.key(g.account()), Gateway.registered(g.endpoint(), 0));
        }
    }
}
