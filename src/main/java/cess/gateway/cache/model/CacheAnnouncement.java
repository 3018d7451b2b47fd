package cess.gateway.cache.model;

import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gateway tells the others about its cache, on the network's {@code cess.cache} topic:
 * the segments it now holds (and the URL at which it serves them), or the segments it dropped.
 * The envelope's signature says which node speaks. An announcement is a hint: a gateway that
 * fetches an announced segment verifies the bytes against the chain's segment hash, so a false
 * one costs one request.
 *
 * <p>Encoded as {@code string endpoint (empty for dropped segments), u32 count, count × hash};
 * at most {@value #MAX_SEGMENTS} segments (64 KiB of hashes) per announcement.
 *
 * @param endpoint  the announcer's base URL (http or https, no path), or empty when dropping
 * @param segments  the segment hashes
 */
public record CacheAnnouncement(String endpoint, List<Hash> segments) {
    public static final int MAX_SEGMENTS = 2048;
    static final int MAX_ENDPOINT = 256;

    public CacheAnnouncement {
        if (endpoint == null || segments == null || segments.isEmpty() || segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("an announcement names 1.." + MAX_SEGMENTS + " segments");
        }
        if (!endpoint.isEmpty()) {
            checkEndpoint(endpoint);
        }
        segments = List.copyOf(segments);
    }

    /** Whether {@code url} is an endpoint an announcement may name: http(s), a host, no path, query or user. */
    public static boolean validEndpoint(String url) {
        try {
            checkEndpoint(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkEndpoint(String endpoint) {
        if (endpoint.length() > MAX_ENDPOINT) {
            throw new IllegalArgumentException("an endpoint has at most " + MAX_ENDPOINT + " characters");
        }
        URI u = URI.create(endpoint);
        String path = u.getRawPath();
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            throw new IllegalArgumentException("an endpoint is an http(s) URL with a host and no path: " + endpoint);
        }
    }

    public byte[] encode() {
        Encoder e = new Encoder().string(endpoint).u32(segments.size());
        segments.forEach(e::hash);
        return e.toBytes();
    }

    /** Reads an announcement; malformed bytes are an IllegalArgumentException. */
    public static CacheAnnouncement decode(byte[] bytes) {
        try {
            Decoder d = new Decoder(bytes);
            String endpoint = d.string(MAX_ENDPOINT);
            long n = d.u32();
            if (n < 1 || n > MAX_SEGMENTS) {
                throw new IllegalArgumentException("an announcement names 1.." + MAX_SEGMENTS + " segments, not " + n);
            }
            List<Hash> segments = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                segments.add(d.hash());
            }
            d.end();
            return new CacheAnnouncement(endpoint, segments);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a truncated cache announcement", e);
        }
    }

    /** {@code segments} cut into announcements of at most {@value #MAX_SEGMENTS}. */
    public static List<CacheAnnouncement> batches(String endpoint, List<Hash> segments) {
        List<CacheAnnouncement> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i += MAX_SEGMENTS) {
            out.add(new CacheAnnouncement(endpoint, segments.subList(i, Math.min(segments.size(), i + MAX_SEGMENTS))));
        }
        return out;
    }
}
