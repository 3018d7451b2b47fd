package cess.oss.wire;

import cess.ledger.wire.Jsons;
import cess.oss.model.Gateway;
import cess.shared.Address;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gateways in JSON ({@code /api/gateways}): {@code {"account","endpoint","state","registeredHeight",
 * "updatedHeight"}}, the state {@code active} or {@code deregistered}. {@code height} is the
 * head the view was read at. Stateless.
 */
public final class GatewayViews {
    private GatewayViews() {
    }

    public static JsonObjectBuilder gateway(Address account, Gateway g) {
        return Jsons.createObjectBuilder().add("account", account.ss58()).add("endpoint", g.endpoint())
                .add("state", state(g.state())).add("registeredHeight", g.registeredHeight())
                .add("updatedHeight", g.updatedHeight());
    }

    /** One gateway with the height it was read at. */
    public static JsonObject one(Address account, Gateway g, long head) {
        return gateway(account, g).add("height", head).build();
    }

    /** A page: {@code {"height","gateways":[…],"nextAfter"?}}; {@code nextAfter} is the {@code ?after=} of the next page. */
    public static JsonObject page(List<Map.Entry<Address, Gateway>> page, long head, Optional<Address> nextAfter) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        page.forEach(e -> out.add(gateway(e.getKey(), e.getValue())));
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("height", head).add("gateways", out);
        nextAfter.ifPresent(a -> o.add("nextAfter", a.ss58()));
        return o.build();
    }

    /** The JSON name of a state: {@code active}, {@code deregistered}. */
    public static String state(Gateway.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the states there are */
    public static Gateway.State parseState(String text) {
        for (Gateway.State s : Gateway.State.values()) {
            if (state(s).equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be active, deregistered or all, not '" + text + "'");
    }
}
