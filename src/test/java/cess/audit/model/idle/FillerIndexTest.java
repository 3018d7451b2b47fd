package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FillerIndexTest {
    @Test
    void pagesHoldBandsOfSixLevels() {
        assertEquals(5, FillerIndex.pages(1 << 15), "1 MiB: 256 blocks, 8 levels: 4 pages of 6 levels, 1 of 2");
        assertEquals(4096 + 64 + 1, FillerIndex.pages(1 << 25), "1 GiB: 18 levels in 3 bands");
        assertEquals(1, FillerIndex.pages(1 << 11));
    }

    @Test
    void everyNodeHasItsOwnPlaceAndAPathReadsOnePageABand() {
        for (int n : new int[] {1 << 11, 1 << 15, 1 << 20}) {
            int levels = Integer.numberOfTrailingZeros(n / 128);
            Set<FillerIndex.Location> seen = new HashSet<>();
            for (int block = 0; block < n / 128; block++) {
                List<FillerIndex.Location> path = FillerIndex.siblings(n, block * 128 + 5);
                assertEquals(levels, path.size());
                Set<Integer> pages = new HashSet<>();
                path.forEach(l -> pages.add(l.page()));
                assertEquals((levels + 5) / 6, pages.size(), "pages of block " + block);
                seen.addAll(path);
            }
            assertEquals(2 * (n / 128) - 2, seen.size(), "every index node is some path's sibling, each in its own place");
            for (FillerIndex.Location l : seen) {
                assertTrue(l.page() < FillerIndex.pages(n));
            }
        }
    }

    @Test
    void thePathFromTheIndexIsTheTreesPath() {
        int n = 1 << 15;
        byte[] labels = new byte[n * 32];
        new Random(5).nextBytes(labels);
        FillerIndex.Built idx = FillerIndex.build(labels);
        assertEquals(FillerIndex.pages(n) * FillerIndex.PAGE_BYTES, idx.pages().length);
        for (int i : new int[] {0, 127, 128, 20_000, n - 1}) {
            List<Hash> path = FillerIndex.path(labels, idx, i);
            assertEquals(15, path.size());
            assertTrue(FillerCommitment.verify(idx.root(), n, i, Hash.of(Arrays.copyOfRange(labels, i * 32, i * 32 + 32)), path));
            List<Hash> siblings = new ArrayList<>();
            for (FillerIndex.Location l : FillerIndex.siblings(n, i)) {
                siblings.add(idx.node(l));
            }
            assertEquals(path.subList(7, 15), siblings);
        }
    }
}
