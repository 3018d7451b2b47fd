package cess.gateway.cache.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
    @Test
    void aZeroCapacityAdmitsNothingAndEntriesAboveAQuarterAreRefused() {
        CachePolicy<String> off = new CachePolicy<>(0);
        assertFalse(off.admit("a", 1).admitted());
        assertEquals(0, off.entries());
        CachePolicy<String> p = new CachePolicy<>(1000);
        assertFalse(p.admit("big", 251).admitted(), "one entry would take more than a quarter");
        assertTrue(p.admit("ok", 250).admitted());
        assertFalse(p.admit("empty", 0).admitted());
        assertThrows(IllegalArgumentException.class, () -> new CachePolicy<String>(-1));
    }

    @Test
    void sizesAreAccountedExactlyAndNeverExceedTheCapacity() {
        CachePolicy<String> p = new CachePolicy<>(1000);
        for (int i = 0; i < 50; i++) {
            p.admit("k" + i, 100 + i);
            assertTrue(p.used() <= 1000, "used " + p.used());
        }
        long sum = p.evictionOrder().stream().mapToLong(k -> 100 + Integer.parseInt(k.substring(1))).sum();
        assertEquals(sum, p.used());
        assertEquals(p.evictionOrder().size(), p.entries());
        String some = p.evictionOrder().get(0);
        assertTrue(p.remove(some));
        assertFalse(p.remove(some));
        assertEquals(sum - (100 + Integer.parseInt(some.substring(1))), p.used());
    }

    @Test
    void leastRecentlyUsedGoesFirstAndAHitMovesAnEntryBack() {
        CachePolicy<String> p = new CachePolicy<>(1000);
        p.admit("a", 250);
        p.admit("b", 250);
        p.admit("c", 250);
        p.admit("d", 250);
        assertEquals(List.of("a", "b", "c", "d"), p.evictionOrder());
        assertTrue(p.hit("a"));
        assertFalse(p.hit("zzz"));
        assertEquals(List.of("b", "c", "d", "a"), p.evictionOrder());
        var adm = p.admit("e", 250);
        assertEquals(List.of("b"), adm.evicted());
        assertFalse(p.contains("b"));
        assertTrue(p.contains("a"));
    }

    @Test
    void aScanOfColdEntriesDoesNotEvictTheHotOnes() {
        CachePolicy<String> p = new CachePolicy<>(1000);
        p.admit("hot1", 100);
        p.admit("hot2", 100);
        p.hit("hot1");
        p.hit("hot2");
        for (int i = 0; i < 100; i++) {
            p.admit("cold" + i, 100);
        }
        assertTrue(p.contains("hot1") && p.contains("hot2"), "protected entries survive a scan: " + p.evictionOrder());
        assertEquals(1000, p.used());
    }

    @Test
    void theProtectedSegmentOverflowsIntoProbation() {
        CachePolicy<String> p = new CachePolicy<>(1000);
        for (int i = 0; i < 10; i++) {
            p.admit("k" + i, 100);
            p.hit("k" + i);
        }
        // Protected holds at most 800 bytes: the two least recently hit fell back to probation, first to go.
        assertEquals(List.of("k0", "k1"), p.evictionOrder().subList(0, 2));
        assertEquals(List.of("k0"), p.admit("n", 100).evicted());
    }

    @Test
    void readmittingAnEntryTakesItsNewSizeAndCountsAsAHit() {
        CachePolicy<String> p = new CachePolicy<>(1000);
        p.admit("a", 100);
        p.admit("b", 100);
        p.admit("a", 200);
        assertEquals(300, p.used());
        assertEquals(List.of("b", "a"), p.evictionOrder());
    }
}
