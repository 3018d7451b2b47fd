package cess.oss.boundary;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.oss.model.Gateway;
import cess.shared.Address;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One page of gateways in account order, keeping those a filter accepts: entries are read in
 * chunks after a cursor until the page and one more are found (so that the page knows whether
 * another follows) or the registry ends. Pure over the reader it is given; one per request.
 */
final class GatewayListing {
    /** A page and the {@code ?after=} of the next one, if there is one. */
    record Page(List<Map.Entry<Address, Gateway>> gateways, Optional<Address> nextAfter) {
    }

    private GatewayListing() {
    }

    /**
     * @param read  up to {@code n} registry entries after the id given (null: from the first)
     * @param keep  which gateways the page shows
     * @param after the account the page starts after, if any
     */
    static Page page(BiFunction<String, Integer, List<Map.Entry<StateKey, StateValue>>> read, Predicate<Gateway> keep,
                     Optional<Address> after, int limit) {
        int chunk = limit + 1;
        List<Map.Entry<Address, Gateway>> found = new ArrayList<>(chunk);
        String cursor = after.map(Address::ss58).orElse(null);
        while (found.size() < chunk) {
            List<Map.Entry<StateKey, StateValue>> entries = read.apply(cursor, chunk);
            for (Map.Entry<StateKey, StateValue> e : entries) {
                cursor = e.getKey().id();
                Gateway g = (Gateway) e.getValue();
                if (keep.test(g)) {
                    found.add(new AbstractMap.SimpleImmutableEntry<>(Address.parse(cursor), g));
                    if (found.size() == chunk) {
                        break;
                    }
                }
            }
            if (entries.size() < chunk) {
                break; // the registry ends here
            }
        }
        if (found.size() <= limit) {
            return new Page(found, Optional.empty());
        }
        List<Map.Entry<Address, Gateway>> page = List.copyOf(found.subList(0, limit));
        return new Page(page, Optional.of(page.get(limit - 1).getKey()));
    }
}
