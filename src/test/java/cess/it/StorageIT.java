package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.cli.Cli;
import cess.gateway.model.SignedRequest;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.Names;
import cess.storage.model.StorageCall;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The native storage API on a real Payara Micro with the devnet's eight hosted miners, segments of
 * 1 MiB (so that segment boundaries and many-segment files are cheap to test) and RS 4+2:
 * round trips at the edges, ranges, encryption, degraded and corrupt reads, territory limits,
 * signatures, and refusals that leave nothing behind.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StorageIT {
    static final int SEGMENT = 1 << 20;
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final KeyPair DAVE = KeyPair.dev("//Dave");
    static final Path MINERS = Path.of(System.getProperty("cess.it.dir"), "arquillian-node", "miners");
    static final Path CACHE = Path.of(System.getProperty("cess.it.dir"), "arquillian-node", "cache", "segments");

    @ArquillianResource
    URL url;
    NodeApi api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("cess.war")));
    }

    @BeforeEach
    void client() {
        api = new NodeApi(url.toString());
    }

    /** Payara serves health at the server root, outside the application's context. */
    NodeApi root() {
        return new NodeApi(url.getProtocol() + "://" + url.getHost() + ":" + url.getPort());
    }

    long healthNumber(String name) {
        var v = root().get("/health").json().getJsonArray("checks").getJsonObject(0).getJsonObject("data").get(name);
        return Long.parseLong(v.toString().replace("\"", ""));
    }

    /** Waits until health counter {@code name} reaches {@code atLeast} (the cache fills in the background). */
    void awaitHealth(String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (healthNumber(name) < atLeast) {
            assertTrue(System.nanoTime() < deadline, name + " stayed below " + atLeast + ": " + healthNumber(name));
            Thread.sleep(50);
        }
    }

    /** The segment cache's files. */
    static List<Path> cacheFiles() throws IOException {
        if (!Files.exists(CACHE)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.walk(CACHE)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).collect(java.util.stream.Collectors.toList());
        }
    }

    /** Empties the segment cache by deleting its files, so that the next reads go to the fragments. */
    static void dropCache() throws IOException {
        for (Path p : cacheFiles()) {
            Files.deleteIfExists(p);
        }
    }

    static Path cacheFile(String segmentHash) {
        String hex = segmentHash.substring(2);
        return CACHE.resolve(hex.substring(0, 2)).resolve(hex + ".seg");
    }

    /** The fragment files of an object, moved aside (as if every miner were cut off) until the returned action. */
    List<Path[]> moveFragmentsAway(String fid) throws IOException {
        List<Path[]> moved = new ArrayList<>();
        for (var seg : api.get("/api/files/" + fid + "/location").expect(200).json().getJsonArray("segments")) {
            for (var f : seg.asJsonObject().getJsonArray("fragments")) {
                String hex = f.asJsonObject().getString("hash").substring(2);
                Path file = MINERS.resolve(f.asJsonObject().getString("miner")).resolve(hex.substring(0, 2)).resolve(hex);
                Path away = file.resolveSibling(hex + ".away");
                Files.move(file, away, StandardCopyOption.ATOMIC_MOVE);
                moved.add(new Path[] {file, away});
            }
        }
        return moved;
    }

    static void moveBack(List<Path[]> moved) throws IOException {
        for (Path[] m : moved) {
            Files.move(m[1], m[0], StandardCopyOption.ATOMIC_MOVE);
        }
    }

    List<String> segmentHashes(String fid) {
        return api.get("/api/files/" + fid + "/location").expect(200).json().getJsonArray("segments").stream()
                .map(v -> v.asJsonObject().getString("hash")).toList();
    }

    /** An account's objects as "bucket/name=fid" lines: what a refusal must leave unchanged. */
    java.util.Set<String> objects(KeyPair who) {
        return list(who).expect(200).json().getJsonArray("files").stream()
                .map(f -> f.asJsonObject().getString("bucket") + "/" + f.asJsonObject().getString("name") + "="
                        + f.asJsonObject().getString("fid"))
                .collect(java.util.stream.Collectors.toSet());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The account's listing, signed by it. */
    NodeApi.Reply list(KeyPair who) {
        String target = "/api/files?owner=" + who.address().ss58();
        return api.request("GET", target, null, api.signed(who, "GET", target, null, 60));
    }

    NodeApi.Reply put(KeyPair who, String name, byte[] body, String... extra) {
        String path = "/api/files";
        String target = name.isEmpty() ? path : path + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        String[] sig = api.signed(who, "PUT", target, body, 300);
        String[] headers = Stream.concat(Stream.of(sig), Stream.of(extra)).toArray(String[]::new);
        return api.request("PUT", target, body, headers);
    }

    /** The bytes of a file (and query) that Alice owns, read with her signature. */
    byte[] get(String fid, String... headers) {
        return get(ALICE, fid, headers);
    }

    byte[] get(KeyPair owner, String fid, String... headers) {
        HttpResponse<byte[]> r = signedGet(owner, "/api/files/" + fid, headers);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    /** GET {@code target} signed by {@code who}, with extra headers. */
    HttpResponse<byte[]> signedGet(KeyPair who, String target, String... extra) {
        String[] headers = Stream.concat(Stream.of(api.signed(who, "GET", target, null, 60)), Stream.of(extra))
                .toArray(String[]::new);
        return api.requestBytes("GET", target, headers);
    }

    static java.util.Set<Path> fragmentFileSet() throws IOException {
        if (!Files.exists(MINERS)) {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> s = Files.walk(MINERS)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /** Fragment files present now that were not in {@code before}. */
    static java.util.Set<Path> added(java.util.Set<Path> before) throws IOException {
        java.util.Set<Path> now = fragmentFileSet();
        now.removeAll(before);
        return now;
    }

    @Test
    void roundTripsAtTheEdgesOfSegments() {
        int[] sizes = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 12345};
        for (int size : sizes) {
            byte[] data = random(size, size);
            JsonObject r = put(ALICE, "edge-" + size + ".bin", data).expect(201).json();
            assertEquals(size, r.getJsonNumber("size").longValue());
            String fid = r.getString("fid");
            assertArrayEquals(data, get(fid), "read-after-write of " + size + " bytes");
            JsonObject meta = api.get("/api/files/" + fid + "/metadata").expect(200).json();
            assertEquals(size, meta.getJsonNumber("size").longValue());
            assertEquals((size + SEGMENT - 1) / SEGMENT, meta.getInt("segments"));
            JsonObject loc = api.get("/api/files/" + fid + "/location").expect(200).json();
            for (var seg : loc.getJsonArray("segments")) {
                var frags = seg.asJsonObject().getJsonArray("fragments");
                assertEquals(6, frags.size());
                assertEquals(6, frags.stream().map(f -> f.asJsonObject().getString("miner")).distinct().count(),
                        "fragments of a segment sit on distinct miners");
            }
        }
    }

    @Test
    void aHundredMebibyteObjectRoundTripsAndBecomesFinal() throws Exception {
        byte[] data = random(100 << 20, 100);
        String fid = put(ALICE, "big.bin", data).expect(201).json().getString("fid");
        assertArrayEquals(Hash.sha256(data).bytes(), Hash.sha256(get(fid)).bytes());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!api.get("/api/files/" + fid + "/metadata").expect(200).json().getBoolean("final")) {
            assertTrue(System.nanoTime() < deadline, "deal not final in 30 s");
            Thread.sleep(200);
        }
    }

    static byte[] form(String boundary, String fields, String filename, byte[] file, String after) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes((fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + after).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void multipartFormBodiesStreamTheirFilePart() throws Exception {
        String type = "Content-Type";
        String formType = "multipart/form-data; boundary=----cess7MA4YWxk";
        byte[] data = random(SEGMENT + 5, 61);
        NodeApi.Reply r = put(ALICE, "", form("----cess7MA4YWxk", "", "report.pdf", data, "--\r\n"), type, formType);
        JsonObject json = r.expect(201).json();
        assertEquals("report.pdf", json.getString("name"), "the name defaults to the file part's file name");
        assertEquals(data.length, json.getJsonNumber("size").longValue());
        assertArrayEquals(data, get(json.getString("fid")));
        // A name field before the file wins over the file name; the query wins over both.
        String field = "------cess7MA4YWxk\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nrenamed.pdf\r\n";
        byte[] small = random(1000, 62);
        assertEquals("renamed.pdf", put(ALICE, "", form("----cess7MA4YWxk", field, "report.pdf", small, "--"),
                type, formType).expect(201).json().getString("name"));
        assertEquals("query.pdf", put(ALICE, "query.pdf", form("----cess7MA4YWxk", field, "report.pdf", small, "--"),
                type, formType).expect(201).json().getString("name"));
        assertTrue(objects(ALICE).stream().anyMatch(o -> o.startsWith(Names.defaultBucket(ALICE.address()) + "/renamed.pdf=")));

        // Malformed forms are refused and leave nothing behind, even after the file was streamed.
        var before = objects(ALICE);
        java.util.Set<Path> files = fragmentFileSet();
        byte[] big = random(2 * SEGMENT, 63);
        String partAfter = "\r\nContent-Disposition: form-data; name=\"bucket\"\r\n\r\nx\r\n------cess7MA4YWxk--";
        put(ALICE, "", form("----cess7MA4YWxk", "", "late.bin", big, partAfter), type, formType)
                .error(400, "malformed_multipart");
        byte[] cut = form("----cess7MA4YWxk", "", "cut.bin", big, "--");
        put(ALICE, "", Arrays.copyOf(cut, cut.length - 30), type, formType).error(400, "malformed_multipart");
        put(ALICE, "", field.getBytes(StandardCharsets.UTF_8), type, formType).error(400, "malformed_multipart");
        put(ALICE, "", (field + "------cess7MA4YWxk--").getBytes(StandardCharsets.UTF_8), type, formType)
                .error(400, "missing_file");
        put(ALICE, "", small, type, "multipart/form-data").error(400, "malformed_multipart");
        String unknown = "------cess7MA4YWxk\r\nContent-Disposition: form-data; name=\"owner\"\r\n\r\nme\r\n";
        put(ALICE, "", form("----cess7MA4YWxk", unknown, "x.pdf", small, "--"), type, formType)
                .error(400, "unknown_field");
        Thread.sleep(300);
        assertEquals(before, objects(ALICE), "nothing stored");
        assertEquals(java.util.Set.of(), added(files), "no fragment left behind");
    }

    String minerState(KeyPair miner, String field) {
        return api.get("/api/storage/miners?pending=true").expect(200).json().getJsonArray("miners").stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("account").equals(miner.address().ss58()))
                .findFirst().orElseThrow().getString(field);
    }

    NodeApi.Reply send(KeyPair who, cess.ledger.model.Call call) {
        return api.submit(api.sign(who, api.nextNonce(who.address()), api.minFee(), call));
    }

    @Test
    void aFrozenMinerTakesNoFragmentsUntilItsStakeCoversItsSpaceAndMinersMove() throws Exception {
        KeyPair miner = KeyPair.dev("//Miner1");
        java.util.List<KeyPair> frozen = java.util.List.of(miner, KeyPair.dev("//Miner2"), KeyPair.dev("//Miner3"));
        // Declaring 2 TiB on the stake of 1 freezes a miner; with three of the eight frozen and
        // RS 4+2 a segment has nowhere to put its sixth fragment, and the upload is refused whole.
        for (KeyPair m : frozen) {
            send(m, new StorageCall.DeclareSpace(2 * cess.storage.model.StorageParams.TIB)).expect(202);
            assertEquals("frozen", minerState(m, "state"));
        }
        var before = objects(ALICE);
        java.util.Set<Path> files = fragmentFileSet();
        put(ALICE, "frozen.bin", random(3 * SEGMENT, 71)).error(503, "unavailable");
        Thread.sleep(300);
        assertEquals(before, objects(ALICE), "nothing stored");
        assertEquals(java.util.Set.of(), added(files), "no fragment left behind");
        // More stake thaws one; a segment needs all six positive miners then, so it places a fragment on it.
        thaw(miner);
        String fid = put(ALICE, "thawed.bin", random(SEGMENT, 72)).expect(201).json().getString("fid");
        assertTrue(api.get("/api/files/" + fid + "/location").json().toString().contains(miner.address().ss58()));
        thaw(frozen.get(1));
        thaw(frozen.get(2));
        // A miner that moves says so on chain; JSON transactions carry the new calls too.
        KeyPair other = KeyPair.dev("//Miner2");
        String endpoint = minerState(other, "endpoint");
        send(other, new StorageCall.UpdateMiner("https://miner2.example:8443")).expect(202);
        assertEquals("https://miner2.example:8443", minerState(other, "endpoint"));
        send(other, new StorageCall.UpdateMiner(endpoint)).expect(202);
        send(other, new StorageCall.UpdateMiner("gopher://x")).error(400, "invalid_argument");
        assertEquals(endpoint, minerState(other, "endpoint"));
    }

    /** Stakes enough for the 2 TiB declared, with room for a slash the miner took meanwhile (its audits run on). */
    private void thaw(KeyPair m) {
        api.submit(api.transfer(ALICE, m.address(), cess.shared.Amount.cess(9000),
                api.nextNonce(ALICE.address()))).expect(202);
        send(m, new StorageCall.AddStake(cess.shared.Amount.cess(8000))).expect(202);
        assertEquals("positive", minerState(m, "state"));
    }

    @Test
    void rangesFetchTheBytesAsked() {
        byte[] data = random(3 * SEGMENT + 100, 7);
        String fid = put(ALICE, "ranges.bin", data).expect(201).json().getString("fid");
        String[][] cases = {{"bytes=0-0", "0", "0"}, {"bytes=1048570-1048590", "1048570", "1048590"},
            {"bytes=3145700-", "3145700", Integer.toString(data.length - 1)},
            {"bytes=-50", Integer.toString(data.length - 50), Integer.toString(data.length - 1)},
            {"bytes=10-99999999", "10", Integer.toString(data.length - 1)}};
        for (String[] c : cases) {
            HttpResponse<byte[]> r = signedGet(ALICE, "/api/files/" + fid, "Range", c[0]);
            assertEquals(206, r.statusCode(), c[0]);
            int from = Integer.parseInt(c[1]);
            int to = Integer.parseInt(c[2]);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, from, to + 1), r.body(), c[0]);
            assertEquals("bytes " + from + "-" + to + "/" + data.length, r.headers().firstValue("Content-Range").orElseThrow());
        }
        HttpResponse<byte[]> bad = signedGet(ALICE, "/api/files/" + fid, "Range", "bytes=" + data.length + "-");
        assertEquals(416, bad.statusCode());
        assertEquals("bytes */" + data.length, bad.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void encryptedObjectsNeedTheirKey() {
        byte[] data = random(2 * SEGMENT + 5, 11);
        JsonObject r = put(ALICE, "secret.bin", data, "Cipher", "correct horse battery staple").expect(201).json();
        assertTrue(r.getBoolean("encrypted"));
        String fid = r.getString("fid");
        String owner = "?owner=" + ALICE.address().ss58();
        assertArrayEquals(data, get(fid + owner, "Cipher", "correct horse battery staple"));
        HttpResponse<byte[]> keyless = signedGet(ALICE, "/api/files/" + fid);
        assertEquals(400, keyless.statusCode());
        assertTrue(new String(keyless.body(), StandardCharsets.UTF_8).contains("key_required"));
        HttpResponse<byte[]> wrong = signedGet(ALICE, "/api/files/" + fid + owner, "Cipher", "wrong");
        assertEquals(403, wrong.statusCode());
        assertTrue(new String(wrong.body(), StandardCharsets.UTF_8).contains("wrong_key"));
        byte[] key = random(32, 3);
        String b64 = Base64.getEncoder().encodeToString(key);
        String fid2 = put(ALICE, "secret2.bin", data, "Cipher-Key", b64).expect(201).json().getString("fid");
        assertFalse(fid2.equals(fid), "random nonces: the same bytes encrypt differently");
        assertArrayEquals(data, get(fid2, "Cipher-Key", b64));
        assertEquals(403, signedGet(ALICE, "/api/files/" + fid2, "Cipher-Key",
                Base64.getEncoder().encodeToString(random(32, 4))).statusCode(), "wrong_key");
        put(ALICE, "short-key.bin", data, "Cipher-Key", "AAAA").error(400, "invalid_encryption");

        // Issue #17: an encrypted object's ETag is not the MD5 of its plaintext (it would confirm a guess).
        String md5;
        try {
            md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(md5.equals(r.getString("etag")), "a passphrase-encrypted object's ETag is not its MD5");
        String keyed = put(ALICE, "secret3.bin", data, "Cipher-Key", b64).expect(201).json().getString("etag");
        assertFalse(md5.equals(keyed), "a key-encrypted object's ETag is not its MD5");
        assertTrue(keyed.matches("[0-9a-f]{32}"), keyed);
        assertEquals(md5, put(ALICE, "plain-etag.bin", data).expect(201).json().getString("etag"), "a plain object's is");
    }

    /** Issue #17: UTF-8 names are stored and read back through the native API. */
    @Test
    void utf8NamesWork() {
        byte[] data = "ünïcödé".getBytes(StandardCharsets.UTF_8);
        JsonObject r = put(ALICE, "café ☕/日本.txt", data).expect(201).json();
        assertEquals("café ☕/日本.txt", r.getString("name"));
        assertArrayEquals(data, get(r.getString("fid")));
        // '.' segments in an API path are a JSON 400 (Shiro's URI guard, answered in the API's own form).
        api.get("/api/chain/./head").error(400, "invalid_uri");
    }

    @Test
    void readsSurviveTwoMinersOfflineAndACorruptFragment() throws Exception {
        byte[] data = random(2 * SEGMENT + 777, 21);
        String fid = put(ALICE, "degraded.bin", data).expect(201).json().getString("fid");
        dropCache(); // these reads must go to the fragments
        JsonObject loc = api.get("/api/files/" + fid + "/location").expect(200).json();
        var frags = loc.getJsonArray("segments").getJsonObject(0).getJsonArray("fragments");
        // Take the miners of two data fragments offline: their disks are gone.
        List<Path[]> moved = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = MINERS.resolve(frags.getJsonObject(i).getString("miner"));
            Path away = dir.resolveSibling(dir.getFileName() + ".offline");
            Files.move(dir, away, StandardCopyOption.ATOMIC_MOVE);
            moved.add(new Path[] {dir, away});
        }
        try {
            assertArrayEquals(data, get(fid), "any 4 of 6 fragments rebuild each segment");
        } finally {
            for (Path[] m : moved) {
                Files.move(m[1], m[0], StandardCopyOption.ATOMIC_MOVE);
            }
        }
        long before = healthNumber("corruptFragmentsSkipped");
        JsonObject f2 = frags.getJsonObject(2);
        String hex = f2.getString("hash").substring(2);
        Path file = MINERS.resolve(f2.getString("miner")).resolve(hex.substring(0, 2)).resolve(hex);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        dropCache();
        assertArrayEquals(data, get(fid), "the corrupt fragment is detected and parity used instead");
        long after = healthNumber("corruptFragmentsSkipped");
        assertTrue(after > before, "the corrupt fragment is reported");
    }

    /** Issue #20: the second read of an object comes from the segment cache, without a fragment. */
    @Test
    void aSecondReadIsServedFromTheCacheWithoutAFragment() throws Exception {
        byte[] data = random(3 * SEGMENT + 4321, 31);
        long fills = healthNumber("cache.fills");
        String fid = put(ALICE, "cached.bin", data).expect(201).json().getString("fid");
        awaitHealth("cache.fills", fills + 4); // the upload offered its 4 segments
        for (String h : segmentHashes(fid)) {
            assertTrue(Files.exists(cacheFile(h)), "segment " + h + " is cached after the upload");
        }
        long hits = healthNumber("cache.hits");
        long degraded = healthNumber("degradedSegmentReads");
        List<Path[]> moved = moveFragmentsAway(fid);
        try {
            assertArrayEquals(data, get(fid), "served with every fragment gone");
            HttpResponse<byte[]> r = signedGet(ALICE, "/api/files/" + fid, "Range", "bytes=1048570-2097160");
            assertEquals(206, r.statusCode());
            assertArrayEquals(Arrays.copyOfRange(data, 1048570, 2097161), r.body(), "a range across segments");
        } finally {
            moveBack(moved);
        }
        assertTrue(healthNumber("cache.hits") >= hits + 7, "4 segments, then the 3 the range touches");
        assertEquals(degraded, healthNumber("degradedSegmentReads"), "no fragment was missed: none was asked for");

        // A read from the fragments fills the cache too; the next read hits it.
        dropCache();
        long misses = healthNumber("cache.misses");
        fills = healthNumber("cache.fills");
        assertArrayEquals(data, get(fid));
        assertTrue(healthNumber("cache.misses") >= misses + 4);
        awaitHealth("cache.fills", fills + 4);
        hits = healthNumber("cache.hits");
        assertArrayEquals(data, get(fid));
        assertEquals(hits + 4, healthNumber("cache.hits"));
        assertTrue(healthNumber("cache.entries") >= 4);
        assertTrue(healthNumber("cache.usedBytes") >= data.length);
    }

    @Test
    void aCorruptedCacheFileIsNotServed() throws Exception {
        byte[] data = random(2 * SEGMENT + 99, 32);
        long fills = healthNumber("cache.fills");
        String fid = put(ALICE, "cache-corrupt.bin", data).expect(201).json().getString("fid");
        awaitHealth("cache.fills", fills + 3);
        Path file = cacheFile(segmentHashes(fid).get(1));
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length - 5000] ^= 0x21;
        Files.write(file, raw);
        long failures = healthNumber("cache.verificationFailures");
        assertArrayEquals(data, get(fid), "the bad file is dropped and the segment read from the miners");
        assertEquals(failures + 1, healthNumber("cache.verificationFailures"));
        awaitHealth("cache.fills", fills + 4); // and cached again, intact
        assertArrayEquals(data, get(fid));
        assertEquals(failures + 1, healthNumber("cache.verificationFailures"));
    }

    @Test
    void theCacheNeverHoldsThePlaintextOfAnEncryptedObject() throws Exception {
        byte[] marker = "CESS-PLAINTEXT-MARKER-7f3a9c".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[SEGMENT + 5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = marker[i % marker.length];
        }
        String b64 = Base64.getEncoder().encodeToString(random(32, 33));
        dropCache();
        long fills = healthNumber("cache.fills");
        String fid = put(ALICE, "sse-c.bin", data, "Cipher-Key", b64).expect(201).json().getString("fid");
        awaitHealth("cache.fills", fills + 2);
        assertArrayEquals(data, get(fid, "Cipher-Key", b64));
        HttpResponse<byte[]> r = signedGet(ALICE, "/api/files/" + fid, "Cipher-Key", b64, "Range", "bytes=1048000-1049000");
        assertArrayEquals(Arrays.copyOfRange(data, 1048000, 1049001), r.body(), "a range of a cached encrypted segment");
        assertEquals(403, signedGet(ALICE, "/api/files/" + fid, "Cipher-Key",
                Base64.getEncoder().encodeToString(random(32, 34))).statusCode(), "a wrong key is still refused");
        List<Path> files = cacheFiles();
        assertTrue(files.size() >= 2, "the encrypted object is cached: " + files);
        for (Path p : files) {
            assertEquals(-1, indexOf(Files.readAllBytes(p), marker), p + " holds plaintext");
        }
        // The check can see plaintext: a plain object with the marker is cached as it is.
        String plain = put(ALICE, "marker-plain.bin", data).expect(201).json().getString("fid");
        awaitHealth("cache.fills", fills + 4);
        assertTrue(indexOf(Files.readAllBytes(cacheFile(segmentHashes(plain).get(0))), marker) >= 0);
    }

    /** Where {@code needle} first stands in {@code hay}, or -1 (every byte maps to one ISO-8859-1 char). */
    static int indexOf(byte[] hay, byte[] needle) {
        return new String(hay, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }

    @Test
    void dedupAddsAnOwnerAndStoresNoBytes() throws Exception {
        byte[] data = random(SEGMENT + 3, 31);
        JsonObject first = put(ALICE, "dup-a.bin", data).expect(201).json();
        java.util.Set<Path> files = fragmentFileSet();
        JsonObject second = put(ALICE, "dup-b.bin", data).expect(201).json();
        assertEquals(first.getString("fid"), second.getString("fid"));
        assertTrue(second.getBoolean("deduplicated"));
        // No fragment file appears. (One may disappear: an orphan of an earlier deleted file that the
        // second upload happened to write again is removed with the upload's own copies.)
        java.util.Set<Path> after = fragmentFileSet();
        after.removeAll(files);
        assertEquals(java.util.Set.of(), after, "no fragment stored twice");
    }

    @Test
    void signaturesAreCheckedAndRefusalsChangeNothing() throws Exception {
        byte[] data = random(1000, 41);
        var before = objects(ALICE);
        java.util.Set<Path> files = fragmentFileSet();
        api.request("PUT", "/api/files?name=x", data).error(401, "unauthorized");
        String[] sig = api.signed(ALICE, "PUT", "/api/files?name=x", data, 300);
        String[] forged = sig.clone();
        forged[9] = BOB.sign("something else".getBytes()).hex();
        api.request("PUT", "/api/files?name=x", data, forged).error(401, "unauthorized");
        String[] expired = api.signed(ALICE, "PUT", "/api/files?name=x", data, -5);
        api.request("PUT", "/api/files?name=x", data, expired).error(401, "unauthorized");
        String[] tooLong = api.signed(ALICE, "PUT", "/api/files?name=x", data, 10 * 3600);
        api.request("PUT", "/api/files?name=x", data, tooLong).error(401, "unauthorized");
        String[] elsewhere = api.signed(ALICE, "DELETE", "/api/files/0x00", null, 300);
        api.request("PUT", "/api/files?name=x", data, elsewhere).error(401, "unauthorized");
        String[] notAnAccount = sig.clone();
        notAnAccount[1] = "not-an-address";
        api.request("PUT", "/api/files?name=x", data, notAnAccount).error(401, "unauthorized");
        put(ALICE, "../etc/passwd", data).error(400, "bad_request");
        put(ALICE, "a/./b", data).error(400, "bad_request");
        api.request("PUT", "/api/files?name=x&bucket=api", data, api.signed(ALICE, "PUT", "/api/files?name=x&bucket=api",
                data, 300)).error(400, "bad_request");
        api.request("PUT", "/api/files", data, api.signed(ALICE, "PUT", "/api/files", data, 300)).error(400, "missing_name");
        put(DAVE, "x", data).error(403, "forbidden");
        Thread.sleep(300);
        assertEquals(before, objects(ALICE), "nothing stored");
        assertEquals(java.util.Set.of(), added(files), "no fragment left behind");
    }

    @Test
    void territoriesLimitUploadsAndDeletesFreeSpace() throws Exception {
        // Bob has no territory, and has not granted the gateway (Alice's node) anything yet.
        put(BOB, "x", new byte[10]).error(403, "forbidden");
        api.submit(api.sign(BOB, api.nextNonce(BOB.address()), api.minFee(),
                new StorageCall.GrantGateway(ALICE.address()))).expect(202);
        put(BOB, "x", new byte[10]).error(422, "no_territory");
        api.submit(api.sign(BOB, api.nextNonce(BOB.address()), api.minFee(),
                new StorageCall.BuyTerritory("home", 1, 30))).expect(202);
        byte[] data = random(SEGMENT / 2, 51);
        JsonObject r = put(BOB, "x", data).expect(201).json();
        // Issue #17: bucket names are global; Bob's default bucket is his own, and Alice's names are hers.
        assertEquals(Names.defaultBucket(BOB.address()), r.getString("bucket"));
        String alices = "alices-" + System.nanoTime();
        api.request("PUT", "/api/files?name=a&bucket=" + alices, new byte[3], api.signed(ALICE, "PUT", "/api/files?name=a&bucket=" + alices, new byte[3], 300))
                .expect(201);
        api.request("PUT", "/api/files?name=b&bucket=" + alices, new byte[3], api.signed(BOB, "PUT", "/api/files?name=b&bucket=" + alices, new byte[3], 300))
                .error(409, "bucket_taken");
        api.request("PUT", "/api/files?name=b&bucket=xn--bucket", new byte[3], api.signed(BOB, "PUT", "/api/files?name=b&bucket=xn--bucket", new byte[3], 300))
                .error(400, "bad_request");
        String territories = "/api/storage/territories?pending=true&owner=" + BOB.address().ss58();
        assertEquals(data.length, api.get(territories).json().getJsonArray("territories").getJsonObject(0)
                .getJsonNumber("usedBytes").longValue());
        // A body larger than the territory's free space is refused before a byte is stored.
        java.util.Set<Path> files = fragmentFileSet();
        String reply = rawPut(BOB, "huge.bin", (1L << 30) + 1, 4096);
        assertTrue(reply.startsWith("HTTP/1.1 422"), reply);
        assertTrue(reply.contains("territory_full"), reply);
        // An upload cut off half way leaves nothing behind.
        String cut = rawPut(BOB, "cut.bin", 8L * SEGMENT, 3 * SEGMENT);
        Thread.sleep(1000);
        assertEquals(java.util.Set.of(), added(files), "no orphan fragments: " + cut);
        String[] del = api.signed(BOB, "DELETE", "/api/files/" + r.getString("fid"), null, 300);
        api.request("DELETE", "/api/files/" + r.getString("fid"), null, del).expect(200);
        assertEquals(0, api.get(territories).json().getJsonArray("territories").getJsonObject(0)
                .getJsonNumber("usedBytes").longValue());
        assertEquals(0, list(BOB).json().getJsonArray("files").size());
    }

    @Test
    void aSignatureWorksOnceAndOnlyForItsQueryAndBody() throws Exception {
        byte[] data = random(2000, 71);
        String target = "/api/files?name=once.bin";
        String[] sig = api.signed(ALICE, "PUT", target, data, 300);
        String fid = api.request("PUT", target, data, sig).expect(201).json().getString("fid");
        var before = objects(ALICE);
        java.util.Set<Path> files = fragmentFileSet();
        api.request("PUT", target, data, sig).error(409, "signature_replayed");
        // Bent: the same headers with another query, or another body (fresh headers, so that the
        // nonce is new and only the body differs).
        String[] other = api.signed(ALICE, "PUT", target, data, 300);
        api.request("PUT", "/api/files?name=overwritten.bin", data, other).error(401, "unauthorized");
        api.request("PUT", target + "&bucket=elsewhere", data, other).error(401, "unauthorized");
        byte[] evil = random(3 * SEGMENT + 7, 72);
        String[] big = api.signed(ALICE, "PUT", target, random(3 * SEGMENT + 7, 73), 300);
        api.request("PUT", target, evil, big).error(400, "body_hash_mismatch");
        // (A refusal before the body is read closes the connection on a large body: resend a small one.)
        api.request("PUT", target, data, big).error(409, "signature_replayed");
        // A form is checked to its last byte as well.
        String formType = "multipart/form-data; boundary=xyz";
        byte[] form = form("xyz", "", "f.bin", random(SEGMENT + 9, 74), "--\r\n");
        String[] formSig = api.signed(ALICE, "PUT", "/api/files", random(10, 75), 300);
        api.request("PUT", "/api/files", form, Stream.concat(Stream.of(formSig), Stream.of("Content-Type", formType))
                .toArray(String[]::new)).error(400, "body_hash_mismatch");
        // No body, but a signed hash of one; and an unsigned body with a long expiry.
        api.request("DELETE", "/api/files/" + fid, null, api.signed(ALICE, "DELETE", "/api/files/" + fid, data, 300))
                .error(400, "body_hash_mismatch");
        api.request("PUT", target, data, api.signedHash(ALICE, "PUT", target, SignedRequest.UNSIGNED_BODY, 3000))
                .error(401, "unauthorized");
        String[] noNonce = Arrays.copyOf(api.signed(ALICE, "PUT", target, data, 300), 10);
        noNonce[4] = "X-Nothing";
        api.request("PUT", target, data, noNonce).error(401, "unauthorized");
        Thread.sleep(300);
        assertEquals(before, objects(ALICE), "nothing stored or overwritten");
        assertEquals(java.util.Set.of(), added(files), "no fragment left behind");
        assertArrayEquals(data, get(fid));
        // An S3 access key minted once per signature: the replay mints none.
        String keys = "/api/access-keys";
        String[] mint = api.signed(ALICE, "POST", keys, null, 60);
        int had = api.request("GET", keys, null, api.signed(ALICE, "GET", keys, null, 60)).expect(200).json()
                .getJsonArray("keys").size();
        api.request("POST", keys, null, mint).expect(201);
        api.request("POST", keys, null, mint).error(409, "signature_replayed");
        assertEquals(had + 1, api.request("GET", keys, null, api.signed(ALICE, "GET", keys, null, 60)).expect(200).json()
                .getJsonArray("keys").size());
    }

    @Test
    void aSignatureNamingAnotherGatewaysHostIsRefusedHere() throws Exception {
        // Headers captured at another gateway (another port of this machine) and sent here as they were.
        String listing = "/api/files?owner=" + ALICE.address().ss58();
        String foreign = url.getHost() + ":" + (url.getPort() + 1);
        String[] h = SignedRequest.headers(ALICE, "GET", foreign, listing, SignedRequest.EMPTY_BODY_SHA256,
                System.currentTimeMillis() / 1000 + 60, NodeApi.nonce());
        String context = url.getPath().endsWith("/") ? url.getPath().substring(0, url.getPath().length() - 1) : url.getPath();
        StringBuilder request = new StringBuilder("GET " + context + listing + " HTTP/1.1\r\nHost: " + foreign + "\r\n");
        for (int i = 0; i < h.length; i += 2) {
            request.append(h[i]).append(": ").append(h[i + 1]).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("not this node's"), answer);
        }
        // Signed for the host it is sent to, the same request passes.
        api.request("GET", listing, null, api.signed(ALICE, "GET", listing, null, 60)).expect(200);
    }

    @Test
    void objectsArePrivateUnlessTheirOwnerMadeThemPublic() {
        byte[] data = random(5000, 81);
        JsonObject stored = put(ALICE, "private.bin", data).expect(201).json();
        assertFalse(stored.getBoolean("public"));
        String fid = stored.getString("fid");
        String bytes = "/api/files/" + fid;
        api.get(bytes).error(401, "unauthorized");
        assertEquals(401, api.requestBytes("HEAD", bytes).statusCode());
        assertEquals(403, signedGet(BOB, bytes).statusCode(), "another account owns no object naming it");
        assertArrayEquals(data, get(fid));
        // The layout is chain state every node replicates: open.
        api.get(bytes + "/metadata").expect(200);
        api.get(bytes + "/location").expect(200);
        // An account's listing needs its own signature.
        String listing = "/api/files?owner=" + ALICE.address().ss58();
        api.get(listing).error(401, "unauthorized");
        api.request("GET", listing, null, api.signed(BOB, "GET", listing, null, 60)).error(403, "forbidden");
        assertTrue(objects(ALICE).contains(Names.defaultBucket(ALICE.address()) + "/private.bin=" + fid));
        // A presigned link reads it without a key until it expires; it binds its path and expiry.
        long in10 = System.currentTimeMillis() / 1000 + 600;
        String link = SignedRequest.presign(ALICE, api.host(), bytes, in10);
        HttpResponse<byte[]> shared = api.requestBytes("GET", link);
        assertEquals(200, shared.statusCode());
        assertArrayEquals(data, shared.body());
        assertEquals(200, api.requestBytes("GET", link).statusCode(), "a link is good for many reads");
        assertEquals(401, api.requestBytes("GET", link.replace("cess-expires=" + in10, "cess-expires=" + (in10 + 1)))
                .statusCode());
        String other = put(ALICE, "other.bin", random(10, 82)).expect(201).json().getString("fid");
        assertEquals(401, api.requestBytes("GET", link.replace(fid, other)).statusCode());
        String old = SignedRequest.presign(ALICE, api.host(), bytes, System.currentTimeMillis() / 1000 - 1);
        assertEquals(401, api.requestBytes("GET", old).statusCode(), "expired");
        assertEquals(401, api.request("DELETE", link, null).status(), "a link is for GET only");
        // Public: the same bytes under a public object are anyone's to read, by FID.
        api.request("PUT", "/api/files?name=x&public=yes", data, api.signed(ALICE, "PUT", "/api/files?name=x&public=yes",
                data, 60)).error(400, "invalid_public");
        String publicTarget = "/api/files?name=public.bin&public=true";
        JsonObject pub = api.request("PUT", publicTarget, data, api.signed(ALICE, "PUT", publicTarget, data, 60))
                .expect(201).json();
        assertTrue(pub.getBoolean("public"));
        assertEquals(fid, pub.getString("fid"));
        HttpResponse<byte[]> open = api.requestBytes("GET", bytes);
        assertEquals(200, open.statusCode());
        assertArrayEquals(data, open.body());
        assertEquals(200, api.requestBytes("HEAD", bytes).statusCode());
        api.get(listing).error(401, "unauthorized");
    }

    @Test
    void theCliSignsSharesAndPrintsNodeTextSafely() throws Exception {
        Path file = Files.createTempFile("cess-cli", ".bin");
        byte[] data = random(SEGMENT + 17, 91);
        Files.write(file, data);
        String name = "cli-\u009b31mred\u202e.bin";
        Cli.Result put = cli("put", file.toString(), "--key", "//Alice", "--name", name);
        assertEquals(0, put.exit(), put.err());
        String fid = put.out().trim();
        api.get("/api/files/" + fid).error(401, "unauthorized");
        Cli.Result ls = cli("ls", "//Alice");
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.out().contains(fid + " ")
                && ls.out().contains("private " + Names.defaultBucket(ALICE.address()) + "/cli-\\x9b31mred\\u202e.bin"), ls.out());
        assertFalse(ls.out().chars().anyMatch(c -> c == 0x9b || c == 0x202e), "no raw control character reaches the terminal");
        Path back = Files.createTempFile("cess-cli", ".back");
        Cli.Result get = cli("get", fid, "--key", "//Alice", "--out", back.toString());
        assertEquals(0, get.exit(), get.err());
        assertArrayEquals(data, Files.readAllBytes(back));
        Cli.Result refused = cli("get", fid, "--out", back.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("401 unauthorized"), refused.err());
        Cli.Result share = cli("share", fid, "--key", "//Alice", "--expires", "600");
        assertEquals(0, share.exit(), share.err());
        HttpResponse<byte[]> viaLink = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(share.out().trim())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, viaLink.statusCode());
        assertArrayEquals(data, viaLink.body());
        Cli.Result pub = cli("put", file.toString(), "--key", "//Alice", "--name", "cli-public.bin", "--public");
        assertEquals(0, pub.exit(), pub.err());
        assertEquals(200, api.requestBytes("GET", "/api/files/" + pub.out().trim()).statusCode());
        Files.delete(file);
        Files.delete(back);
    }

    Cli.Result cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new Cli(new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), url.toString()).run(args);
        return new Cli.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A PUT over a raw socket that announces {@code declared} bytes and sends {@code sent}, then closes. */
    String rawPut(KeyPair who, String name, long declared, int sent) throws IOException {
        // The body streams before its hash is known: signed as unsigned, with a short expiry.
        String[] sig = api.signedHash(who, "PUT", "/api/files?name=" + name, SignedRequest.UNSIGNED_BODY, 120);
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            String context = url.getPath().replaceAll("/$", "");
            StringBuilder head = new StringBuilder("PUT " + context + "/api/files?name=" + name + " HTTP/1.1\r\nHost: "
                    + api.host() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n");
            for (int i = 0; i < sig.length; i += 2) {
                head.append(sig[i]).append(": ").append(sig[i + 1]).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(random(sent, 9));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the body is sent
            }
            if (sent < declared && declared < (1L << 30)) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            byte[] buf = in.readNBytes(4096);
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "connection closed: " + e.getMessage();
        }
    }
}
