package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinerBackoffTest {
    static final Address M1 = KeyPair.dev("//Miner1").address();
    static final Address M2 = KeyPair.dev("//Miner2").address();
    static final Address M3 = KeyPair.dev("//Miner3").address();

    @Test
    void aFailedMinerIsLeftOutForTheBaseThenDoublingToTheMaxAndASuccessClearsIt() {
        MinerBackoff b = new MinerBackoff(30_000, 100_000);
        assertEquals(1_030_000, b.failed(M1, 1_000_000));
        assertEquals(Set.of(M1), b.avoided(1_029_999));
        assertEquals(Set.of(), b.avoided(1_030_000), "back once its time is up");
        assertEquals(1_060_000, b.failed(M1, 1_000_000), "a second failure in a row: twice as long");
        assertEquals(1_100_000, b.failed(M1, 1_000_000), "capped at the max (120 s would be next)");
        assertEquals(1_100_000, b.failed(M1, 1_000_000));
        b.succeeded(M1);
        assertEquals(Set.of(), b.avoided(1_000_001));
        assertEquals(1_030_000, b.failed(M1, 1_000_000), "a success starts the count again");
    }

    @Test
    void manyFailuresNeitherOverflowNorWaitPastTheMax() {
        MinerBackoff b = new MinerBackoff(1, Long.MAX_VALUE / 4);
        long until = 0;
        for (int i = 0; i < 200; i++) {
            until = b.failed(M2, 0);
        }
        assertEquals(Long.MAX_VALUE / 4, until);
    }

    @Test
    void avoidedMinersAreLeftOutOnlyWhileEnoughOthersRemain() {
        List<Address> all = List.of(M1, M2, M3);
        assertEquals(List.of(M1, M3), MinerBackoff.preferred(all, a -> a, Set.of(M2), 2));
        assertEquals(all, MinerBackoff.preferred(all, a -> a, Set.of(M2), 3), "too few would be left: every miner");
        assertEquals(all, MinerBackoff.preferred(all, a -> a, Set.of(), 3));
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MinerBackoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new MinerBackoff(10, 9));
    }
}
