package cess.oss.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.oss.model.Gateway;
import cess.platform.ApiException;
import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The gateway listing's filter, paging and input checks, without a container, over a registry
 * in memory read as {@code ChainReads.entriesAfter} reads it (the endpoints are covered by ChainApiIT).
 */
class GatewaysResourceTest {
    /** Ten gateways, every third deregistered. */
    private final NavigableMap<StateKey, StateValue> registry = new TreeMap<>();
    private final List<Integer> reads = new ArrayList<>();

    GatewaysResourceTest() {
        IntStream.range(0, 10).forEach(i -> {
            Gateway g = Gateway.registered("http://gw" + i + ":8080", i);
            registry.put(Gateway.key(KeyPair.dev("//Gw" + i).address()), i % 3 == 0 ? g.deregistered(i + 1) : g);
        });
    }

    private final BiFunction<String, Integer, List<Map.Entry<StateKey, StateValue>>> read = (after, n) -> {
        reads.add(n);
        var tail = after == null ? registry : registry.tailMap(new StateKey(cess.oss.model.Oss.GATEWAY, after), false);
        return tail.entrySet().stream().limit(n).toList();
    };

    private List<Address> all(Predicate<Gateway> keep) {
        return registry.entrySet().stream().filter(e -> keep.test((Gateway) e.getValue()))
                .map(e -> Address.parse(e.getKey().id())).toList();
    }

    @Test
    void pagesWalkTheFilteredRegistryOnceInAccountOrder() {
        for (Predicate<Gateway> keep : List.of(GatewaysResource.filter(null), GatewaysResource.filter("deregistered"),
                GatewaysResource.filter("all"))) {
            for (int limit = 1; limit <= 11; limit++) {
                List<Address> seen = new ArrayList<>();
                Optional<Address> after = Optional.empty();
                do {
                    GatewayListing.Page p = GatewayListing.page(read, keep, after, limit);
                    assertTrue(p.gateways().size() <= limit);
                    p.gateways().forEach(e -> seen.add(e.getKey()));
                    if (p.nextAfter().isPresent()) {
                        assertEquals(limit, p.gateways().size(), "only a full page has a next");
                        assertEquals(p.gateways().get(limit - 1).getKey(), p.nextAfter().get(), "the next starts after the last");
                    }
                    after = p.nextAfter();
                } while (after.isPresent());
                assertEquals(all(keep), seen, "limit " + limit);
            }
        }
    }

    @Test
    void theLastFullPageNamesNoNextPage() {
        GatewayListing.Page p = GatewayListing.page(read, GatewaysResource.filter("all"), Optional.empty(), 10);
        assertEquals(10, p.gateways().size());
        assertFalse(p.nextAfter().isPresent(), "nothing follows the tenth gateway");
        GatewayListing.Page active = GatewayListing.page(read, GatewaysResource.filter(""), Optional.empty(), 6);
        assertEquals(6, active.gateways().size(), "six of ten are active");
        assertFalse(active.nextAfter().isPresent());
        assertTrue(active.gateways().stream().allMatch(e -> e.getValue().active()));
    }

    @Test
    void theDefaultListsActiveGatewaysAndBadStatesAreRefused() {
        Gateway active = Gateway.registered("http://h:1", 0);
        assertTrue(GatewaysResource.filter(null).test(active));
        assertFalse(GatewaysResource.filter(null).test(active.deregistered(1)));
        assertTrue(GatewaysResource.filter("deregistered").test(active.deregistered(1)));
        assertTrue(GatewaysResource.filter("all").test(active.deregistered(1)));
        ApiException e = assertThrows(ApiException.class, () -> GatewaysResource.filter("gone"));
        assertEquals(400, e.status());
        assertEquals("invalid_state", e.code());
        assertTrue(e.getMessage().contains("active, deregistered or all"), e.getMessage());
    }
}
