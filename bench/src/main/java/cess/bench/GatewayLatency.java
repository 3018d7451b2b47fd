package cess.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A cross-gateway read's latency against a local one: {@code count} objects of 1 MiB are PUT
 * through G; once G's cache holds them and G2 sees their deals, each is read one at a time
 * through G (local: the gateway it was uploaded through, from its cache) and through G2 (the
 * other gateway, without a cache: its four data fragments fetched from the miners on S), the
 * order alternating. Time to first byte (from sending the request to the first byte of the body)
 * and total (to the last byte); every body compared with what was sent, outside the timing.
 */
final class GatewayLatency {
    private GatewayLatency() {
    }

    static String measure(List<S3Bench.Target> targets, int count, ExecutorService pool) throws Exception {
        StringBuilder out = new StringBuilder(String.format("%nLatency of one 1 MiB GET at a time (%d objects each, "
                + "ms): through G, which the object was PUT through (its cache), and through G2, the other gateway "
                + "(no cache: the fragments from the miners on S)%n%n| object | through | first byte p50 | p90 | "
                + "total p50 | p90 |%n|---|---|---|---|---|---|%n", count));
        SplittableRandom random = new SplittableRandom(7);
        for (S3Bench.Target t : targets) {
            byte[][] bodies = new byte[count][1 << 20];
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                random.nextBytes(bodies[i]);
                keys.add("latency-" + (t.encrypt() ? "ssec" : "plain") + "/" + i);
            }
            long fills = t.cache().filled();
            S3Bench.parallel(pool, count, i -> S3Bench.put(t, keys.get(i), bodies[i]));
            S3Bench.awaitFills(t, fills + count);
            S3Bench.awaitVisible(t, keys);
            double[][] local = new double[2][count];
            double[][] other = new double[2][count];
            byte[] buffer = new byte[(1 << 20) + 1];
            for (int i = 0; i < count; i++) {
                boolean localFirst = i % 2 == 0;
                read(localFirst ? t.client() : t.cold(), t, keys.get(i), bodies[i], buffer, localFirst ? local : other, i);
                read(localFirst ? t.cold() : t.client(), t, keys.get(i), bodies[i], buffer, localFirst ? other : local, i);
            }
            String what = t.encrypt() ? "SSE-C" : "plain";
            out.append(row(what, "G (local, cached)", local));
            out.append(row(what, "G2 (other, from the miners)", other));
            out.append(String.format("| %s | ratio G2 / G | %s× | | %s× | |%n", what,
                    Stats.f2(pct(other[0], 0.5) / pct(local[0], 0.5)), Stats.f2(pct(other[1], 0.5) / pct(local[1], 0.5))));
            S3Bench.parallel(pool, count, i -> t.client().deleteObject(d -> d.bucket(S3Bench.BUCKET).key(keys.get(i))));
        }
        return out.toString();
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

    private static String row(String what, String through, double[][] times) {
        return String.format("| %s | %s | %s | %s | %s | %s |%n", what, through, Stats.f2(pct(times[0], 0.5)),
                Stats.f2(pct(times[0], 0.9)), Stats.f2(pct(times[1], 0.5)), Stats.f2(pct(times[1], 0.9)));
    }

    /** The {@code q} quantile (nearest rank). */
    static double pct(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.max(0, (int) Math.ceil(q * v.length) - 1)];
    }
}
