package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.NodeRequest;
import cess.storage.model.StorageCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One storage network of five processes ({@link StorageNetwork}): A validator, gateway and broker
 * hosting //Miner1-2 and 7-8, B and C storage-only (//Miner3-4, //Miner5-6), D gateway-only, E
 * gateway-only without a segment cache. Objects written through one gateway are read
 * byte-identical through the other (S3 through the AWS SDK and the native API: whole, ranges,
 * SSE-C), listings agree, a second download comes from the gateway's cache and a gateway that
 * misses takes the segments from the peer that announced them (sealed bytes only), fragments lie
 * on B's and C's disks (two per node and segment, so any one node may go), C stopped costs no
 * download, a forged or unsigned fragment PUT is refused, and each node's missing role is named.
 * Nodes start once.
 * A hosts miners because 4+2 needs six distinct miners and three nodes of two spread each
 * segment two to a node: losing any one node loses two fragments, which Reed-Solomon tolerates.
 */
@Timeout(900)
class StorageNetworkIT {
    static final KeyPair ALICE = StorageNetwork.ALICE;
    static final KeyPair MALLORY = KeyPair.dev("//Mallory");
    static final Address MINER3 = KeyPair.dev("//Miner3").address();
    static final Address MINER4 = KeyPair.dev("//Miner4").address();
    static StorageNetwork net;

    @BeforeAll
    static void startTheNetwork() throws Exception {
        net = new StorageNetwork(NodeProcess.freshDir("storage-net"));
        try {
            net.startAll();
            // D's and E's accounts (Bob, Eve) store for Alice: she grants them, as any customer of a gateway does.
            NodeApi a = net.node("a").api();
            for (KeyPair gateway : List.of(StorageNetwork.BOB, StorageNetwork.EVE)) {
                String tx = a.submit(a.sign(ALICE, a.nextNonce(ALICE.address()), a.minFee(),
                        new StorageCall.GrantGateway(gateway.address()))).expect(202).json().getString("hash");
                assertEquals("included", a.awaitFinal(tx, Duration.ofSeconds(30)).getString("status"));
            }
            net.settle(Duration.ofSeconds(30));
        } catch (Throwable e) {
            net.close();
            throw e;
        }
    }

    @AfterAll
    static void stopTheNetwork() throws Exception {
        if (net != null) {
            net.closeKeepingLogs("storage-net");
        }
    }

    static S3Client s3(String node) {
        return net.s3(node);
    }

    static byte[] random(int n, long seed) {
        return S3IT.random(n, seed);
    }

    static String md5Base64(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Three and a half segments and a bit: ranges cross segment boundaries. */
    static final byte[] DATA = random(3 * StorageNetwork.SEGMENT + StorageNetwork.SEGMENT / 2 + 123, 20);
    static final byte[] SSE_KEY = random(32, 21);

    static byte[] range(S3Client s3, String bucket, String key, long from, long to) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to)).asByteArray();
    }

    @Test
    void anS3ObjectWrittenThroughOneGatewayReadsByteIdenticalThroughTheOtherWholeRangedAndSseC() throws Exception {
        String bucket = "net-s3-" + System.nanoTime();
        String k64 = Base64.getEncoder().encodeToString(SSE_KEY);
        String kMd5 = md5Base64(SSE_KEY);
        try (S3Client viaA = s3("a"); S3Client viaD = s3("d")) {
            viaA.createBucket(b -> b.bucket(bucket));
            viaA.putObject(b -> b.bucket(bucket).key("plain.bin"), RequestBody.fromBytes(DATA));
            viaA.putObject(b -> b.bucket(bucket).key("sealed.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(k64)
                    .sseCustomerKeyMD5(kMd5), RequestBody.fromBytes(DATA));
            // D (no miners of its own) writes too: its fragments can only go to other nodes' miners.
            viaD.putObject(b -> b.bucket(bucket).key("from-d.bin"), RequestBody.fromBytes(DATA));
            net.settle(Duration.ofSeconds(30));

            assertArrayEquals(DATA, viaD.getObjectAsBytes(b -> b.bucket(bucket).key("plain.bin")).asByteArray());
            assertArrayEquals(DATA, viaA.getObjectAsBytes(b -> b.bucket(bucket).key("from-d.bin")).asByteArray());
            long seg = StorageNetwork.SEGMENT;
            for (long[] r : new long[][] {{0, 0}, {seg - 5, seg + 5}, {seg, 3 * seg - 1}, {DATA.length - 10, DATA.length - 1}}) {
                assertArrayEquals(java.util.Arrays.copyOfRange(DATA, (int) r[0], (int) r[1] + 1),
                        range(viaD, bucket, "plain.bin", r[0], r[1]), "range " + r[0] + "-" + r[1]);
            }
            byte[] sealed = viaD.getObjectAsBytes(b -> b.bucket(bucket).key("sealed.bin").sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(k64).sseCustomerKeyMD5(kMd5)).asByteArray();
            assertArrayEquals(DATA, sealed, "SSE-C through the other gateway, with the customer's key");
            byte[] sealedRange = viaD.getObjectAsBytes(b -> b.bucket(bucket).key("sealed.bin").range("bytes=1000-"
                    + (2 * seg + 7)).sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(kMd5)).asByteArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(DATA, 1000, (int) (2 * seg + 8)), sealedRange);
            S3Exception noKey = assertThrows(S3Exception.class,
                    () -> viaD.getObjectAsBytes(b -> b.bucket(bucket).key("sealed.bin")));
            assertEquals(400, noKey.statusCode(), noKey::getMessage);
            byte[] other = random(32, 22);
            String otherMd5 = md5Base64(other);
            S3Exception wrongKey = assertThrows(S3Exception.class, () -> viaD.getObjectAsBytes(b -> b.bucket(bucket)
                    .key("sealed.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(Base64.getEncoder().encodeToString(other))
                    .sseCustomerKeyMD5(otherMd5)));
            assertEquals(403, wrongKey.statusCode(), wrongKey::getMessage);
        }
    }

    @Test
    void bucketAndObjectListingsAgreeOnBothGateways() {
        String bucket = "net-list-" + System.nanoTime();
        try (S3Client viaA = s3("a"); S3Client viaD = s3("d")) {
            viaD.createBucket(b -> b.bucket(bucket));
            for (String k : List.of("a.txt", "dir/b.txt", "dir/c.txt", "z.txt")) {
                (k.startsWith("dir") ? viaA : viaD).putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("body of " + k));
            }
            net.settle(Duration.ofSeconds(30));
            List<String> onA = viaA.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(o -> o.key() + " " + o.size() + " " + o.eTag()).toList();
            List<String> onD = viaD.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(o -> o.key() + " " + o.size() + " " + o.eTag()).toList();
            assertEquals(4, onA.size(), onA::toString);
            assertEquals(onA, onD);
            assertEquals(viaA.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes(),
                    viaD.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes());
            assertEquals(viaA.listBuckets().buckets().stream().map(x -> x.name()).toList(),
                    viaD.listBuckets().buckets().stream().map(x -> x.name()).toList());
            viaA.deleteObject(b -> b.bucket(bucket).key("z.txt"));
            net.settle(Duration.ofSeconds(30));
            assertEquals(List.of("a.txt", "dir/b.txt", "dir/c.txt"),
                    viaD.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList(),
                    "a delete through A shows on D");
        }
        JsonObject listA = nativeList("a");
        assertEquals(listA.getJsonArray("files"), nativeList("d").getJsonArray("files"), "the native listings agree");
    }

    static JsonObject nativeList(String node) {
        NodeApi api = net.node(node).api();
        String target = "/api/files?owner=" + ALICE.address().ss58() + "&limit=10000";
        return api.request("GET", target, null, api.signed(ALICE, "GET", target, null, 60)).expect(200).json();
    }

    static NodeApi.Reply nativePut(String node, String name, byte[] body, String... extra) {
        return net.put(node, name, body, extra);
    }

    static HttpResponse<byte[]> nativeGet(String node, String fid, String... extra) {
        return net.get(node, fid, extra);
    }

    static byte[] ok(HttpResponse<byte[]> r) {
        assertTrue(r.statusCode() == 200 || r.statusCode() == 206, () -> r.statusCode() + " "
                + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    @Test
    void theNativeApiLikewiseBothWaysWithRangesAndAnEncryptionKey() {
        String key = Base64.getEncoder().encodeToString(SSE_KEY);
        String fromA = nativePut("a", "native-a-" + System.nanoTime(), DATA, "Cipher-Key", key).expect(201).json().getString("fid");
        byte[] other = random(StorageNetwork.SEGMENT * 2 + 77, 23);
        String fromD = nativePut("d", "native-d-" + System.nanoTime(), other).expect(201).json().getString("fid");
        net.settle(Duration.ofSeconds(30));
        assertArrayEquals(DATA, ok(nativeGet("d", fromA, "Cipher-Key", key)));
        assertArrayEquals(java.util.Arrays.copyOfRange(DATA, 5, StorageNetwork.SEGMENT + 9),
                ok(nativeGet("d", fromA, "Cipher-Key", key, "Range", "bytes=5-" + (StorageNetwork.SEGMENT + 8))));
        assertEquals(400, nativeGet("d", fromA).statusCode(), "an encrypted file needs its key");
        assertArrayEquals(other, ok(nativeGet("a", fromD)));
        assertArrayEquals(java.util.Arrays.copyOfRange(other, other.length - 100, other.length),
                ok(nativeGet("a", fromD, "Range", "bytes=-100")));
        assertEquals(net.node("a").api().get("/api/files/" + fromD + "/location").expect(200).json(),
                net.node("d").api().get("/api/files/" + fromD + "/location").expect(200).json());
    }

    /** Segment by segment, the node hosting each fragment of a file (as the chain records it). */
    static List<Map<String, Integer>> spread(JsonObject location) {
        List<Map<String, Integer>> out = new ArrayList<>();
        for (JsonValue s : location.getJsonArray("segments")) {
            Map<String, Integer> perNode = new HashMap<>();
            for (JsonValue f : s.asJsonObject().getJsonArray("fragments")) {
                Address miner = Address.parse(f.asJsonObject().getString("miner"));
                perNode.merge(net.hostOf.get(miner), 1, Integer::sum);
                assertTrue(Files.isRegularFile(net.fragmentFile(miner, f.asJsonObject().getString("hash"))),
                        "fragment " + f + " is on the disk of node " + net.hostOf.get(miner));
            }
            out.add(perNode);
        }
        return out;
    }

    @Test
    void fragmentsLieOnTheStorageNodesDisksTwoPerNodeAndSegmentAndAStoppedStorageNodeCostsNoDownload() throws Exception {
        String bucket = "net-down-" + System.nanoTime();
        String k64 = Base64.getEncoder().encodeToString(SSE_KEY);
        String kMd5 = md5Base64(SSE_KEY);
        String fid = nativePut("d", "spread-" + System.nanoTime(), DATA).expect(201).json().getString("fid");
        try (S3Client viaA = s3("a")) {
            viaA.createBucket(b -> b.bucket(bucket));
            viaA.putObject(b -> b.bucket(bucket).key("sealed.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(k64)
                    .sseCustomerKeyMD5(kMd5), RequestBody.fromBytes(DATA));
        }
        net.settle(Duration.ofSeconds(30));
        List<Map<String, Integer>> spread = spread(net.node("a").api().get("/api/files/" + fid + "/location").expect(200).json());
        assertEquals(4, spread.size());
        for (Map<String, Integer> s : spread) {
            assertEquals(Map.of("a", 2, "b", 2, "c", 2), s, "each segment two fragments to a node: " + spread);
        }
        try (var files = Files.walk(net.dataDir("d"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().matches("[0-9a-f]{64}")),
                    "the gateway-only node stores no fragment");
        }

        // Read through E, which keeps no cache: every segment comes from the miners, C's two through parity.
        long degradedBefore = StorageNetwork.healthNumber(net.node("e"), "degradedSegmentReads");
        net.stop("c");
        try (S3Client viaE = s3("e")) {
            assertArrayEquals(DATA, ok(nativeGet("e", fid)), "C's two fragments of each segment are rebuilt from parity");
            assertArrayEquals(DATA, viaE.getObjectAsBytes(b -> b.bucket(bucket).key("sealed.bin").sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(k64).sseCustomerKeyMD5(kMd5)).asByteArray());
            assertArrayEquals(java.util.Arrays.copyOfRange(DATA, 10, 2 * StorageNetwork.SEGMENT),
                    viaE.getObjectAsBytes(b -> b.bucket(bucket).key("sealed.bin").range("bytes=10-" + (2 * StorageNetwork.SEGMENT - 1))
                            .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(kMd5)).asByteArray());
        } finally {
            net.start("c", "c-again"); // the same data directory and port: the other tests find C's miners again
        }
        long degraded = StorageNetwork.healthNumber(net.node("e"), "degradedSegmentReads");
        assertTrue(degraded >= degradedBefore + 8, "the reads went through parity: " + degradedBefore + " -> " + degraded);
        assertEquals(0, StorageNetwork.healthNumber(net.node("e"), "cache.hits") + StorageNetwork.healthNumber(net.node("e"),
                "cache.peerHits"), "E has no cache and asks no peer");
        assertArrayEquals(DATA, ok(nativeGet("e", fid)), "C is back");
    }

    /** Whether any file under {@code dir} contains {@code needle}. */
    static boolean anyFileContains(Path dir, byte[] needle) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                for (int i = 0; i + needle.length <= b.length; i++) {
                    if (b[i] == needle[0] && java.util.Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static long cache(String node, String counter) {
        return StorageNetwork.healthNumber(net.node(node), "cache." + counter);
    }

    @Test
    void aSecondDownloadComesFromTheCacheAndAGatewayThatMissesTakesThePeersSealedSegments() throws Exception {
        int seg = StorageNetwork.SEGMENT;
        byte[] plain = random(2 * seg + 999, 30);
        byte[] secret = random(2 * seg + 999, 31);
        String key = Base64.getEncoder().encodeToString(SSE_KEY);
        long heard = cache("d", "segmentsPeersHold");
        String plainFid = nativePut("a", "cached-plain-" + System.nanoTime(), plain).expect(201).json().getString("fid");
        String sealedFid = nativePut("a", "cached-sealed-" + System.nanoTime(), secret, "Cipher-Key", key).expect(201)
                .json().getString("fid");
        net.settle(Duration.ofSeconds(30));
        // A cached what it wrote and announces it (in batches every 0.5 s); D hears it.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cache("d", "segmentsPeersHold") < heard + 6) {
            assertTrue(System.nanoTime() < deadline, "A's six new segments cached and announced to D: "
                    + NetworkIT.health(net.node("a")) + " / " + NetworkIT.health(net.node("d")));
            NodeApi.sleep(200);
        }

        long peerHits = cache("d", "peerHits");
        long served = cache("a", "segmentsServedToPeers");
        assertArrayEquals(plain, ok(nativeGet("d", plainFid)), "D missed and took A's cached segments");
        assertArrayEquals(secret, ok(nativeGet("d", sealedFid, "Cipher-Key", key)));
        assertEquals(peerHits + 6, cache("d", "peerHits"), "each of the six segments from the peer");
        assertEquals(served + 6, cache("a", "segmentsServedToPeers"));

        long hits = cache("d", "hits");
        long misses = cache("d", "misses");
        long degraded = StorageNetwork.healthNumber(net.node("d"), "degradedSegmentReads");
        assertArrayEquals(plain, ok(nativeGet("d", plainFid)), "the second download, from D's own cache");
        assertArrayEquals(secret, ok(nativeGet("d", sealedFid, "Cipher-Key", key)));
        assertArrayEquals(java.util.Arrays.copyOfRange(secret, seg - 3, seg + 4),
                ok(nativeGet("d", sealedFid, "Cipher-Key", key, "Range", "bytes=" + (seg - 3) + "-" + (seg + 3))),
                "a range of a cached encrypted object");
        assertTrue(cache("d", "hits") >= hits + 6, "hits " + hits + " -> " + cache("d", "hits"));
        assertEquals(misses, cache("d", "misses"), "no segment missed the second time");
        assertEquals(degraded, StorageNetwork.healthNumber(net.node("d"), "degradedSegmentReads"), "nothing rebuilt");
        assertEquals(400, nativeGet("d", sealedFid).statusCode(), "a cached encrypted object still needs its key");

        for (String node : List.of("a", "d")) {
            assertTrue(anyFileContains(net.cacheDir(node), java.util.Arrays.copyOfRange(plain, seg, seg + 4096)),
                    node + "'s cache holds the plain object's bytes (the scan finds what is there)");
            for (int at : new int[] {0, seg, 2 * seg}) {
                assertFalse(anyFileContains(net.cacheDir(node), java.util.Arrays.copyOfRange(secret, at, at + 64)),
                        node + "'s cache holds no plaintext of the encrypted object (offset " + at + ")");
            }
        }
    }

    /** The node-signature headers of a fragment request to {@code miner}, signed by {@code signer} as {@code claimed}. */
    static String[] nodeHeaders(KeyPair signer, Address claimed, String method, Hash hash, Address miner, long expires) {
        String path = "/api/fragments/" + hash.hex();
        return new String[] {NodeRequest.NODE_HEADER, claimed.ss58(), NodeRequest.EXPIRES_HEADER, Long.toString(expires),
                NodeRequest.SIGNATURE_HEADER, signer.sign(NodeRequest.payload(method, path, miner, expires)).hex(),
                "Content-Type", "application/octet-stream"};
    }

    @Test
    void aForgedOrUnsignedFragmentPutIsRefusedAndStoresNothing() {
        NodeApi b = net.node("b").api();
        byte[] data = random(4096, 24);
        Hash hash = new ChunkTree.Hasher().update(data, 0, data.length).finish();
        String target = "/api/fragments/" + hash.hex() + "?miner=" + MINER3.ss58();
        long soon = System.currentTimeMillis() + 60_000;
        b.request("PUT", target, data, "Content-Type", "application/octet-stream").error(401, "unauthorized");
        b.request("PUT", target, data, nodeHeaders(MALLORY, ALICE.address(), "PUT", hash, MINER3, soon))
                .error(401, "unauthorized"); // claims to be Alice, signed by another key
        b.request("PUT", target, data, nodeHeaders(ALICE, ALICE.address(), "PUT", hash, MINER4, soon))
                .error(401, "unauthorized"); // Alice's signature, for another miner
        b.request("PUT", target, data, nodeHeaders(ALICE, ALICE.address(), "GET", hash, MINER3, soon))
                .error(401, "unauthorized"); // Alice's signature, for a read
        b.request("PUT", target, data, nodeHeaders(ALICE, ALICE.address(), "PUT", hash, MINER3, soon - 120_000))
                .error(401, "unauthorized"); // expired
        String why = b.request("PUT", target, data, nodeHeaders(MALLORY, MALLORY.address(), "PUT", hash, MINER3, soon))
                .error(403, "forbidden"); // a good signature of an account of no standing
        assertTrue(why.contains("neither a validator, a registered miner nor a gateway"), why);
        assertFalse(Files.exists(net.fragmentFile(MINER3, hash.hex())), "nothing was stored");
        b.request("GET", target, null, nodeHeaders(ALICE, ALICE.address(), "GET", hash, MINER3, soon)).expect(404);

        // A validator's PUT is taken, and the fragment, which no file names, may be dropped again.
        b.request("PUT", target, data, nodeHeaders(ALICE, ALICE.address(), "PUT", hash, MINER3, soon)).expect(201);
        assertTrue(Files.exists(net.fragmentFile(MINER3, hash.hex())));
        b.request("DELETE", target, null, nodeHeaders(ALICE, ALICE.address(), "DELETE", hash, MINER3, soon)).expect(204);
        assertFalse(Files.exists(net.fragmentFile(MINER3, hash.hex())));
    }

    @Test
    void aFragmentAFileNamesIsNotDroppedOnRequest() {
        String fid = nativePut("a", "kept-" + System.nanoTime(), random(5000, 25)).expect(201).json().getString("fid");
        net.settle(Duration.ofSeconds(30));
        JsonObject loc = net.node("a").api().get("/api/files/" + fid + "/location").expect(200).json();
        for (JsonValue f : loc.getJsonArray("segments").getJsonObject(0).getJsonArray("fragments")) {
            Address miner = Address.parse(f.asJsonObject().getString("miner"));
            if (!net.hostOf.get(miner).equals("b")) {
                continue;
            }
            Hash hash = Hash.parse(f.asJsonObject().getString("hash"));
            String target = "/api/fragments/" + hash.hex() + "?miner=" + miner.ss58();
            net.node("b").api().request("DELETE", target, null, nodeHeaders(ALICE, ALICE.address(), "DELETE", hash, miner,
                    System.currentTimeMillis() + 60_000)).error(409, "fragment_in_use");
            assertTrue(Files.exists(net.fragmentFile(miner, hash.hex())));
        }
        assertArrayEquals(random(5000, 25), ok(nativeGet("d", fid)));
    }

    @Test
    void eachNodeNamesTheRoleItDoesNotPlay() {
        NodeApi b = net.node("b").api();
        String target = "/api/files?owner=" + ALICE.address().ss58();
        String why = b.request("GET", target, null, b.signed(ALICE, "GET", target, null, 60)).error(501, "role_missing");
        assertTrue(why.contains("gateway role") && why.contains("cess.roles=storage"), why);
        b.request("PUT", "/api/files?name=x", new byte[] {1}).error(501, "role_missing");
        try (S3Client viaB = s3("b")) {
            S3Exception e = assertThrows(S3Exception.class, viaB::listBuckets);
            assertEquals(501, e.statusCode());
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode(), e::getMessage);
        }
        NodeApi d = net.node("d").api();
        String fragment = "/api/fragments/" + Hash.ZERO.hex() + "?miner=" + MINER3.ss58();
        why = d.request("PUT", fragment, new byte[] {1}, "Content-Type", "application/octet-stream").error(501, "role_missing");
        assertTrue(why.contains("storage role"), why);
        for (Map.Entry<String, String> e : Map.of("a", "gateway,storage,consensus", "b", "storage", "c", "storage",
                "d", "gateway", "e", "gateway").entrySet()) {
            assertEquals(e.getValue(), NetworkIT.health(net.node(e.getKey())).getString("roles"), e.getKey());
            assertEquals(Set.of(200), Set.of(net.node(e.getKey()).api().get("/health").status()), e.getKey() + " is up");
        }
        assertEquals(0, StorageNetwork.healthNumber(net.node("d"), "hostedMiners"));
        assertEquals(2, StorageNetwork.healthNumber(net.node("b"), "hostedMiners"));
    }
}
