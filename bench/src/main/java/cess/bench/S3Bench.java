package cess.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The node's S3 API against S3Proxy (filesystem backend), all on loopback, driven by one AWS SDK
 * for Java v2 client configuration: 64 MiB objects one at a time, 1 MiB objects 16 at a time,
 * every body compared with what was sent. Targets alternate within each run so that all see the
 * same machine. Then the node's and S3Proxy's peak RSS while a 1 GiB object is uploaded.
 * Prints a Markdown report and writes it to {@code --out}.
 *
 * <p>The node is a network (see {@code bench/run}): gateway G ({@code --ours}, with its segment
 * cache) whose miners run on another process, and with {@code --cold} a second gateway G2 that
 * keeps no cache. Each object is PUT through G, read back through G once G's cache holds its
 * segments (<b>hot</b>: no fragment fetched, nothing rebuilt), then read through G2 once its
 * deal is visible there (<b>cold</b>: every segment from the miners' fragments).
 *
 * <p>Arguments: {@code --ours URL --peer URL --node-pid N --peer-pid N [--cold URL --cold-pid N --storage-pid N] [--runs 5]
 * [--warmup 3] [--small 128] [--concurrency 16] [--big-mib 64] [--segment-mib 32] [--rss-mib 1024]
 * [--out FILE]}.
 */
public final class S3Bench {
    static final String BUCKET = "bench";

    /**
     * One server and how the client talks to it; {@code cold} (null for S3Proxy) reads through
     * the gateway without a cache, {@code cache} (null likewise) reads the hot gateway's counters.
     */
    record Target(String name, S3Client client, boolean encrypt, long pid, S3Client cold, CacheCounters cache) {
        boolean node() {
            return cache != null;
        }
    }

    /**
     * The figures of one target, one list a measure, one value a counted run; {@code cpu} the
     * servers' CPU milliseconds per object, summed over the counted runs, by measure (put, get,
     * cold, smallPut, smallGet, smallCold); {@code hot} G's cache hits, misses and skipped fills.
     */
    record Figures(List<Double> bigPut, List<Double> bigGet, List<Double> bigCold, List<Double> smallPut,
                   List<Double> smallGet, List<Double> smallCold, long[] hot, Map<String, double[]> cpu) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new long[3], new LinkedHashMap<>());
        }

        /** Adds {@code ms} of CPU spent on {@code objects} objects to measure {@code what}. */
        void cpu(String what, long ms, int objects) {
            double[] v = cpu.computeIfAbsent(what, k -> new double[2]);
            v[0] += ms;
            v[1] += objects;
        }

        String cpuPerObject(String what) {
            double[] v = cpu.get(what);
            return v == null || v[1] == 0 ? "—" : Stats.f1(v[0] / v[1]);
        }
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
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
        int small = Integer.parseInt(a.getOrDefault("small", "128"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "16"));
        int bigBytes = Integer.parseInt(a.getOrDefault("big-mib", "64")) << 20;
        int segmentBytes = Integer.parseInt(a.getOrDefault("segment-mib", "32")) << 20;
        long rssBytes = Long.parseLong(a.getOrDefault("rss-mib", "1024")) << 20;
        long nodePid = Long.parseLong(a.get("node-pid"));
        long peerPid = Long.parseLong(a.get("peer-pid"));
        long coldPid = Long.parseLong(a.getOrDefault("cold-pid", "0"));
        long storagePid = Long.parseLong(a.getOrDefault("storage-pid", "0"));
        String cold = a.get("cold");
        CacheCounters cache = new CacheCounters(a.get("ours"));
        List<Target> targets = List.of(
                new Target("node, RS 4+2, SSE-C", client(a.get("ours"), concurrency), true, nodePid,
                        cold == null ? null : client(cold, concurrency), cache),
                new Target("node, RS 4+2, plain", client(a.get("ours"), concurrency), false, nodePid,
                        cold == null ? null : client(cold, concurrency), cache),
                new Target("S3Proxy filesystem", client(a.get("peer"), concurrency), false, peerPid, null, null));
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
        List<Figures> figures = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            figures.add(new Figures());
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        SplittableRandom random = new SplittableRandom(2026);
        byte[] big = new byte[bigBytes];
        byte[][] smalls = new byte[small][1 << 20];
        int bigSegments = (bigBytes + segmentBytes - 1) / segmentBytes;
        // Warm-up runs are not counted: on two cores the JIT takes about a minute under this load
        // to compile the servers' hot paths (AES-GCM's intrinsics among them) with C2.
        for (int run = -warmup; run < runs; run++) {
            for (int t = 0; t < n; t++) {
                Target target = targets.get(t);
                Figures f = figures.get(t);
                String prefix = "r" + run + "-t" + t + "/";
                // Whose CPU each measure costs: a PUT through G also keeps S busy, a cold GET G2 and S.
                long[] putPids = target.node() && storagePid > 0 ? new long[] {target.pid(), storagePid} : new long[] {target.pid()};
                long[] hotPids = {target.pid()};
                long[] coldPids = storagePid > 0 && coldPid > 0 ? new long[] {coldPid, storagePid} : new long[0];
                long[] cpu = new long[6];
                List<String> smallKeys = new ArrayList<>();
                for (int i = 0; i < small; i++) {
                    smallKeys.add(prefix + "small-" + i);
                }
                // Fresh bytes for every object: no dedup and no fragment already on disk.
                random.nextBytes(big);
                long fills = target.node() ? target.cache().filled() : 0;
                long c = ProcessCpu.millis(putPids);
                long t0 = System.nanoTime();
                put(target, prefix + "big", big);
                long t1 = System.nanoTime();
                cpu[0] = ProcessCpu.millis(putPids) - c;
                long[] before = awaitFills(target, fills + bigSegments);
                c = ProcessCpu.millis(hotPids);
                long t2 = System.nanoTime();
                get(target.client(), target, prefix + "big", big);
                long t3 = System.nanoTime();
                cpu[1] = ProcessCpu.millis(hotPids) - c;
                long[] hotBig = hitsSince(target, before);
                double coldBig = Double.NaN;
                if (target.cold() != null) {
                    awaitVisible(target, List.of(prefix + "big"));
                    c = ProcessCpu.millis(coldPids);
                    long c0 = System.nanoTime();
                    get(target.cold(), target, prefix + "big", big);
                    coldBig = (System.nanoTime() - c0) / 1e9;
                    cpu[2] = ProcessCpu.millis(coldPids) - c;
                }
                for (byte[] s : smalls) {
                    random.nextBytes(s);
                }
                fills = target.node() ? target.cache().filled() : 0;
                c = ProcessCpu.millis(putPids);
                long t4 = System.nanoTime();
                parallel(pool, small, i -> put(target, smallKeys.get(i), smalls[i]));
                long t5 = System.nanoTime();
                cpu[3] = ProcessCpu.millis(putPids) - c;
                before = awaitFills(target, fills + small);
                c = ProcessCpu.millis(hotPids);
                long t6 = System.nanoTime();
                parallel(pool, small, i -> get(target.client(), target, smallKeys.get(i), smalls[i]));
                long t7 = System.nanoTime();
                cpu[4] = ProcessCpu.millis(hotPids) - c;
                long[] hotSmall = hitsSince(target, before);
                double coldSmall = Double.NaN;
                if (target.cold() != null) {
                    awaitVisible(target, smallKeys);
                    c = ProcessCpu.millis(coldPids);
                    long c0 = System.nanoTime();
                    parallel(pool, small, i -> get(target.cold(), target, smallKeys.get(i), smalls[i]));
                    coldSmall = (System.nanoTime() - c0) / 1e9;
                    cpu[5] = ProcessCpu.millis(coldPids) - c;
                }
                if (run >= 0) {
                    f.bigPut().add(bigBytes / ((t1 - t0) / 1e9) / 1e6);
                    f.bigGet().add(bigBytes / ((t3 - t2) / 1e9) / 1e6);
                    f.smallPut().add(small / ((t5 - t4) / 1e9));
                    f.smallGet().add(small / ((t7 - t6) / 1e9));
                    if (target.cold() != null) {
                        f.bigCold().add(bigBytes / coldBig / 1e6);
                        f.smallCold().add(small / coldSmall);
                    }
                    for (int i = 0; i < 3; i++) {
                        f.hot()[i] += hotBig[i] + hotSmall[i];
                    }
                    f.cpu("put", cpu[0], 1);
                    f.cpu("get", cpu[1], 1);
                    f.cpu("smallPut", cpu[3], small);
                    f.cpu("smallGet", cpu[4], small);
                    if (target.cold() != null && coldPids.length > 0) {
                        f.cpu("cold", cpu[2], 1);
                        f.cpu("smallCold", cpu[5], small);
                    }
                }
                parallel(pool, small, i -> target.client().deleteObject(d -> d.bucket(BUCKET).key(smallKeys.get(i))));
                target.client().deleteObject(d -> d.bucket(BUCKET).key(prefix + "big"));
                System.err.printf("run %d %s: %d MiB PUT %.2f s GET %.2f s cold %.2f s; %d × 1 MiB PUT %.2f s GET %.2f s "
                        + "cold %.2f s; hot reads' cache hits/misses/skipped fills %s %s%n", run, target.name(), bigBytes >> 20,
                        (t1 - t0) / 1e9, (t3 - t2) / 1e9, coldBig, small, (t5 - t4) / 1e9, (t7 - t6) / 1e9, coldSmall,
                        Arrays.toString(hotBig), Arrays.toString(hotSmall));
            }
        }
        pool.shutdown();
        String report = report(targets, figures, runs, warmup, bigBytes, concurrency)
                + String.format("%nMemory while uploading one %d MiB object to a freshly started server, before "
                + "any other request (VmRSS of the server process, sampled every 20 ms; both with the same -Xmx):%n%n"
                + "| target | RSS before | peak | growth | PUT time |%n|---|---|---|---|---|%n", rssBytes >> 20) + memory;
        System.out.println(report);
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), report);
        }
        targets.forEach(t -> {
            t.client().close();
            if (t.cold() != null) {
                t.cold().close();
            }
        });
    }

    static String report(List<Target> targets, List<Figures> figures, int runs, int warmup, int bigBytes, int concurrency) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("S3 API, AWS SDK for Java v2 (checksums WHEN_REQUIRED), medians of %d runs after %d "
                + "warm-up runs. Hot: GET through G, the gateway the object was PUT through, once its cache holds the "
                + "segments. Cold: GET through G2, a gateway without a cache (every segment from the miners on S).%n%n",
                runs, warmup));
        String size = (bigBytes >> 20) + " MiB";
        out.append("| target | " + size + " PUT MB/s | " + size + " GET hot MB/s | " + size + " GET cold MB/s | 1 MiB PUT "
                + "ops/s (" + concurrency + " concurrent) | 1 MiB GET hot ops/s | 1 MiB GET cold ops/s |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (int t = 0; t < targets.size(); t++) {
            Figures f = figures.get(t);
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", targets.get(t).name(), med(f.bigPut()),
                    med(f.bigGet()), med(f.bigCold()), med(f.smallPut()), med(f.smallGet()), med(f.smallCold())));
        }
        int peer = targets.size() - 1;
        Figures p = figures.get(peer);
        for (int t = 0; t < peer; t++) {
            Figures f = figures.get(t);
            out.append(String.format("| ratio (%s) / S3Proxy | %s | %s | %s | %s | %s | %s |%n", targets.get(t).name(),
                    ratio(f.bigPut(), p.bigPut()), ratio(f.bigGet(), p.bigGet()), ratio(f.bigCold(), p.bigGet()),
                    ratio(f.smallPut(), p.smallPut()), ratio(f.smallGet(), p.smallGet()), ratio(f.smallCold(), p.smallGet())));
        }
        out.append("\nS3Proxy has one GET: its filesystem backend reads the page cache either way; both node ratios "
                + "divide by it.\n\nEvery run, per target:\n\n");
        for (int t = 0; t < targets.size(); t++) {
            Figures f = figures.get(t);
            out.append(String.format("- %s: %s PUT %s, GET hot %s, cold %s; 1 MiB PUT %s, GET hot %s, cold %s%n",
                    targets.get(t).name(), size, Stats.runs(f.bigPut()), Stats.runs(f.bigGet()), Stats.runs(f.bigCold()),
                    Stats.runs(f.smallPut()), Stats.runs(f.smallGet()), Stats.runs(f.smallCold())));
        }
        out.append(String.format("%nServers' CPU per object (ms, user + system of every thread, /proc, summed over the "
                + "counted runs): PUT G + S, hot GET G, cold GET G2 + S; S3Proxy its own%n%n| target | %s PUT | %s GET hot "
                + "| %s GET cold | 1 MiB PUT | 1 MiB GET hot | 1 MiB GET cold |%n|---|---|---|---|---|---|---|%n", size, size, size));
        for (int t = 0; t < targets.size(); t++) {
            Figures f = figures.get(t);
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", targets.get(t).name(), f.cpuPerObject("put"),
                    f.cpuPerObject("get"), f.cpuPerObject("cold"), f.cpuPerObject("smallPut"), f.cpuPerObject("smallGet"),
                    f.cpuPerObject("smallCold")));
        }
        for (int t = 0; t < peer; t++) {
            long[] h = figures.get(t).hot();
            out.append(String.format("%nG's cache during the counted hot GETs of %s: %d segment hits, %d misses; %d fills "
                    + "skipped (queue full) before them.", targets.get(t).name(), h[0], h[1], h[2]));
        }
        return out.append("\n").toString();
    }

    private static String med(List<Double> v) {
        return v.isEmpty() ? "—" : Stats.f1(Stats.median(v));
    }

    private static String ratio(List<Double> ours, List<Double> peer) {
        return ours.isEmpty() ? "—" : Stats.f2(Stats.median(ours) / Stats.median(peer)) + "×";
    }

    /**
     * Until G's cache has taken (filled, skipped or refused) {@code until} segments in all since
     * it started, at most 30 s; returns its hits, misses and skipped fills then, for
     * {@link #hitsSince}. Nothing for S3Proxy.
     */
    static long[] awaitFills(Target t, long until) throws InterruptedException {
        if (!t.node()) {
            return new long[3];
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (t.cache().filled() < until) {
            if (System.nanoTime() > deadline) {
                System.err.println("G's cache took fewer segments than were uploaded within 30 s: " + t.cache().filled()
                        + " < " + until + "; some hot GETs will miss");
                break;
            }
            Thread.sleep(20);
        }
        return t.cache().hitsMissesSkipped();
    }

    /** Hits, misses and skipped fills since {@code before}. */
    static long[] hitsSince(Target t, long[] before) {
        if (!t.node()) {
            return new long[3];
        }
        long[] now = t.cache().hitsMissesSkipped();
        return new long[] {now[0] - before[0], now[1] - before[1], now[2] - before[2]};
    }

    /** Until G2 finds every key (its deal applied there: a block after the PUT), at most 60 s. */
    static void awaitVisible(Target t, List<String> keys) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String key : keys) {
            while (true) {
                try {
                    t.cold().headObject(headRequest(t, key));
                    break;
                } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                    if (e.statusCode() != 404 || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
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

    static HeadObjectRequest headRequest(Target t, String key) {
        HeadObjectRequest.Builder b = HeadObjectRequest.builder().bucket(BUCKET).key(key);
        if (t.encrypt()) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(keyMd5());
        }
        return b.build();
    }

    static void put(Target t, String key, byte[] body) {
        t.client().putObject(putRequest(t, key), RequestBody.fromBytes(body));
    }

    /** Reads the object back through {@code client} and fails unless it is exactly {@code expected}. */
    static void get(S3Client client, Target t, String key, byte[] expected) {
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(getRequest(t, key))) {
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

}
