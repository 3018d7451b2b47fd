package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import cess.storage.model.StorageCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The storage network of README's "A network on one machine" with each node on a host of its
 * own ({@link NetNs}): A (validator, gateway, broker, //Miner1-2 and 7-8) on host 0, B and C
 * (storage only, //Miner3-4 and //Miner5-6) on hosts 1 and 2, D (gateway only) on host 3. The
 * faults are the network's, made while every process keeps running: D cut from B's two miners
 * in the middle of an upload, and D cut from every miner (and every peer's cache) while it keeps
 * its broker link. Needs root, iproute2 and nftables; skipped, saying why, where namespaces
 * cannot be made; removes everything it made. Runs in the {@code multinode} profile, as CI does.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeStorageFaultIT {
    static final KeyPair ALICE = StorageNetwork.ALICE;
    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int D = 3;
    static final int SEGMENT = StorageNetwork.SEGMENT;
    static NetNs hosts;
    static StorageNetwork net;

    @BeforeAll
    static void network() throws Exception {
        try {
            hosts = NetNs.create(4);
        } catch (NetNs.Unsupported e) {
            System.err.println("MultiNodeStorageFaultIT skipped: " + e.getMessage());
            Assumptions.abort("network namespaces cannot be made here: " + e.getMessage());
        }
        net = new StorageNetwork(NodeProcess.freshDir("storage-faults"), hosts);
        // A miner that cannot be reached is given up on after 3 s, a peer's cache after 1 s.
        net.extra.addAll(List.of("-Dcess.fragment.timeout-ms=3000", "-Dcess.cache.peer-timeout-ms=1000", "-Xmx512m"));
        try {
            net.startAll(List.of("a", "b", "c", "d"));
            NodeApi a = net.node("a").api();
            String tx = a.submit(a.sign(ALICE, a.nextNonce(ALICE.address()), a.minFee(),
                    new StorageCall.GrantGateway(StorageNetwork.BOB.address()))).expect(202).json().getString("hash");
            assertEquals("included", a.awaitFinal(tx, Duration.ofSeconds(30)).getString("status"));
            net.settle(Duration.ofSeconds(30));
        } catch (Throwable e) {
            stopAll();
            throw e;
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (hosts != null) {
            hosts.heal();
        }
        if (net != null) {
            net.close();
            NodeProcess.keepLogsAndDelete(net.root, "storage-faults");
            net = null;
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    static String target(String name) {
        return "/api/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static NodeApi.Reply put(String node, String name, byte[] body) {
        NodeApi api = net.node(node).api();
        return api.request("PUT", target(name), body, api.signed(ALICE, "PUT", target(name), body, 300));
    }

    static HttpResponse<byte[]> get(String node, String fid, String... extra) {
        NodeApi api = net.node(node).api();
        String target = "/api/files/" + fid;
        String[] signed = api.signed(ALICE, "GET", target, null, 60);
        String[] headers = java.util.Arrays.copyOf(signed, signed.length + extra.length);
        System.arraycopy(extra, 0, headers, signed.length, extra.length);
        return api.requestBytes("GET", target, headers);
    }

    static byte[] ok(HttpResponse<byte[]> r) {
        assertTrue(r.statusCode() == 200 || r.statusCode() == 206, () -> r.statusCode() + " "
                + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    /** The miners named by a file's layout, segment by segment. */
    static List<Set<Address>> minersBySegment(String fid) {
        JsonObject location = net.node("a").api().get("/api/files/" + fid + "/location").expect(200).json();
        return location.getJsonArray("segments").stream().map(s -> {
            Set<Address> miners = new HashSet<>();
            for (JsonValue f : s.asJsonObject().getJsonArray("fragments")) {
                miners.add(Address.parse(f.asJsonObject().getString("miner")));
            }
            return miners;
        }).toList();
    }

    /** {@code body}, handed out 128 KiB every 100 ms; {@code halfway} opens once a third of it is read. */
    static final class SlowBody extends InputStream {
        private final byte[] body;
        private final CountDownLatch third;
        private int at;

        SlowBody(byte[] body, CountDownLatch third) {
            this.body = body;
            this.third = third;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= body.length) {
                return -1;
            }
            if (at > 0 && at % (128 << 10) == 0) {
                NodeApi.sleep(100);
            }
            int n = Math.min(Math.min(len, body.length - at), (128 << 10) - at % (128 << 10));
            System.arraycopy(body, at, b, off, n);
            at += n;
            if (at >= body.length / 3) {
                third.countDown();
            }
            return n;
        }
    }

    @Test
    @Order(1)
    void aGatewayCutFromTwoMinersMidUploadPlacesTheirFragmentsOnOthersAndTheObjectReadsBack() throws Exception {
        byte[] body = S3IT.random(12 * SEGMENT + 5, 40);
        String name = "cut-mid-upload-" + System.nanoTime();
        NodeApi d = net.node("d").api();
        String[] headers = d.signed(ALICE, "PUT", target(name), body, 600);
        CountDownLatch third = new CountDownLatch(1);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(d.base() + target(name))).timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new SlowBody(body, third)), body.length));
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        long failuresBefore = StorageNetwork.healthNumber(net.node("d"), "fragmentSendFailures");
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(third.await(60, TimeUnit.SECONDS), "the upload started");
        hosts.partition(List.of(D), List.of(B)); // D can no longer reach B's two miners; B still reaches everyone else
        HttpResponse<String> r;
        try {
            r = sent.get(5, TimeUnit.MINUTES);
        } finally {
            hosts.heal();
        }
        assertEquals(201, r.statusCode(), "the upload completes on other miners: " + r.body());
        String fid = Jsons.read(r.body()).getString("fid");
        net.settle(Duration.ofSeconds(60));

        Set<Address> onB = Set.of(KeyPair.dev("//Miner3").address(), KeyPair.dev("//Miner4").address());
        List<Set<Address>> layout = minersBySegment(fid);
        assertEquals(13, layout.size());
        for (Set<Address> miners : layout) {
            assertEquals(6, miners.size(), "six distinct miners per segment: " + layout);
        }
        for (Set<Address> miners : layout.subList(9, 13)) { // the cut came at a third of the body, about segment 4
            assertTrue(java.util.Collections.disjoint(miners, onB), "segments placed after the cut have no fragment on "
                    + "B's miners: " + layout);
        }
        long failures = StorageNetwork.healthNumber(net.node("d"), "fragmentSendFailures") - failuresBefore;
        assertTrue(failures >= 1 && failures <= 6, "B's miners cost the fragments in flight at the cut, not two a segment "
                + "from then on (" + failures + " failed sends): once failed, a miner is left out of placement a while");
        assertArrayEquals(body, ok(get("a", fid)), "the object reads back byte-identical through the other gateway");
        assertArrayEquals(body, ok(get("d", fid)));
    }

    @Test
    @Order(2)
    void aGatewayCutFromEveryMinerServesWhatItCachedAndRefusesTheRestClearly() throws Exception {
        byte[] mine = S3IT.random(3 * SEGMENT + 17, 41);
        byte[] theirs = S3IT.random(2 * SEGMENT + 3, 42);
        String cachedFid = put("d", "cached-on-d-" + System.nanoTime(), mine).expect(201).json().getString("fid");
        String otherFid = put("a", "only-on-a-" + System.nanoTime(), theirs).expect(201).json().getString("fid");
        net.settle(Duration.ofSeconds(60));
        long hitsBefore = StorageNetwork.healthNumber(net.node("d"), "cache.hits");

        // D keeps its broker link to A (the chain keeps coming) but reaches no node's HTTP: no miner, no peer cache.
        hosts.blockTcp(D, List.of(A, B, C), 8080);
        try {
            assertArrayEquals(mine, ok(get("d", cachedFid)), "what D cached it serves");
            assertArrayEquals(java.util.Arrays.copyOfRange(mine, SEGMENT - 2, 2 * SEGMENT + 2),
                    ok(get("d", cachedFid, "Range", "bytes=" + (SEGMENT - 2) + "-" + (2 * SEGMENT + 1))));
            assertTrue(StorageNetwork.healthNumber(net.node("d"), "cache.hits") >= hitsBefore + 4,
                    "from its cache: " + NetworkIT.health(net.node("d")));
            long started = System.nanoTime();
            HttpResponse<byte[]> refused = get("d", otherFid);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String why = new String(refused.body(), StandardCharsets.UTF_8);
            assertEquals(503, refused.statusCode(), why);
            JsonObject error = Jsons.read(why);
            assertEquals("unavailable", error.getString("error"), why);
            assertTrue(error.getString("message").contains("of the 4"), "it says how many fragments it could read: " + why);
            assertTrue(seconds < 60, "refused within a bound, not hung: " + seconds + " s");
        } finally {
            hosts.heal();
        }
        assertArrayEquals(theirs, ok(get("d", otherFid)), "healed, D reads the rest again");
    }

    /** JSON parsing for replies read outside {@link NodeApi}. */
    static final class Jsons {
        static JsonObject read(String s) {
            try (var r = jakarta.json.Json.createReader(new java.io.StringReader(s))) {
                return r.readObject();
            }
        }
    }
}
