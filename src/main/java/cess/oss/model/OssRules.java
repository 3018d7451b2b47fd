package cess.oss.model;

import cess.ledger.model.StateOverlay;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import java.util.Optional;

/**
 * The gateway registry's rules. One registration per account, made, changed and ended only by
 * the account itself (the sender): registering while active is refused, changing or leaving
 * without an active registration is refused, each with the reason. An endpoint must pass
 * {@link GatewayEndpoint}. Like CESS's {@code oss} pallet, registering takes no deposit: the
 * transaction fee is the only cost, and a record holds nothing worth reserving against (it
 * moves no data and earns nothing; the storage market's grants decide whom a gateway may
 * store for). Pure and stateless; the executive has taken the fee and discards every change of a
 * refused call.
 */
public final class OssRules {
    private OssRules() {
    }

    static Optional<TxRejection> register(StateOverlay s, Address sender, String endpoint, long height) {
        Optional<Gateway> now = s.find(Gateway.key(sender), Gateway.class);
        if (now.isPresent() && now.get().active()) {
            return refuse(TxError.ALREADY_EXISTS, sender + " is already a registered gateway at " + now.get().endpoint()
                    + "; send update_gateway to change its endpoint");
        }
        Optional<TxRejection> bad = badEndpoint(endpoint);
        if (bad.isPresent()) {
            return bad;
        }
        s.put(Gateway.key(sender), Gateway.registered(endpoint, height));
        return Optional.empty();
    }

    static Optional<TxRejection> update(StateOverlay s, Address sender, String endpoint, long height) {
        Optional<Gateway> now = s.find(Gateway.key(sender), Gateway.class);
        Optional<TxRejection> absent = notActive(now, sender);
        if (absent.isPresent()) {
            return absent;
        }
        Optional<TxRejection> bad = badEndpoint(endpoint);
        if (bad.isPresent()) {
            return bad;
        }
        if (now.get().endpoint().equals(endpoint)) {
            return refuse(TxError.INVALID_ARGUMENT, "gateway " + sender + " is already registered at " + endpoint);
        }
        s.put(Gateway.key(sender), now.get().movedTo(endpoint, height));
        return Optional.empty();
    }

    static Optional<TxRejection> deregister(StateOverlay s, Address sender, long height) {
        Optional<Gateway> now = s.find(Gateway.key(sender), Gateway.class);
        Optional<TxRejection> absent = notActive(now, sender);
        if (absent.isPresent()) {
            return absent;
        }
        s.put(Gateway.key(sender), now.get().deregistered(height));
        return Optional.empty();
    }

    private static Optional<TxRejection> notActive(Optional<Gateway> g, Address sender) {
        if (g.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered gateway; send register_gateway first");
        }
        if (!g.get().active()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered gateway (it deregistered at block "
                    + g.get().updatedHeight() + "); send register_gateway to register again");
        }
        return Optional.empty();
    }

    private static Optional<TxRejection> badEndpoint(String endpoint) {
        return GatewayEndpoint.problem(endpoint).map(p -> new TxRejection(TxError.INVALID_ARGUMENT, p));
    }

    private static Optional<TxRejection> refuse(TxError error, String message) {
        return Optional.of(new TxRejection(error, message));
    }
}
