package cess.gateway.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of an S3 bucket listing (ListObjects and ListObjectsV2), as a pure function over an
 * ordered key source: keys under {@code prefix}, rolled up at the first {@code delimiter} after
 * the prefix into common prefixes, at most {@code maxKeys} entries (keys and prefixes together).
 * A rolled-up prefix is skipped past in one step, so a "folder" with a million keys costs one
 * lookup, not a million.
 *
 * @param <T> what the source carries with each key (the object entry)
 */
public final class S3Listing<T> {
    /** The greatest char: a cursor {@code p + MAX} sorts after every key that starts with {@code p}. */
    private static final char MAX = Character.MAX_VALUE;

    /** A key and what the source carries with it. */
    public record Item<T>(String key, T value) {
    }

    /**
     * @param contents       the keys of this page, in order
     * @param commonPrefixes the rolled-up prefixes of this page, in order
     * @param truncated      whether more entries follow
     * @param resumeAfter    when truncated, the cursor (exclusive) at which the next page starts
     */
    public record Page<T>(List<Item<T>> contents, List<String> commonPrefixes, boolean truncated, String resumeAfter) {
    }

    private S3Listing() {
    }

    /**
     * @param source   given an exclusive cursor (empty: from the start), returns the next keys in
     *                 order that start with {@code prefix} — any positive number; empty when none are left
     * @param after    the exclusive cursor to start from (the start-after key, marker or decoded token)
     */
    public static <T> Page<T> page(Function<String, List<Item<T>>> source, String prefix, String delimiter,
                                   String after, int maxKeys) {
        List<Item<T>> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursor = after == null ? "" : after;
        if (cursor.compareTo(prefix) < 0) {
            cursor = "";
        }
        String lastReturned = null;
        boolean rollUp = delimiter != null && !delimiter.isEmpty();
        while (true) {
            List<Item<T>> batch = source.apply(cursor);
            if (batch.isEmpty()) {
                return new Page<>(contents, prefixes, false, null);
            }
            String next = null;
            for (Item<T> item : batch) {
                String key = item.key();
                String common = null;
                if (rollUp) {
                    int at = key.indexOf(delimiter, prefix.length());
                    if (at >= 0) {
                        common = key.substring(0, at + delimiter.length());
                    }
                }
                if (contents.size() + prefixes.size() == maxKeys) {
                    return new Page<>(contents, prefixes, true, lastReturned);
                }
                if (common != null) {
                    prefixes.add(common);
                    lastReturned = common + MAX;
                    next = lastReturned;
                    break;
                }
                contents.add(item);
                lastReturned = key;
                next = key;
            }
            cursor = next;
        }
    }

    /** The opaque continuation token of a cursor. */
    public static String token(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a continuation token. */
    public static String cursor(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the continuation token is not one this server issued");
        }
    }
}
