package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class S3ListingTest {
    private static final TreeSet<String> KEYS = new TreeSet<>(List.of("a.txt", "docs/1.txt", "docs/2.txt", "docs/sub/3.txt",
            "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "z.txt"));

    private static Function<String, List<S3Listing.Item<String>>> source(String prefix, int batch, AtomicInteger calls) {
        return after -> {
            calls.incrementAndGet();
            List<S3Listing.Item<String>> out = new ArrayList<>();
            for (String k : after.isEmpty() ? KEYS : KEYS.tailSet(after, false)) {
                if (k.startsWith(prefix) && out.size() < batch) {
                    out.add(new S3Listing.Item<>(k, k));
                }
            }
            return out;
        };
    }

    private static List<String> keys(S3Listing.Page<String> p) {
        return p.contents().stream().map(S3Listing.Item::key).toList();
    }

    @Test
    void flatListingPagesThroughEveryKeyOnce() {
        for (int batch : new int[] {1, 2, 3, 100}) {
            List<String> all = new ArrayList<>();
            String after = "";
            for (int pages = 0; ; pages++) {
                S3Listing.Page<String> p = S3Listing.page(source("", batch, new AtomicInteger()), "", null, after, 3);
                all.addAll(keys(p));
                if (!p.truncated()) {
                    assertEquals(2, pages);
                    break;
                }
                after = S3Listing.cursor(S3Listing.token(p.resumeAfter()));
            }
            assertEquals(List.copyOf(KEYS), all);
        }
    }

    @Test
    void delimiterRollsUpFoldersAndSkipsThemInOneStep() {
        AtomicInteger calls = new AtomicInteger();
        S3Listing.Page<String> root = S3Listing.page(source("", 1000, calls), "", "/", "", 1000);
        assertEquals(List.of("a.txt", "z.txt"), keys(root));
        assertEquals(List.of("docs/", "photos/"), root.commonPrefixes());
        assertFalse(root.truncated());
        assertEquals(4, calls.get(), "one lookup per folder, one for the keys after and one to find the end; not one per key");

        S3Listing.Page<String> photos = S3Listing.page(source("photos/", 1000, new AtomicInteger()), "photos/", "/", "", 1000);
        assertEquals(List.of("photos/2024/", "photos/2025/"), photos.commonPrefixes());
        assertTrue(photos.contents().isEmpty());

        S3Listing.Page<String> first = S3Listing.page(source("", 1000, new AtomicInteger()), "", "/", "", 2);
        assertEquals(List.of("a.txt"), keys(first));
        assertEquals(List.of("docs/"), first.commonPrefixes());
        assertTrue(first.truncated());
        S3Listing.Page<String> second = S3Listing.page(source("", 1000, new AtomicInteger()), "", "/", first.resumeAfter(), 2);
        assertEquals(List.of("photos/"), second.commonPrefixes());
        assertEquals(List.of("z.txt"), keys(second));
        assertFalse(second.truncated());
    }

    @Test
    void startAfterAndEmptyResults() {
        S3Listing.Page<String> p = S3Listing.page(source("docs/", 1000, new AtomicInteger()), "docs/", null, "docs/1.txt", 1000);
        assertEquals(List.of("docs/2.txt", "docs/sub/3.txt"), keys(p));
        S3Listing.Page<String> none = S3Listing.page(source("nothing/", 1000, new AtomicInteger()), "nothing/", "/", "", 1000);
        assertTrue(none.contents().isEmpty() && none.commonPrefixes().isEmpty() && !none.truncated());
    }
}
