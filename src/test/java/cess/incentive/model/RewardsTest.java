package cess.incentive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RewardsTest {
    static final IncentiveParams P = IncentiveParams.devnet();
    static final long GIB = 1L << 30;

    @Test
    void capacityFollowsPowerBandwidthFollowsBytesServedAndAFailedMinerGetsNothing() {
        TreeMap<String, StorageRewards.MinerEra> miners = new TreeMap<>();
        miners.put("a", new StorageRewards.MinerEra(10 * GIB, 0, 5 * GIB, true));
        miners.put("b", new StorageRewards.MinerEra(0, 10 * GIB, 0, true)); // idle only: 5 % weight
        miners.put("c", new StorageRewards.MinerEra(10 * GIB, 10 * GIB, 15 * GIB, false));
        StorageRewards.Era<String> era = StorageRewards.pay(P, Amount.cess(1_000), miners);
        Map<String, StorageRewards.Reward> r = era.rewards();
        // capacity 800 CESS by power 95:5, bandwidth 200 CESS all to a (the only proven server)
        assertEquals(Amount.cess(760), r.get("a").capacity());
        assertEquals(Amount.cess(40), r.get("b").capacity());
        assertEquals(Amount.cess(200), r.get("a").bandwidth());
        assertEquals(Amount.ZERO, r.get("c").total(), r.get("c").why());
        assertTrue(r.get("c").why().contains("challenge"));
        assertTrue(era.unpaid().isZero());
    }

    @Test
    void bandwidthIsCappedByWhatTheMinerHoldsAndUnpaidHalvesAreReturned() {
        TreeMap<String, StorageRewards.MinerEra> miners = new TreeMap<>();
        miners.put("honest", new StorageRewards.MinerEra(GIB, 0, 4 * GIB, true));
        miners.put("selfdealer", new StorageRewards.MinerEra(GIB, 0, 1_000 * GIB, true));
        StorageRewards.Era<String> era = StorageRewards.pay(P, Amount.cess(1_000), miners);
        assertEquals(10 * GIB, era.rewards().get("selfdealer").countedBytes(), "10x the bytes it holds");
        assertTrue(era.rewards().get("selfdealer").why().contains("capped"));
        // 200 CESS of bandwidth split 4:10
        java.math.BigInteger fair = Amount.cess(200).share(4, 14).units(); // 200 CESS split 4 : 10
        java.math.BigInteger got = era.rewards().get("honest").bandwidth().units();
        assertTrue(got.subtract(fair).abs().compareTo(java.math.BigInteger.ONE) <= 0, got + " against " + fair);
        assertEquals(Amount.cess(200), era.rewards().get("honest").bandwidth().plus(era.rewards().get("selfdealer").bandwidth()));
        TreeMap<String, StorageRewards.MinerEra> idle = new TreeMap<>();
        idle.put("quiet", new StorageRewards.MinerEra(GIB, 0, 0, true));
        StorageRewards.Era<String> quiet = StorageRewards.pay(P, Amount.cess(1_000), idle);
        assertEquals(Amount.cess(800), quiet.rewards().get("quiet").total());
        assertEquals(Amount.cess(200), quiet.unpaid(), "nobody served anything: the bandwidth half stays in the pool");
    }

    @Test
    void validatorsShareByPointsOnlyWhileOnDuty() {
        Shares.Split<String> s = ValidatorRewards.pay(Amount.cess(90), Map.of("v1", 20L, "v2", 10L, "off", 30L),
                Set.of("v1", "v2"));
        assertEquals(Map.of("v1", Amount.cess(60), "v2", Amount.cess(30)), s.shares());
    }
}
