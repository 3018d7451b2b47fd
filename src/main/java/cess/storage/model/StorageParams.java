package cess.storage.model;

import cess.shared.Address;
import cess.shared.Amount;

/**
 * The storage market's chain parameters, fixed by the genesis.
 *
 * @param stakePerTiB      the stake a miner bonds per declared TiB (or part of one)
 * @param pricePerGibDay   what one GiB of territory costs per day
 * @param minTerritoryDays the shortest territory that can be bought
 * @param territoryGraceDays how long the files of an expired territory are kept, so that its owner
 *                         can still renew it; then they are deleted with the territory
 */
public record StorageParams(Amount stakePerTiB, Amount pricePerGibDay, int minTerritoryDays, int territoryGraceDays) {
    /** The grace a genesis that names none gets. */
    public static final int DEFAULT_GRACE_DAYS = 7;

    /** Where territory payments go: the storage reward pool, an account no key controls. */
    public static final Address STORAGE_POOL = Address.ofModule("cess/stor");
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;
    public static final long DAY_MILLIS = 86_400_000L;

    public StorageParams {
        if (stakePerTiB == null || pricePerGibDay == null) {
            throw new IllegalArgumentException("stakePerTiB and pricePerGibDay are required");
        }
        if (minTerritoryDays < 1) {
            throw new IllegalArgumentException("minTerritoryDays must be at least 1");
        }
        if (territoryGraceDays < 0) {
            throw new IllegalArgumentException("territoryGraceDays must not be negative");
        }
    }

    public StorageParams(Amount stakePerTiB, Amount pricePerGibDay, int minTerritoryDays) {
        this(stakePerTiB, pricePerGibDay, minTerritoryDays, DEFAULT_GRACE_DAYS);
    }

    /** When the files of a territory that expires at {@code expiresMillis} are deleted. */
    public long sweptAfter(long expiresMillis) {
        return expiresMillis + territoryGraceDays * DAY_MILLIS;
    }

    /** The stake a miner declaring {@code bytes} must bond. */
    public Amount stakeFor(long declaredBytes) {
        return stakePerTiB.times((declaredBytes + TIB - 1) / TIB);
    }

    public Amount territoryPrice(long gib, long days) {
        return pricePerGibDay.times(Math.multiplyExact(gib, days));
    }
}
