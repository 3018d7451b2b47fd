package cess.oss.wire;

import cess.ledger.model.Call;
import cess.ledger.wire.CallJson;
import cess.ledger.wire.Json;
import cess.oss.model.OssCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * The gateway registry's calls in JSON: {@code {"type":"register_gateway","endpoint":"https://…"}},
 * {@code {"type":"update_gateway","endpoint":"…"}} and {@code {"type":"deregister_gateway"}}.
 * The endpoint's form is the chain rule's to judge ({@link cess.oss.model.GatewayEndpoint}), so
 * a transaction with a bad one is refused with the same reason however it arrives. Stateless.
 */
public final class OssJson implements CallJson {
    @Override
    public Optional<Call> read(String type, JsonObject c) {
        return Optional.ofNullable(switch (type) {
            case "register_gateway" -> new OssCall.RegisterGateway(Json.string(c, "endpoint"));
            case "update_gateway" -> new OssCall.UpdateGateway(Json.string(c, "endpoint"));
            case "deregister_gateway" -> new OssCall.DeregisterGateway();
            default -> null;
        });
    }

    @Override
    public boolean write(Call call, JsonObjectBuilder b) {
        if (call instanceof OssCall.RegisterGateway c) {
            b.add("endpoint", c.endpoint());
        } else if (call instanceof OssCall.UpdateGateway c) {
            b.add("endpoint", c.endpoint());
        } else if (!(call instanceof OssCall.DeregisterGateway)) {
            return false;
        }
        return true;
    }
}
