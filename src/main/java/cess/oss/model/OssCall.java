package cess.oss.model;

import cess.ledger.model.Call;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * The gateway registry's transactions. Each acts on the sender's own registration: no call
 * names another account, so only a gateway's own key changes its record.
 */
public sealed interface OssCall extends Call {
    int REGISTER_GATEWAY = 0;
    int UPDATE_GATEWAY = 1;
    int DEREGISTER_GATEWAY = 2;

    @Override
    default int module() {
        return Oss.INDEX;
    }

    /** Reads a call body; an endpoint longer than any valid one is refused here, its form by the rules. */
    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case REGISTER_GATEWAY -> new RegisterGateway(d.string(GatewayEndpoint.MAX_LENGTH));
            case UPDATE_GATEWAY -> new UpdateGateway(d.string(GatewayEndpoint.MAX_LENGTH));
            case DEREGISTER_GATEWAY -> new DeregisterGateway();
            default -> throw new IllegalArgumentException("oss has no call " + tag);
        };
    }

    /** The sender becomes a gateway serving at {@code endpoint}. */
    record RegisterGateway(String endpoint) implements OssCall {
        public RegisterGateway {
            if (endpoint == null) {
                throw new IllegalArgumentException("register_gateway needs an endpoint");
            }
        }

        public int index() { return REGISTER_GATEWAY; }
        public String type() { return "register_gateway"; }
        public void encodeBody(Encoder e) { e.string(endpoint); }
    }

    /** The sender's gateway now serves at {@code endpoint}. */
    record UpdateGateway(String endpoint) implements OssCall {
        public UpdateGateway {
            if (endpoint == null) {
                throw new IllegalArgumentException("update_gateway needs an endpoint");
            }
        }

        public int index() { return UPDATE_GATEWAY; }
        public String type() { return "update_gateway"; }
        public void encodeBody(Encoder e) { e.string(endpoint); }
    }

    /** The sender's gateway leaves the registry. */
    record DeregisterGateway() implements OssCall {
        public int index() { return DEREGISTER_GATEWAY; }
        public String type() { return "deregister_gateway"; }
        public void encodeBody(Encoder e) { }
    }
}
