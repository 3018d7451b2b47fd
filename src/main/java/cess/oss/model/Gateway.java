package cess.oss.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A gateway as the chain knows it, under its account's key: where it serves, the block it
 * (last) registered at, the block its record last changed at, and whether it is active. A
 * deregistered gateway's record stays, so that a client holding its address learns it left and
 * when, and the account may register again. Immutable.
 */
public record Gateway(String endpoint, long registeredHeight, long updatedHeight, State state) implements StateValue {
    /** Active gateways are the ones clients and other gateways should use. */
    public enum State { ACTIVE, DEREGISTERED }

    public Gateway {
        if (endpoint == null || state == null || registeredHeight < 0 || updatedHeight < registeredHeight) {
            throw new IllegalArgumentException("a gateway needs an endpoint, a state and heights with registered <= updated");
        }
    }

    public static StateKey key(Address account) {
        return new StateKey(Oss.GATEWAY, account.ss58());
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    /** Active at {@code endpoint} from {@code height}. */
    public static Gateway registered(String endpoint, long height) {
        return new Gateway(endpoint, height, height, State.ACTIVE);
    }

    public Gateway movedTo(String newEndpoint, long height) {
        return new Gateway(newEndpoint, registeredHeight, height, state);
    }

    public Gateway deregistered(long height) {
        return new Gateway(endpoint, registeredHeight, height, State.DEREGISTERED);
    }

    @Override
    public byte[] encode() {
        return new Encoder().string(endpoint).u64(registeredHeight).u64(updatedHeight).u8(state.ordinal()).toBytes();
    }

    public static Gateway decode(Decoder d) {
        String endpoint = d.string(GatewayEndpoint.MAX_LENGTH);
        long registered = d.u64();
        long updated = d.u64();
        int s = d.u8();
        if (s >= State.values().length) {
            throw new IllegalArgumentException("unknown gateway state " + s);
        }
        return new Gateway(endpoint, registered, updated, State.values()[s]);
    }
}
