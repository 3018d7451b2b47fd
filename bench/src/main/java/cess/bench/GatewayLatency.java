package cess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A cross-gateway read's latency against a local one. Objects of 1 MiB are PUT through G; once
 * G's cache holds them and the other gateways see their deals, each is read one at a time through
 * G (local: the gateway it was PUT through, from its cache), through G3 (another gateway with a
 * cache, reading it for the first time: from G's cache, which announced it, over signed HTTP) and
 * through G2 (another gateway without a cache: the fragments from the miners on S), the order
 * rotating. Time to first byte (from sending the request to the first byte of the body) and total
 * (to the last byte); every body compared with what was sent, outside the timing. SSE-C, then plain.
 *
 * <p>Arguments: {@code --ours URL --cold URL --peer-cached URL [--count 64] [--warmup 64] [--out FILE]}.
 */
final class GatewayLatency {
    private GatewayLatency() {
    }

    /** One way to read: the client, what it is called, and where the times go ([0] first byte, [1] total). */
    private record Path3(String name, S3Client client, double[][] times) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        try {
            run(a);
        } catch (Exception | Error e) {
            // The pool's threads and the clients' would keep the JVM, and bench/run, waiting.
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(Map<String, String> a) throws Exception {
        int count = Integer.parseInt(a.getOrDefault("count", "64"));
        // G3 has just started and its JIT has compiled nothing: the first reads of each kind are not counted.
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "64"));
        int total = warmup + count;
        CacheCounters g = new CacheCounters(a.get("ours"));
        CacheCounters g3 = new CacheCounters(a.get("peer-cached"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        StringBuilder out = new StringBuilder(String.format("Latency of one 1 MiB GET at a time (%d objects each after %d "
                + "not counted, ms; p50 and p90 by nearest rank)%n%n| object | through | first byte p50 | p90 | total p50 | p90 |%n"
                + "|---|---|---|---|---|---|%n", count, warmup));
        StringBuilder notes = new StringBuilder();
        SplittableRandom random = new SplittableRandom(7);
        for (boolean encrypt : new boolean[] {true, false}) {
            String what = encrypt ? "SSE-C" : "plain";
            S3Client local = S3Bench.client(a.get("ours"), 16);
            S3Client cached = S3Bench.client(a.get("peer-cached"), 16);
            S3Client cold = S3Bench.client(a.get("cold"), 16);
            S3Bench.Target t = new S3Bench.Target(what, local, encrypt, 0, cold, g);
            byte[][] bodies = new byte[total][1 << 20];
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                random.nextBytes(bodies[i]);
                keys.add("latency-" + what + "/" + i);
            }
            long fills = g.filled();
            long known = g3.number("segmentsPeersHold");
            S3Bench.parallel(pool, total, i -> S3Bench.put(t, keys.get(i), bodies[i]));
            S3Bench.awaitFills(t, fills + total);
            S3Bench.awaitVisible(t, keys);
            S3Bench.awaitVisible(new S3Bench.Target(what, local, encrypt, 0, cached, g), keys);
            // G announces what it filled every 0.5 s: wait (at most 10 s) until G3 has heard of all of them.
            for (long deadline = System.nanoTime() + 10_000_000_000L;
                 g3.number("segmentsPeersHold") < known + total && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
            }
            List<Path3> paths = List.of(new Path3("G (local, its cache)", local, new double[2][count]),
                    new Path3("G3 (other, first read: G's cache over HTTP)", cached, new double[2][count]),
                    new Path3("G2 (other, no cache: the miners on S)", cold, new double[2][count]));
            byte[] buffer = new byte[(1 << 20) + 1];
            double[][] ignored = new double[2][1];
            long[] g3Before = null;
            for (int i = 0; i < total; i++) {
                if (i == warmup) {
                    g3Before = new long[] {g3.number("peerHits"), g3.number("misses"), g3.number("hits")};
                }
                for (int j = 0; j < paths.size(); j++) {
                    Path3 p = paths.get((i + j) % paths.size());
                    boolean counted = i >= warmup;
                    read(p.client(), t, keys.get(i), bodies[i], buffer, counted ? p.times() : ignored, counted ? i - warmup : 0);
                }
            }
            for (Path3 p : paths) {
                out.append(String.format("| %s | %s | %s | %s | %s | %s |%n", what, p.name(), Stats.f2(pct(p.times()[0], 0.5)),
                        Stats.f2(pct(p.times()[0], 0.9)), Stats.f2(pct(p.times()[1], 0.5)), Stats.f2(pct(p.times()[1], 0.9))));
            }
            double[][] l = paths.get(0).times();
            for (Path3 p : paths.subList(1, 3)) {
                out.append(String.format("| %s | ratio %s / G | %s× | | %s× | |%n", what, p.name().substring(0, 2),
                        Stats.f2(pct(p.times()[0], 0.5) / pct(l[0], 0.5)), Stats.f2(pct(p.times()[1], 0.5) / pct(l[1], 0.5))));
            }
            notes.append(String.format("%n%s: G3's counted first reads were %d segments from a peer's cache, %d misses in its own "
                    + "cache, %d hits in it.", what, g3.number("peerHits") - g3Before[0], g3.number("misses") - g3Before[1],
                    g3.number("hits") - g3Before[2]));
            S3Bench.parallel(pool, total, i -> local.deleteObject(d -> d.bucket(S3Bench.BUCKET).key(keys.get(i))));
            local.close();
            cached.close();
            cold.close();
        }
        pool.shutdown();
        String report = out.append(notes).append("\n").toString();
        System.out.println(report);
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), report);
        }
    }

    /** One timed GET into {@code times[0][i]} (first byte) and {@code times[1][i]} (total), in ms. */
    private static void read(S3Client client, S3Bench.Target t, String key, byte[] expected, byte[] buffer,
                             double[][] times, int i) {
        long t0 = System.nanoTime();
        int n;
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(S3Bench.getRequest(t, key))) {
            int first = in.read(buffer, 0, buffer.length);
            long t1 = System.nanoTime();
            n = first < 0 ? 0 : first + in.readNBytes(buffer, first, buffer.length - first);
            long t2 = System.nanoTime();
            times[0][i] = (t1 - t0) / 1e6;
            times[1][i] = (t2 - t0) / 1e6;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!Arrays.equals(buffer, 0, n, expected, 0, expected.length)) {
            throw new IllegalStateException(t.name() + " " + key + " differs from what was sent");
        }
    }

    /** The {@code q} quantile (nearest rank). */
    static double pct(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.max(0, (int) Math.ceil(q * v.length) - 1)];
    }
}
