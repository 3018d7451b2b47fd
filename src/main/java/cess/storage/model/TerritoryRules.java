package cess.storage.model;

import static cess.storage.model.RuleSupport.pay;
import static cess.storage.model.RuleSupport.refuse;

import cess.ledger.model.Currency;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.storage.model.StorageCall.BuyTerritory;
import cess.storage.model.StorageCall.ExpandTerritory;
import cess.storage.model.StorageCall.RenewTerritory;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The rules of territories, the space an account rents for its buckets: buying, expanding and
 * renewing one (paid into the storage pool), and sweeping away what expired territories left
 * once their grace has passed. Pure and stateless; the calls are dispatched by
 * {@link StorageRules}, the sweep is run by {@link Storage} at each epoch start.
 */
final class TerritoryRules {
    private TerritoryRules() {
    }

    /**
     * Deletes what expired territories left once their grace has passed: every object of the
     * buckets that draw on such a territory (dropping file references, and with the last one the
     * file and its miners' used space, as a delete does), those buckets, and the territory. Reads
     * {@code state}, the state before the block, and writes {@code s}; runs at the start of a block
     * so that every node sweeps the same entries at the same height.
     *
     * @return how many territories were removed
     */
    static int sweepExpiredTerritories(NavigableMap<StateKey, StateValue> state, StateOverlay s, long now,
                                       StorageParams p) {
        int swept = 0;
        for (Map.Entry<StateKey, StateValue> t : kind(state, Storage.TERRITORY, "").entrySet()) {
            Territory territory = (Territory) t.getValue();
            if (now < p.sweptAfter(territory.expiresMillis())) {
                continue;
            }
            String id = t.getKey().id();
            int slash = id.indexOf('/');
            Address owner = Address.parse(id.substring(0, slash));
            String name = id.substring(slash + 1);
            for (Map.Entry<StateKey, StateValue> b : kind(state, Storage.BUCKET, owner.ss58() + "/").entrySet()) {
                if (!((Bucket) b.getValue()).territory().equals(name)) {
                    continue;
                }
                String bucket = b.getKey().id().substring(owner.ss58().length() + 1);
                String objects = owner.ss58() + "/" + bucket + "/";
                for (StateKey o : kind(state, Storage.OBJECT, objects).keySet()) {
                    ObjectRules.release(s, owner, bucket, o.id().substring(objects.length()));
                }
                s.remove(b.getKey());
                ObjectRules.releaseName(s, owner, bucket);
            }
            s.remove(t.getKey());
            swept++;
        }
        return swept;
    }

    /** The entries of {@code kind} whose ids start with {@code prefix}. */
    private static NavigableMap<StateKey, StateValue> kind(NavigableMap<StateKey, StateValue> state, StateKind kind,
                                                           String prefix) {
        return state.subMap(StateKey.from(kind, prefix), true,
                StateKey.after(kind, prefix), false);
    }

    static Optional<TxRejection> buyTerritory(StateOverlay s, Currency cur, Address sender, BuyTerritory c, long now,
                                              StorageParams p) {
        Optional<String> bad = Names.territoryProblem(c.name());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        if (c.gib() < 1 || c.gib() > 1 << 20) {
            return refuse(TxError.INVALID_ARGUMENT, "a territory holds 1 to 1048576 GiB");
        }
        if (c.days() < p.minTerritoryDays() || c.days() > 36_500) {
            return refuse(TxError.INVALID_ARGUMENT, "a territory is bought for " + p.minTerritoryDays()
                    + " to 36500 days, not " + c.days());
        }
        if (s.get(Territory.key(sender, c.name())) != null) {
            return refuse(TxError.ALREADY_EXISTS, "territory '" + c.name() + "' already exists; expand or renew it");
        }
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(c.gib(), c.days()));
        if (paid.isPresent()) {
            return paid;
        }
        s.put(Territory.key(sender, c.name()), new Territory(c.gib(), 0, now + c.days() * StorageParams.DAY_MILLIS, now));
        return Optional.empty();
    }

    static Optional<TxRejection> expandTerritory(StateOverlay s, Currency cur, Address sender, ExpandTerritory c, long now,
                                                 StorageParams p) {
        Optional<Territory> t = s.find(Territory.key(sender, c.name()), Territory.class);
        if (t.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no territory '" + c.name() + "' of " + sender);
        }
        if (!t.get().liveAt(now)) {
            return refuse(TxError.TERRITORY_EXPIRED, "territory '" + c.name() + "' has expired; renew it first");
        }
        if (c.gib() < 1 || t.get().gib() + c.gib() > 1 << 20) {
            return refuse(TxError.INVALID_ARGUMENT, "expand by at least 1 GiB, to at most 1048576 GiB");
        }
        long daysLeft = (t.get().expiresMillis() - now + StorageParams.DAY_MILLIS - 1) / StorageParams.DAY_MILLIS;
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(c.gib(), daysLeft));
        if (paid.isPresent()) {
            return paid;
        }
        Territory old = t.get();
        s.put(Territory.key(sender, c.name()),
                new Territory(old.gib() + c.gib(), old.usedBytes(), old.expiresMillis(), old.boughtMillis()));
        return Optional.empty();
    }

    static Optional<TxRejection> renewTerritory(StateOverlay s, Currency cur, Address sender, RenewTerritory c, long now,
                                                StorageParams p) {
        Optional<Territory> t = s.find(Territory.key(sender, c.name()), Territory.class);
        if (t.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no territory '" + c.name() + "' of " + sender);
        }
        if (c.days() < 1 || c.days() > 36_500) {
            return refuse(TxError.INVALID_ARGUMENT, "renew for 1 to 36500 days");
        }
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(t.get().gib(), c.days()));
        if (paid.isPresent()) {
            return paid;
        }
        Territory old = t.get();
        long from = Math.max(old.expiresMillis(), now);
        s.put(Territory.key(sender, c.name()), new Territory(old.gib(), old.usedBytes(),
                from + c.days() * StorageParams.DAY_MILLIS, old.boughtMillis()));
        return Optional.empty();
    }
}
