package cess.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The node's S3 API against S3Proxy (filesystem backend), both on loopback, driven by one AWS SDK
 * for Java v2 client configuration: 64 MiB objects one at a time, 1 MiB objects 16 at a time,
 * PUT then GET, every body compared with what was sent. Targets alternate within each run so
 * that both see the same machine. Then the node's and S3Proxy's peak RSS while a 1 GiB object is
 * uploaded. Prints a Markdown report and writes it to {@code --out}.
 *
 * <p>Arguments: {@code --ours URL --peer URL --node-pid N --peer-pid N [--runs 5] [--warmup 3] [--small 128]
 * [--concurrency 16] [--big-mib 64] [--rss-mib 1024] [--out FILE]}.
 */
public final class S3Bench {
    private static final String BUCKET = "bench";

    /** One server and how the client talks to it. */
    record Target(String name, S3Client client, boolean encrypt, long pid) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
        int small = Integer.parseInt(a.getOrDefault("small", "128"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "16"));
        int bigBytes = Integer.parseInt(a.getOrDefault("big-mib", "64")) << 20;
        long rssBytes = Long.parseLong(a.getOrDefault("rss-mib", "1024")) << 20;
        long nodePid = Long.parseLong(a.get("node-pid"));
        long peerPid = Long.parseLong(a.get("peer-pid"));
        List<Target> targets = List.of(
                new Target("node, RS 4+2, SSE-C", client(a.get("ours"), concurrency), true, nodePid),
                new Target("node, RS 4+2, plain", client(a.get("ours"), concurrency), false, nodePid),
                new Target("S3Proxy filesystem", client(a.get("peer"), concurrency), false, peerPid));
        for (Target t : targets.subList(1, 3)) {
            try {
                t.client().createBucket(b -> b.bucket(BUCKET));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
        }
        // Memory first, on servers that have served nothing yet: what one large upload adds to a
        // fresh process (later, after the timed runs, the heap has long grown to its limit).
        StringBuilder memory = new StringBuilder();
        for (Target t : List.of(targets.get(0), targets.get(targets.size() - 1))) {
            memory.append(rss(t, rssBytes));
        }
        int n = targets.size();
        List<List<Double>> bigPut = lists(n);
        List<List<Double>> bigGet = lists(n);
        List<List<Double>> smallPut = lists(n);
        List<List<Double>> smallGet = lists(n);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        SplittableRandom random = new SplittableRandom(2026);
        byte[] big = new byte[bigBytes];
        byte[][] smalls = new byte[small][1 << 20];
        // Warm-up runs are not counted: on two cores the JIT takes about a minute under this load
        // to compile the servers' hot paths (AES-GCM's intrinsics among them) with C2.
        for (int run = -warmup; run < runs; run++) {
            for (int t = 0; t < n; t++) {
                Target target = targets.get(t);
                String prefix = "r" + run + "-t" + t + "/";
                // Fresh bytes for every object: no dedup and no fragment already on disk.
                random.nextBytes(big);
                long t0 = System.nanoTime();
                put(target, prefix + "big", big);
                long t1 = System.nanoTime();
                get(target, prefix + "big", big);
                long t2 = System.nanoTime();
                for (byte[] s : smalls) {
                    random.nextBytes(s);
                }
                long t3 = System.nanoTime();
                parallel(pool, small, i -> put(target, prefix + "small-" + i, smalls[i]));
                long t4 = System.nanoTime();
                parallel(pool, small, i -> get(target, prefix + "small-" + i, smalls[i]));
                long t5 = System.nanoTime();
                if (run >= 0) {
                    bigPut.get(t).add(bigBytes / ((t1 - t0) / 1e9) / 1e6);
                    bigGet.get(t).add(bigBytes / ((t2 - t1) / 1e9) / 1e6);
                    smallPut.get(t).add(small / ((t4 - t3) / 1e9));
                    smallGet.get(t).add(small / ((t5 - t4) / 1e9));
                }
                parallel(pool, small, i -> target.client().deleteObject(d -> d.bucket(BUCKET).key(prefix + "small-" + i)));
                target.client().deleteObject(d -> d.bucket(BUCKET).key(prefix + "big"));
                System.err.printf("run %d %s: %d MiB PUT %.2f s GET %.2f s; %d × 1 MiB PUT %.2f s GET %.2f s%n", run,
                        target.name(), bigBytes >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9, small, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
            }
        }
        pool.shutdown();

        StringBuilder out = new StringBuilder();
        out.append(String.format("S3 API, AWS SDK for Java v2 (checksums WHEN_REQUIRED), medians of %d runs after %d "
                + "warm-up runs%n%n", runs, warmup));
        String size = (bigBytes >> 20) + " MiB";
        out.append("| target | " + size + " PUT MB/s | " + size + " GET MB/s | 1 MiB PUT ops/s (" + concurrency
                + " concurrent) | 1 MiB GET ops/s |\n|---|---|---|---|---|\n");
        for (int t = 0; t < n; t++) {
            out.append(String.format("| %s | %s | %s | %s | %s |%n", targets.get(t).name(),
                    Stats.f1(Stats.median(bigPut.get(t))), Stats.f1(Stats.median(bigGet.get(t))),
                    Stats.f1(Stats.median(smallPut.get(t))), Stats.f1(Stats.median(smallGet.get(t)))));
        }
        int peer = n - 1;
        for (int t = 0; t < peer; t++) {
            out.append(String.format("| ratio (%s) / S3Proxy | %s× | %s× | %s× | %s× |%n", targets.get(t).name(),
                    Stats.f2(Stats.median(bigPut.get(t)) / Stats.median(bigPut.get(peer))),
                    Stats.f2(Stats.median(bigGet.get(t)) / Stats.median(bigGet.get(peer))),
                    Stats.f2(Stats.median(smallPut.get(t)) / Stats.median(smallPut.get(peer))),
                    Stats.f2(Stats.median(smallGet.get(t)) / Stats.median(smallGet.get(peer)))));
        }
        out.append("\nEvery run, per target:\n\n");
        for (int t = 0; t < n; t++) {
            out.append(String.format("- %s: %s PUT %s, GET %s; 1 MiB PUT %s, GET %s%n", targets.get(t).name(), size,
                    Stats.runs(bigPut.get(t)), Stats.runs(bigGet.get(t)), Stats.runs(smallPut.get(t)),
                    Stats.runs(smallGet.get(t))));
        }
        out.append(String.format("%nMemory while uploading one %d MiB object to a freshly started server, before "
                + "any other request (VmRSS of the server process, sampled every 20 ms; both with the same -Xmx):%n%n"
                + "| target | RSS before | peak | growth | PUT time |%n|---|---|---|---|---|%n", rssBytes >> 20));
        out.append(memory);
        System.out.println(out);
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), out.toString());
        }
        targets.forEach(t -> t.client().close());
    }

    static S3Client client(String endpoint, int concurrency) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("devnet", "devnet-secret")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(concurrency * 2)
                        .socketTimeout(Duration.ofMinutes(10)))
                .build();
    }

    /** The SSE-C key the encrypted target uses: fixed, as the bench's own. */
    private static final byte[] KEY = new byte[32];

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String keyMd5() {
        try {
            return b64(MessageDigest.getInstance("MD5").digest(KEY));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static PutObjectRequest putRequest(Target t, String key) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(BUCKET).key(key);
        if (t.encrypt()) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(keyMd5());
        }
        return b.build();
    }

    static GetObjectRequest getRequest(Target t, String key) {
        GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(BUCKET).key(key);
        if (t.encrypt()) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(keyMd5());
        }
        return b.build();
    }

    static void put(Target t, String key, byte[] body) {
        t.client().putObject(putRequest(t, key), RequestBody.fromBytes(body));
    }

    /** Reads the object back and fails unless it is exactly {@code expected}. */
    static void get(Target t, String key, byte[] expected) {
        try (ResponseInputStream<GetObjectResponse> in = t.client().getObject(getRequest(t, key))) {
            compare(in, new java.io.ByteArrayInputStream(expected), t.name() + " " + key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void compare(InputStream got, InputStream want, String what) throws IOException {
        byte[] a = new byte[1 << 16];
        byte[] b = new byte[1 << 16];
        long at = 0;
        while (true) {
            int n = got.readNBytes(a, 0, a.length);
            int m = want.readNBytes(b, 0, n == 0 ? b.length : n);
            if (n != m || !java.util.Arrays.equals(a, 0, n, b, 0, m)) {
                throw new IllegalStateException(what + " differs from what was sent near byte " + at);
            }
            if (n == 0) {
                return;
            }
            at += n;
        }
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void parallel(ExecutorService pool, int count, Task task) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                task.run(index);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** Uploads {@code bytes} of generated data while sampling the server's RSS; reads it back to check it. */
    static String rss(Target t, long bytes) throws Exception {
        long before = rssKiB(t.pid());
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(rssKiB(t.pid()), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long t0 = System.nanoTime();
        ContentStreamProvider provider = () -> generated(bytes, 77);
        t.client().putObject(putRequest(t, "rss.bin"), RequestBody.fromContentProvider(provider, bytes,
                "application/octet-stream"));
        long t1 = System.nanoTime();
        done.set(true);
        sampler.join();
        try (ResponseInputStream<GetObjectResponse> in = t.client().getObject(getRequest(t, "rss.bin"))) {
            compare(in, generated(bytes, 77), t.name() + " rss.bin");
        }
        t.client().deleteObject(d -> d.bucket(BUCKET).key("rss.bin"));
        return String.format("| %s | %d MiB | %d MiB | **%d MiB** | %.1f s |%n", t.name(), before >> 10,
                peak.get() >> 10, (peak.get() - before) >> 10, (t1 - t0) / 1e9);
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the RSS of process " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** {@code length} pseudo-random bytes from {@code seed}, generated as read: never held in memory. */
    static InputStream generated(long length, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private final byte[] block = new byte[1 << 16];
            private int pos = block.length;
            private long left = length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (pos == block.length) {
                    random.nextBytes(block);
                    pos = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - pos), left);
                System.arraycopy(block, pos, b, off, n);
                pos += n;
                left -= n;
                return n;
            }
        };
    }

    private static List<List<Double>> lists(int n) {
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }
}
