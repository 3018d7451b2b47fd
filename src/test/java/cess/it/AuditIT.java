package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditRecord;
import cess.audit.model.CorruptReport;
import cess.shared.Hash;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Hex;
import cess.shared.KeyPair;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Storage proofs on a real node: the devnet's genesis with challenge periods of 12 blocks (12 s)
 * and 6 blocks to answer, its eight hosted miners holding two files. Every miner passes its
 * challenges period after period by itself; a fragment file deleted by hand makes its miner fail
 * its next challenge, lose 5 % of its collateral and say why, while the file stays readable; the
 * failure opens a restoral order, which a miner that holds nothing of that segment claims,
 * rebuilds and completes, and then proves. A fragment flipped on disk is read around, reported by the
 * gateway, failed by its miner in the targeted challenge, and rebuilt; a report on an intact one
 * is cleared. Idle space: every miner certifies its 16 MiB of filler and passes its idle
 * challenges; a batch whose filler the miner never stored is refused. A miner nothing answers
 * for misses its deadlines and, after two in a row, is presumed to have lost its data.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {
    private static final KeyPair ALICE = KeyPair.dev("//Alice");
    private static Path root;
    private static NodeProcess node;
    private static NodeApi api;
    private static Path genesisFile;

    @BeforeAll
    static void start() throws Exception {
        root = NodeProcess.freshDir("audit");
        String genesis;
        try (InputStream in = AuditIT.class.getResourceAsStream("/cess/genesis/devnet.json")) {
            genesis = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String quick = genesis.replace("\"periodBlocks\": 60", "\"periodBlocks\": 12")
                .replace("\"deadlineBaseBlocks\": 20", "\"deadlineBaseBlocks\": 6");
        assertTrue(!quick.equals(genesis), "the devnet genesis has an audit section to shorten");
        genesisFile = root.resolve("genesis.json");
        Files.writeString(genesisFile, quick);
        // No segment cache: every read here goes to the miners, so that a corrupt fragment is read.
        node = NodeProcess.start(root.resolve("data"), "audit", "-Dcess.genesis=" + genesisFile, "-Dcess.segment.bytes=1048576",
                "-Dcess.cache.bytes=0");
        api = new NodeApi("http://127.0.0.1:" + node.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        NodeProcess.deleteTree(root);
    }

    private static NodeApi.Reply put(String name, byte[] body) {
        String target = "/api/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return api.request("PUT", target, body, api.signed(ALICE, "PUT", target, body, 300));
    }

    /** A miner's audit record as the head's state holds it (read through the state proof endpoint). */
    private static AuditRecord record(Address miner) {
        JsonObject p = api.get("/api/chain/state-proof?key=audit_record:" + miner.ss58()).expect(200).json();
        if (!p.getBoolean("present")) {
            return AuditRecord.NONE;
        }
        return AuditRecord.decode(new Decoder(Hex.decode(p.getString("valueHex"))));
    }

    private static Amount stake(Address miner) {
        for (JsonValue v : api.get("/api/storage/miners").expect(200).json().getJsonArray("miners")) {
            JsonObject m = v.asJsonObject();
            if (m.getString("account").equals(miner.ss58())) {
                return Amount.parseUnits(m.getString("stake"));
            }
        }
        throw new AssertionError("miner " + miner + " is not listed");
    }

    private static long usedBytes(Address miner) {
        for (JsonValue v : api.get("/api/storage/miners").expect(200).json().getJsonArray("miners")) {
            if (v.asJsonObject().getString("account").equals(miner.ss58())) {
                return v.asJsonObject().getJsonNumber("usedBytes").longValue();
            }
        }
        return 0;
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; node log: " + node.log());
            }
            Thread.sleep(500);
        }
    }

    @Test
    @Order(1)
    void minersPassTheirChallengesAndOneThatLostAFragmentFailsLosesStakeAndSaysWhy() throws Exception {
        Random r = new Random(19);
        Map<String, Address> holders = new LinkedHashMap<>(); // fragment hash -> miner
        Map<String, String> fileOf = new HashMap<>(); // fragment hash -> fid
        Map<String, byte[]> contents = new HashMap<>(); // fid -> bytes
        for (String name : new String[] {"proof-a.bin", "proof-b.bin"}) {
            byte[] data = new byte[300 * 1024];
            r.nextBytes(data);
            String fid = put(name, data).expect(201).json().getString("fid");
            contents.put(fid, data);
            JsonObject loc = api.get("/api/files/" + fid + "/location").expect(200).json();
            for (JsonValue seg : loc.getJsonArray("segments")) {
                for (JsonValue f : seg.asJsonObject().getJsonArray("fragments")) {
                    holders.put(f.asJsonObject().getString("hash"), Address.parse(f.asJsonObject().getString("miner")));
                    fileOf.put(f.asJsonObject().getString("hash"), fid);
                }
            }
        }
        Map<Address, Boolean> miners = new HashMap<>();
        holders.values().forEach(m -> miners.put(m, true));
        assertTrue(miners.size() >= 6, "each segment's six fragments on six distinct miners of the eight: " + miners);

        // Two periods: every miner is challenged in each and answers by itself.
        await("every miner passed two challenges", Duration.ofSeconds(120),
                () -> miners.keySet().stream().allMatch(m -> record(m).passed() >= 2));
        for (Address m : miners.keySet()) {
            AuditRecord rec = record(m);
            assertEquals(0, rec.missed(), m + ": " + rec);
            assertEquals(0, rec.failedService(), m + ": " + rec);
            assertEquals(Amount.ZERO, rec.punished());
        }

        // A fragment file deleted by hand, as a failing disk would.
        Map.Entry<String, Address> lost = holders.entrySet().iterator().next();
        Address victim = lost.getValue();
        String hex = lost.getKey().substring(2);
        Path fragment = root.resolve("data").resolve("miners").resolve(victim.ss58()).resolve(hex.substring(0, 2)).resolve(hex);
        assertTrue(Files.exists(fragment), "the fragment file is where the store keeps it: " + fragment);
        Amount before = stake(victim);
        Files.delete(fragment);

        Predicate<AuditRecord> failed = rec -> rec.failedService() >= 1;
        await("the miner that lost a fragment failed a challenge", Duration.ofSeconds(90), () -> failed.test(record(victim)));
        AuditRecord rec = record(victim);
        assertTrue(rec.lastReason().contains("failed its service proof"), rec.lastReason());
        // Devnet miners declare 1 TiB at 4,000 CESS per TiB: 5 % is 200 CESS.
        assertEquals(Amount.cess(200), rec.punished());
        assertEquals(before.minus(Amount.cess(200)), stake(victim), "the slash came out of its stake");
        JsonObject view = api.get("/api/audit/miners/" + victim.ss58()).expect(200).json();
        assertTrue(view.getInt("failedService") >= 1, view.toString());
        assertEquals("200", view.getString("punishedCess"), view.toString());
        assertTrue(!view.getJsonArray("faults").isEmpty(), "the fault is kept for repair: " + view);
        assertEquals(hex, view.getJsonArray("faults").getJsonObject(0).getJsonArray("fragments").getJsonObject(0)
                .getString("root").substring(2), "the fault names the deleted fragment");
        assertTrue(view.getString("status").contains("failed its service proof"), view.getString("status"));
        assertEquals(8, api.get("/api/audit/miners").expect(200).json().getJsonArray("miners").size());
        api.get("/api/audit/challenges?limit=1000").expect(200);
        api.get("/api/audit/miners/cXnotanaddress").error(400, "invalid_address");
        api.get("/api/audit/challenges?limit=0").error(400, "invalid_limit");
        api.get("/api/audit/miners/" + ALICE.address().ss58()).error(404, "not_found");
        String health = api.get("/health").body();
        assertTrue(health.contains("storageProofs." + victim.ss58()) && health.contains("lost"),
                "the node says what its miner lost: " + health);
        java.util.regex.Matcher announced = java.util.regex.Pattern.compile("\"challengesAnnounced\":\"?(\\d+)").matcher(health);
        assertTrue(announced.find() && Long.parseLong(announced.group(1)) >= 6,
                "the proposer announced the challenges its blocks issued on cess.audit: " + health);

        // Repair: the failure opened a restoral order; a hosted miner that holds nothing of that segment
        // claims it, rebuilds the fragment from four others, stores it and completes the order.
        String lostFid = fileOf.get(lost.getKey());
        await("the lost fragment was rebuilt on another miner and its order closed", Duration.ofSeconds(120),
                () -> !minerOf(lostFid, lost.getKey()).equals(victim)
                        && !api.get("/api/storage/restorals").expect(200).body().contains(lostFid));
        Address restorer = minerOf(lostFid, lost.getKey());
        assertTrue(!restorer.equals(victim), "moved off the miner that lost it");
        Path rebuilt = root.resolve("data").resolve("miners").resolve(restorer.ss58()).resolve(hex.substring(0, 2)).resolve(hex);
        assertTrue(Files.exists(rebuilt), "the restorer stores the rebuilt fragment: " + rebuilt);
        String orders = api.get("/api/storage/restorals").expect(200).body();
        assertFalse(orders.contains(lostFid), "no order left open for it: " + orders);
        api.get("/api/storage/restorals?limit=0").error(400, "invalid_limit");
        java.util.regex.Matcher rebuiltCount = java.util.regex.Pattern.compile("\"repair.rebuilt\":\"?(\\d+)")
                .matcher(api.get("/health").body());
        assertTrue(rebuiltCount.find() && Long.parseLong(rebuiltCount.group(1)) >= 1, "health counts the repair");
        for (Map.Entry<String, byte[]> f : contents.entrySet()) {
            String target = "/api/files/" + f.getKey();
            java.net.http.HttpResponse<byte[]> got = api.requestBytes("GET", target, api.signed(ALICE, "GET", target, new byte[0], 300));
            assertEquals(200, got.statusCode());
            assertArrayEquals(f.getValue(), got.body(), "read back byte for byte after the repair: " + f.getKey());
        }
        long restorerPassed = record(restorer).passed();
        await("the restorer passes a challenge holding the rebuilt fragment", Duration.ofSeconds(90),
                () -> record(restorer).passed() > restorerPassed);
        assertEquals(0, record(restorer).failedService(), "the rebuilt fragment proves: " + record(restorer));

        // The others keep passing; the file with a lost fragment is still read whole (k of k + m).
        long passedBefore = miners.keySet().stream().filter(m -> !m.equals(victim)).mapToLong(m -> record(m).passed()).sum();
        await("the other miners passed another period", Duration.ofSeconds(60), () -> miners.keySet().stream()
                .filter(m -> !m.equals(victim)).mapToLong(m -> record(m).passed()).sum() >= passedBefore + 5);
    }

    /** The miner that holds fragment {@code hash} of file {@code fid}, as the chain's layout says now. */
    private static Address minerOf(String fid, String hash) {
        JsonObject loc = api.get("/api/files/" + fid + "/location").expect(200).json();
        for (JsonValue seg : loc.getJsonArray("segments")) {
            for (JsonValue f : seg.asJsonObject().getJsonArray("fragments")) {
                if (f.asJsonObject().getString("hash").equals(hash)) {
                    return Address.parse(f.asJsonObject().getString("miner"));
                }
            }
        }
        throw new AssertionError("fragment " + hash + " is not in file " + fid + ": " + loc);
    }

    /** The health line {@code name} as a number (0 when absent). */
    private static long health(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(name) + "\":\"?(\\d+)")
                .matcher(api.get("/health").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static byte[] read(String fid) {
        String target = "/api/files/" + fid;
        java.net.http.HttpResponse<byte[]> got = api.requestBytes("GET", target, api.signed(ALICE, "GET", target, new byte[0], 300));
        assertEquals(200, got.statusCode(), "reading " + fid);
        return got.body();
    }

    /**
     * A gateway's read that finds a fragment corrupt reports it, and only the chain's targeted
     * challenge decides: a report on an intact fragment (sent by hand) is cleared and costs its
     * miner nothing; a fragment file flipped on disk is read around (rebuilt from parity), reported
     * by the node, failed by its miner, punished, and rebuilt on another miner.
     */
    @Test
    @Order(2)
    void aCorruptReadIsReportedCheckedByATargetedChallengeAndRepaired() throws Exception {
        byte[] data = new byte[300 * 1024];
        new Random(21).nextBytes(data);
        String fid = put("corrupt.bin", data).expect(201).json().getString("fid");
        JsonArray frags = api.get("/api/files/" + fid + "/location").expect(200).json().getJsonArray("segments")
                .getJsonObject(0).getJsonArray("fragments");
        String hash = frags.getJsonObject(0).getString("hash");
        Address victim = Address.parse(frags.getJsonObject(0).getString("miner"));
        Address honest = Address.parse(frags.getJsonObject(1).getString("miner"));

        // Bare gossip punishes no one: a report on an intact fragment, sent as JSON, is checked and cleared.
        AuditRecord honestBefore = record(honest);
        Amount honestStake = stake(honest);
        JsonObject sent = api.submit(api.sign(ALICE, api.nextNonce(ALICE.address()), api.minFee(),
                new AuditCall.ReportCorrupt(honest, Hash.parse(fid), 0, 1, List.of(3L)))).expect(202).json();
        assertEquals("included", api.awaitFinal(sent.getString("hash"), Duration.ofSeconds(30)).getString("status"));
        await("the targeted challenge of the intact fragment passed", Duration.ofSeconds(60), () -> reportCleared(fid, 0, 1));
        assertEquals(honestBefore.failedService(), record(honest).failedService(), "no failure for an intact fragment");
        assertEquals(honestStake, stake(honest), "and no slash");

        // A data fragment flipped on disk, while the miner's next periodic challenge is a few blocks off (so that
        // the read, not that challenge, finds it).
        await("the miner's next periodic challenge is at least 4 blocks away", Duration.ofSeconds(60), () -> {
            JsonObject v = api.get("/api/audit/miners/" + victim.ss58()).expect(200).json();
            long head = api.get("/api/chain/head").expect(200).json().getJsonNumber("height").longValue();
            return v.containsKey("nextChallengeAt") && v.getJsonNumber("nextChallengeAt").longValue() - head >= 4
                    && v.getInt("unanswered") == 0;
        });
        String hex = hash.substring(2);
        Path file = root.resolve("data").resolve("miners").resolve(victim.ss58()).resolve(hex.substring(0, 2)).resolve(hex);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(4 * 1024 + 10); // chunk 4
            int b = f.read();
            f.seek(4 * 1024 + 10);
            f.write(b ^ 0x5a);
        }
        long failedBefore = record(victim).failedService();
        long reportsBefore = health("corruptReports.sent");
        assertArrayEquals(data, read(fid), "read around the corrupt fragment, rebuilt from parity");
        await("the node reported the corrupt fragment", Duration.ofSeconds(30),
                () -> health("corruptReports.sent") > reportsBefore);
        await("its miner failed the targeted challenge", Duration.ofSeconds(60),
                () -> record(victim).failedService() > failedBefore);
        AuditRecord rec = record(victim);
        assertTrue(rec.lastReason().contains("after a corrupt-read report by " + ALICE.address().ss58()), rec.lastReason());
        await("the corrupt fragment was rebuilt on another miner", Duration.ofSeconds(120),
                () -> !minerOf(fid, hash).equals(victim));
        assertArrayEquals(data, read(fid), "byte for byte after the repair");
        JsonObject red = api.get("/api/storage/redundancy?blocks=1000").expect(200).json();
        assertTrue(red.getJsonObject("repair").getJsonNumber("completedTotal").longValue() >= 1,
                "this repair is counted in the repair rate: " + red);
        api.get("/api/storage/redundancy?blocks=0").error(400, "invalid_blocks");
    }

    /** Whether the report on a fragment was cleared by a passed targeted challenge (it then cools off a period). */
    private static boolean reportCleared(String fid, int segment, int fragment) {
        JsonObject mark = api.get("/api/chain/state-proof?key=corrupt_report_fragment:" + fid + ":" + segment + ":" + fragment)
                .expect(200).json();
        if (!mark.getBoolean("present")) {
            return false;
        }
        long id = new Decoder(Hex.decode(mark.getString("valueHex"))).u64();
        JsonObject report = api.get("/api/chain/state-proof?key=corrupt_report:" + String.format("%016x", id)).expect(200).json();
        return report.getBoolean("present") && CorruptReport.decode(new Decoder(Hex.decode(report.getString("valueHex"))))
                .state() == CorruptReport.State.CLEARED;
    }

    /**
     * The node restarts hosting seven of its eight miners: the eighth, one that holds fragments,
     * is still registered, but nothing answers for it. It misses its deadlines: the first costs
     * nothing, the second 5 % of its collateral, and its record says so.
     */
    /** {@code GET /api/audit/miners/{account}}'s idle object. */
    private static JsonObject idle(Address miner) {
        return api.get("/api/audit/miners/" + miner.ss58()).expect(200).json().getJsonObject("idle");
    }

    private static List<String> idleKinds(Address miner) {
        return api.get("/api/audit/miners/" + miner.ss58()).expect(200).json().getJsonArray("idleHistory").stream()
                .map(v -> v.asJsonObject().getString("kind")).toList();
    }

    /**
     * Every hosted miner fills 16 MiB of filler (cess.filler.bytes, 16 units of 1 MiB) beside its
     * fragments, commits the roots, has them certified by its first idle challenge, counts them
     * as power, and passes the idle challenge of each later period.
     */
    @Test
    @Order(3)
    void devnetMinersCertifyTheirFillerAndPassIdleChallengesOverPeriods() throws Exception {
        List<Address> all = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> KeyPair.dev("//Miner" + i).address())
                .toList();
        await("every miner certified its 16 filler units and passed two idle challenges", Duration.ofSeconds(120),
                () -> all.stream().allMatch(m -> idle(m).getInt("certifiedUnits") == 16
                        && idleKinds(m).stream().filter("passed"::equals).count() >= 2));
        for (Address m : all) {
            JsonObject i = idle(m);
            assertEquals(16L << 20, i.getJsonNumber("certifiedIdleBytes").longValue(), i.toString());
            assertEquals(i.getJsonNumber("serviceBytes").longValue() + (16L << 20), i.getJsonNumber("powerBytes").longValue(),
                    "power is service data plus certified idle space: " + i);
            assertEquals(i.getJsonNumber("declaredBytes").longValue() - i.getJsonNumber("powerBytes").longValue(),
                    i.getJsonNumber("uncountedBytes").longValue(), "the rest of the declared space counts nothing: " + i);
            assertEquals(0, record(m).failedIdle(), m + ": " + record(m));
            assertTrue(idleKinds(m).contains("certified"), idleKinds(m).toString());
            Path unit = root.resolve("data").resolve("miners").resolve(m.ss58()).resolve("filler").resolve("000000000000000f.labels");
            assertEquals(1L << 20, Files.size(unit), "the filler lives beside the fragments: " + unit);
        }
        String health = api.get("/health").body();
        assertTrue(health.contains("filler." + all.get(0).ss58()) && health.contains("certified 16 units"), health);
        assertTrue(health.contains("idleProofs." + all.get(0).ss58()), health);
    }

    /**
     * A miner that never stored its filler cannot certify it: roots for units 16..19 of a hosted
     * miner, computed elsewhere and committed in its name (a commit_filler sent as JSON), are
     * challenged; the miner's node has no such units on disk, cannot answer, and the batch is refused
     * at the deadline: no power for it, and the API says why.
     */
    @Test
    @Order(4)
    void aMinerThatNeverStoredItsFillerCannotCertifyIt() throws Exception {
        KeyPair key = KeyPair.dev("//Miner7");
        Address m = key.address();
        assertEquals(16, idle(m).getInt("certifiedUnits"));
        long powerBefore = idle(m).getJsonNumber("powerBytes").longValue();
        cess.audit.model.idle.IdleParams p = cess.audit.model.idle.IdleParams.devnet();
        cess.audit.model.idle.FillerLabels labels = new cess.audit.model.idle.FillerLabels(p);
        cess.shared.Hash network = cess.audit.model.IdleAuditParams.network("cess-devnet");
        List<cess.shared.Hash> roots = new java.util.ArrayList<>();
        for (long u = 16; u < 20; u++) {
            byte[] l = new byte[p.unitBytes()];
            labels.fill(cess.audit.model.idle.FillerLabels.unitSeed(network, m, u), l);
            roots.add(cess.audit.model.idle.FillerIndex.build(l).root()); // computed and thrown away: never stored
        }
        cess.ledger.model.Call commit = new cess.audit.model.AuditCall.CommitFiller(16, roots);
        NodeApi.Reply sent = null;
        for (int attempt = 0; attempt < 5 && (sent == null || sent.status() != 202 && sent.status() != 200); attempt++) {
            sent = api.submit(api.sign(key, api.nextNonce(m), api.minFee(), commit)); // the node signs as the miner too: retry a nonce race
        }
        assertTrue(sent.status() == 200 || sent.status() == 202, sent.body());
        await("the batch was committed", Duration.ofSeconds(30),
                () -> idle(m).getInt("committedUnits") == 4 || idle(m).getJsonNumber("refusedUnits").longValue() >= 4);
        await("the batch was refused at its deadline", Duration.ofSeconds(60),
                () -> idle(m).getJsonNumber("refusedUnits").longValue() >= 4 && idle(m).getInt("committedUnits") == 0);
        JsonObject view = api.get("/api/audit/miners/" + m.ss58()).expect(200).json();
        JsonObject i = view.getJsonObject("idle");
        assertEquals(16, i.getInt("certifiedUnits"), "the stored units stay certified: " + i);
        assertEquals(powerBefore, i.getJsonNumber("powerBytes").longValue(), "the refused units add no power: " + i);
        List<JsonObject> history = view.getJsonArray("idleHistory").stream().map(JsonValue::asJsonObject).toList();
        JsonObject refusal = history.stream().filter(e -> e.getString("kind").equals("refused")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no refusal in the idle history: " + history));
        assertEquals(16, refusal.getInt("firstUnit"), refusal.toString());
        assertTrue(refusal.getString("reason").contains("no valid proof"), refusal.toString());
        String log = Files.readString(node.log());
        assertTrue(log.contains("miner " + m.ss58() + " cannot answer idle challenge") && java.util.regex.Pattern.compile("filler unit 1[6-9] is not on disk").matcher(log).find(),
                "the miner's node says why it could not answer (its health line did too, until its next answer)");
        assertTrue(record(m).missed() >= 1, "a missed certification counts as a missed deadline: " + record(m));
    }

    @Test
    @Order(5)
    void aMinerNoNodeAnswersForMissesItsDeadlinesAndIsSlashedFromTheSecond() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        Address unhosted = null;
        for (int i = 8; i >= 1; i--) {
            Address a = KeyPair.dev("//Miner" + i).address();
            if (unhosted == null && usedBytes(a) > 0) {
                unhosted = a;
            } else {
                keys.add("//Miner" + i);
            }
        }
        assertTrue(unhosted != null, "some miner holds data");
        Address stopped = unhosted;
        AuditRecord at = record(stopped);
        Amount before = stake(stopped);
        node.close();
        node = NodeProcess.start(root.resolve("data"), "audit-five", "-Dcess.genesis=" + genesisFile,
                "-Dcess.segment.bytes=1048576", "-Dcess.cache.bytes=0", "-Dcess.miners=" + String.join(",", keys));
        api = new NodeApi("http://127.0.0.1:" + node.port());
        await("the unanswered miner missed two deadlines", Duration.ofSeconds(150),
                () -> record(stopped).consecutiveMissed() >= 2);
        AuditRecord rec = record(stopped);
        assertTrue(rec.missed() >= at.missed() + 2, rec.toString());
        assertTrue(rec.lastReason().contains("missed its deadline"), rec.lastReason());
        Amount slashed = before.minus(stake(stopped));
        assertTrue(slashed.compareTo(Amount.cess(200)) >= 0, "at least the second miss's 5 %: " + slashed);
        assertEquals(rec.punished().minus(at.punished()), slashed, "the record counts what the stake lost");
        assertTrue(record(KeyPair.dev("//Miner1").address()).consecutiveMissed() == 0, "the hosted ones keep answering");
        String status = api.get("/api/audit/miners/" + stopped.ss58()).expect(200).json().getString("status");
        assertTrue(status.contains("missed its deadline"), status);
        // The devnet's restoral.missesBeforeRepair is 2 (service challenges; its idle misses count for punishment only):
        // its data is presumed lost, one entry for the miner,
        // and each fragment it holds is open to repair (implied, written when claimed).
        await("presumed lost after 2 missed service challenges in a row", Duration.ofSeconds(60), () -> {
            JsonObject p = api.get("/api/chain/state-proof?key=miner_absence:" + stopped.ss58()).expect(200).json();
            return p.getBoolean("present") && cess.storage.model.MinerAbsence.decode(new Decoder(Hex.decode(
                    p.getString("valueHex")))).presumed();
        });
        await("its segments show as degraded", Duration.ofSeconds(10), () -> api.get("/api/storage/redundancy").expect(200)
                .json().getJsonNumber("degradedSegments").longValue() >= 1);
    }
}
