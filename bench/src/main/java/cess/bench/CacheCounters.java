package cess.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway's segment-cache counters, read from its {@code GET /health} ({@code cache.*}): how
 * many segments its cache has taken since it started, and its hits, misses and skipped fills, so
 * that the benchmark can wait for an upload's segments to be cached before a hot read and show
 * afterwards that the hot reads were hits. Thread-safe.
 */
final class CacheCounters {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI health;

    CacheCounters(String gateway) {
        this.health = URI.create(gateway + "/health");
    }

    /** Segments filled, skipped (the fill queue was full) or refused (bytes not matching): each upload's segment is one of these. */
    long filled() {
        String body = body();
        return number(body, "fills") + number(body, "fillsSkipped") + number(body, "fillsRefused");
    }

    /** Hits, misses and skipped fills, in that order. */
    long[] hitsMissesSkipped() {
        String body = body();
        return new long[] {number(body, "hits"), number(body, "misses"), number(body, "fillsSkipped")};
    }

    private String body() {
        // /health answers 503 while any check is down; its data are there either way. A node that
        // has only just started may drop the connection while its health checks register: retry.
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (attempt == 10) {
                    throw new IllegalStateException("cannot read " + health, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** One counter, {@code cache.<name>}. */
    long number(String name) {
        return number(body(), name);
    }

    private long number(String body, String name) {
        Matcher m = Pattern.compile("\"cache\\." + name + "\"\\s*:\\s*\"?(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(health + " shows no cache." + name + ": " + body);
        }
        return Long.parseLong(m.group(1));
    }
}
