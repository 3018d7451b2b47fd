package cess.oss.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.oss.model.Gateway;
import cess.shared.Address;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayViewsTest {
    static final Address ALICE = KeyPair.dev("//Alice").address();

    @Test
    void aGatewayShowsItsAccountEndpointStateAndHeights() {
        JsonObject o = GatewayViews.one(ALICE, new Gateway("http://h:1", 2, 7, Gateway.State.DEREGISTERED), 40);
        assertEquals(ALICE.ss58(), o.getString("account"));
        assertEquals("http://h:1", o.getString("endpoint"));
        assertEquals("deregistered", o.getString("state"));
        assertEquals(2, o.getInt("registeredHeight"));
        assertEquals(7, o.getInt("updatedHeight"));
        assertEquals(40, o.getInt("height"));
    }

    @Test
    void aPageNamesTheNextOnlyWhenThereIsOne() {
        List<Map.Entry<Address, Gateway>> one = List.of(Map.entry(ALICE, Gateway.registered("http://h:1", 0)));
        JsonObject last = GatewayViews.page(one, 5, Optional.empty());
        assertEquals(1, last.getJsonArray("gateways").size());
        assertEquals("active", last.getJsonArray("gateways").getJsonObject(0).getString("state"));
        assertFalse(last.containsKey("nextAfter"));
        assertEquals(ALICE.ss58(), GatewayViews.page(one, 5, Optional.of(ALICE)).getString("nextAfter"));
    }

    @Test
    void statesParseByTheirJsonNames() {
        assertEquals(Gateway.State.ACTIVE, GatewayViews.parseState("active"));
        assertEquals(Gateway.State.DEREGISTERED, GatewayViews.parseState("deregistered"));
        assertEquals("state must be active, deregistered or all, not 'ACTIVE'",
                assertThrows(IllegalArgumentException.class, () -> GatewayViews.parseState("ACTIVE")).getMessage());
    }
}
