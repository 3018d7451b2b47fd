package cess.incentive.model;

import cess.shared.Amount;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A storage era's rewards. The era's storage pool is split in two: {@code capacityBps} pays
 * capacity by power — certified idle space weighing {@code idlePowerBps}, service space the
 * rest (CESS: 5 % and 95 %) — and the rest pays bandwidth by the bytes a miner served to
 * gateways. Only a miner that passed every challenge of the era is paid at all. The bytes served
 * that count are capped at {@code bandwidthCap} times the bytes the chain says the miner holds,
 * so that a gateway and a miner dealing with each other cannot draw more than real reads of
 * real data would. A half with nobody to pay is returned unpaid. Pure and stateless.
 */
public final class StorageRewards {
    private StorageRewards() {
    }

    /**
     * What the chain knows of a miner for an era.
     *
     * @param serviceBytes the service data it holds (fragments of files)
     * @param idleBytes    its certified idle space
     * @param servedBytes  the bytes gateways' receipts say it served them in the era
     * @param proven       whether it passed every challenge issued to it in the era (and missed none)
     */
    public record MinerEra(long serviceBytes, long idleBytes, long servedBytes, boolean proven) {
        public MinerEra {
            if (serviceBytes < 0 || idleBytes < 0 || servedBytes < 0) {
                throw new IllegalArgumentException("byte counts must not be negative");
            }
        }
    }

    /** A miner's reward for the era, with what it was computed from. */
    public record Reward(Amount capacity, Amount bandwidth, BigInteger power, long countedBytes, String why) {
        public Amount total() {
            return capacity.plus(bandwidth);
        }
    }

    /** Every miner's reward, and what nobody could be paid. */
    public record Era<K>(Map<K, Reward> rewards, Amount unpaid) {
    }

    /** A miner's power: service and idle bytes weighted by {@code idlePowerBps}. */
    public static BigInteger power(IncentiveParams p, long serviceBytes, long idleBytes) {
        return BigInteger.valueOf(serviceBytes).multiply(BigInteger.valueOf(IncentiveParams.BPS - p.idlePowerBps()))
                .add(BigInteger.valueOf(idleBytes).multiply(BigInteger.valueOf(p.idlePowerBps())));
    }

    /** The bytes served that count for a miner: none unless proven, at most {@code bandwidthCap} times what it holds. */
    public static long countedBytes(IncentiveParams p, MinerEra m) {
        if (!m.proven()) {
            return 0;
        }
        BigInteger cap = BigInteger.valueOf(m.serviceBytes()).multiply(BigInteger.valueOf(p.bandwidthCap()));
        return BigInteger.valueOf(m.servedBytes()).min(cap).longValueExact();
    }

    public static <K extends Comparable<K>> Era<K> pay(IncentiveParams p, Amount pool, SortedMap<K, MinerEra> miners) {
        Amount capacityPool = pool.share(p.capacityBps(), IncentiveParams.BPS);
        Amount bandwidthPool = pool.minus(capacityPool);
        SortedMap<K, BigInteger> powers = new TreeMap<>();
        SortedMap<K, BigInteger> bytes = new TreeMap<>();
        for (Map.Entry<K, MinerEra> e : miners.entrySet()) {
            MinerEra m = e.getValue();
            powers.put(e.getKey(), m.proven() ? power(p, m.serviceBytes(), m.idleBytes()) : BigInteger.ZERO);
            bytes.put(e.getKey(), BigInteger.valueOf(countedBytes(p, m)));
        }
        Shares.Split<K> capacity = Shares.of(capacityPool, powers);
        Shares.Split<K> bandwidth = Shares.of(bandwidthPool, bytes);
        Map<K, Reward> out = new LinkedHashMap<>();
        for (Map.Entry<K, MinerEra> e : miners.entrySet()) {
            MinerEra m = e.getValue();
            long counted = countedBytes(p, m);
            String why;
            if (!m.proven()) {
                why = "failed or missed a challenge this era: nothing";
            } else if (counted < m.servedBytes()) {
                why = "bandwidth capped at " + p.bandwidthCap() + "x the " + m.serviceBytes() + " bytes it holds";
            } else {
                why = "power and bytes served";
            }
            out.put(e.getKey(), new Reward(capacity.shares().getOrDefault(e.getKey(), Amount.ZERO),
                    bandwidth.shares().getOrDefault(e.getKey(), Amount.ZERO), powers.get(e.getKey()), counted, why));
        }
        return new Era<>(java.util.Collections.unmodifiableMap(out), capacity.unpaid().plus(bandwidth.unpaid()));
    }
}
