package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The native storage API on a real Payara Micro with the devnet's six hosted miners, segments of
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

    /** An account's objects as "bucket/name=fid" lines: what a refusal must leave unchanged. */
    java.util.Set<String> objects(KeyPair who) {
        return api.get("/api/files?owner=" + who.address().ss58()).expect(200).json().getJsonArray("files").stream()
                .map(f -> f.asJsonObject().getString("bucket") + "/" + f.asJsonObject().getString("name") + "="
                        + f.asJsonObject().getString("fid"))
                .collect(java.util.stream.Collectors.toSet());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    NodeApi.Reply put(KeyPair who, String name, byte[] body, String... extra) {
        String path = "/api/files";
        String[] sig = NodeApi.signed(who, "PUT", path, 300);
        String[] headers = Stream.concat(Stream.of(sig), Stream.of(extra)).toArray(String[]::new);
        return api.request("PUT", name.isEmpty() ? path : path + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                body, headers);
    }

    byte[] get(String fid, String... headers) {
        HttpResponse<byte[]> r = api.requestBytes("GET", "/api/files/" + fid, headers);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
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
        // Declaring 2 TiB on the stake of 1 freezes the miner; with six miners and RS 4+2 a
        // segment then has nowhere to put its sixth fragment, and the upload is refused whole.
        send(miner, new StorageCall.DeclareSpace(2 * cess.storage.model.StorageParams.TIB)).expect(202);
        assertEquals("frozen", minerState(miner, "state"));
        var before = objects(ALICE);
        java.util.Set<Path> files = fragmentFileSet();
        put(ALICE, "frozen.bin", random(3 * SEGMENT, 71)).error(503, "unavailable");
        Thread.sleep(300);
        assertEquals(before, objects(ALICE), "nothing stored");
        assertEquals(java.util.Set.of(), added(files), "no fragment left behind");
        // More stake thaws it, and uploads place fragments on it again.
        api.submit(api.transfer(ALICE, miner.address(), cess.shared.Amount.cess(5000),
                api.nextNonce(ALICE.address()))).expect(202);
        send(miner, new StorageCall.AddStake(cess.shared.Amount.cess(4000))).expect(202);
        assertEquals("positive", minerState(miner, "state"));
        String fid = put(ALICE, "thawed.bin", random(SEGMENT, 72)).expect(201).json().getString("fid");
        assertTrue(api.get("/api/files/" + fid + "/location").json().toString().contains(miner.address().ss58()));
        // A miner that moves says so on chain; JSON transactions carry the new calls too.
        KeyPair other = KeyPair.dev("//Miner2");
        String endpoint = minerState(other, "endpoint");
        send(other, new StorageCall.UpdateMiner("https://miner2.example:8443")).expect(202);
        assertEquals("https://miner2.example:8443", minerState(other, "endpoint"));
        send(other, new StorageCall.UpdateMiner(endpoint)).expect(202);
        send(other, new StorageCall.UpdateMiner("gopher://x")).error(400, "invalid_argument");
        assertEquals(endpoint, minerState(other, "endpoint"));
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
            HttpResponse<byte[]> r = api.requestBytes("GET", "/api/files/" + fid, "Range", c[0]);
            assertEquals(206, r.statusCode(), c[0]);
            int from = Integer.parseInt(c[1]);
            int to = Integer.parseInt(c[2]);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, from, to + 1), r.body(), c[0]);
            assertEquals("bytes " + from + "-" + to + "/" + data.length, r.headers().firstValue("Content-Range").orElseThrow());
        }
        HttpResponse<byte[]> bad = api.requestBytes("GET", "/api/files/" + fid, "Range", "bytes=" + data.length + "-");
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
        assertEquals("key_required", api.get("/api/files/" + fid).json().getString("error"));
        NodeApi.Reply wrong = api.request("GET", "/api/files/" + fid + owner, null, "Cipher", "wrong");
        wrong.error(403, "wrong_key");
        byte[] key = random(32, 3);
        String b64 = Base64.getEncoder().encodeToString(key);
        String fid2 = put(ALICE, "secret2.bin", data, "Cipher-Key", b64).expect(201).json().getString("fid");
        assertFalse(fid2.equals(fid), "random nonces: the same bytes encrypt differently");
        assertArrayEquals(data, get(fid2, "Cipher-Key", b64));
        api.request("GET", "/api/files/" + fid2, null, "Cipher-Key", Base64.getEncoder().encodeToString(random(32, 4)))
                .error(403, "wrong_key");
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
        assertArrayEquals(data, get(fid), "the corrupt fragment is detected and parity used instead");
        long after = healthNumber("corruptFragmentsSkipped");
        assertTrue(after > before, "the corrupt fragment is reported");
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
        String[] sig = NodeApi.signed(ALICE, "PUT", "/api/files", 300);
        String[] forged = sig.clone();
        forged[5] = BOB.sign("something else".getBytes()).hex();
        api.request("PUT", "/api/files?name=x", data, forged).error(401, "unauthorized");
        String[] expired = NodeApi.signed(ALICE, "PUT", "/api/files", -5);
        api.request("PUT", "/api/files?name=x", data, expired).error(401, "unauthorized");
        String[] tooLong = NodeApi.signed(ALICE, "PUT", "/api/files", 10 * 3600);
        api.request("PUT", "/api/files?name=x", data, tooLong).error(401, "unauthorized");
        String[] elsewhere = NodeApi.signed(ALICE, "DELETE", "/api/files/0x00", 300);
        api.request("PUT", "/api/files?name=x", data, elsewhere).error(401, "unauthorized");
        String[] notAnAccount = sig.clone();
        notAnAccount[1] = "not-an-address";
        api.request("PUT", "/api/files?name=x", data, notAnAccount).error(401, "unauthorized");
        put(ALICE, "../etc/passwd", data).error(400, "bad_request");
        put(ALICE, "a/./b", data).error(400, "bad_request");
        api.request("PUT", "/api/files?name=x&bucket=api", data, NodeApi.signed(ALICE, "PUT", "/api/files", 300))
                .error(400, "bad_request");
        api.request("PUT", "/api/files", data, NodeApi.signed(ALICE, "PUT", "/api/files", 300)).error(400, "missing_name");
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
        api.request("PUT", "/api/files?name=a&bucket=" + alices, new byte[3], NodeApi.signed(ALICE, "PUT", "/api/files", 300))
                .expect(201);
        api.request("PUT", "/api/files?name=b&bucket=" + alices, new byte[3], NodeApi.signed(BOB, "PUT", "/api/files", 300))
                .error(409, "bucket_taken");
        api.request("PUT", "/api/files?name=b&bucket=xn--bucket", new byte[3], NodeApi.signed(BOB, "PUT", "/api/files", 300))
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
        String[] del = NodeApi.signed(BOB, "DELETE", "/api/files/" + r.getString("fid"), 300);
        api.request("DELETE", "/api/files/" + r.getString("fid"), null, del).expect(200);
        assertEquals(0, api.get(territories).json().getJsonArray("territories").getJsonObject(0)
                .getJsonNumber("usedBytes").longValue());
        assertEquals(0, api.get("/api/files?owner=" + BOB.address().ss58()).json().getJsonArray("files").size());
    }

    /** A PUT over a raw socket that announces {@code declared} bytes and sends {@code sent}, then closes. */
    String rawPut(KeyPair who, String name, long declared, int sent) throws IOException {
        String[] sig = NodeApi.signed(who, "PUT", "/api/files", 300);
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            String context = url.getPath().replaceAll("/$", "");
            String head = "PUT " + context + "/api/files?name=" + name + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n"
                    + sig[0] + ": " + sig[1] + "\r\n" + sig[2] + ": " + sig[3] + "\r\n" + sig[4] + ": " + sig[5] + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
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
