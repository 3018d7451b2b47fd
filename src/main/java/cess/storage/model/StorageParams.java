package cess.storage.model;

import cess.shared.Address;
import cess.shared.Amount;

/**
 * The storage market's chain parameters, fixed by the genesis.
 *
 * @param stakePerTiB      the stake a miner bonds per declared TiB (or part of one)
 * @param pricePerGibDay   what one GiB of territory costs per day
 * @param minTerritoryDays the shortest territory that can be bought
 */
public record StorageParams(Amount stakePerTiB, Amount pricePerGibDay, int minTerritoryDays) {
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
    }

    /** The stake a miner declaring {@code bytes} must bond. */
    public Amount stakeFor(long declaredBytes) {
        return stakePerTiB.times((declaredBytes + TIB - 1) / TIB);
    }

    public Amount territoryPrice(long gib, long days) {
        return pricePerGibDay.times(Math.multiplyExact(gib, days));
    }
}
