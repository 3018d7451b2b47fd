package cess.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Call;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.StorageCall;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Repair on a storage network of four processes, where losing a miner means losing the process
 * that hosts it (issue #21). RS 4+2 over nine miners: A (validator, gateway, broker) hosts
 * //Miner1-2; the storage-only nodes B //Miner3-4 and //Miner9, C //Miner5-6, E //Miner7-8.
 * Objects of several segments, plain and encrypted (native {@code Cipher-Key} and S3 SSE-C),
 * are stored through A, and then:
 * <ol>
 *   <li>fragment files corrupted on C's disk make C's miners fail their proofs; the orders that
 *       opens are claimed and rebuilt on other nodes' miners;
 *   <li>//Miner9 exits: its data migrates to the others, and after the cooling period
 *       {@code withdraw_miner} returns its whole stake, unpunished;
 *   <li>C is stopped: nothing answers for its two miners, which miss their deadlines and are
 *       forced out (genesis {@code forcedExitMisses} 4), so that every fragment they held has an
 *       order; the repair workers on A, B and E rebuild them all, every file's health goes from
 *       degraded to healthy and no layout names C's miners; then E is stopped too, and its
 *       operator exits its two miners ({@code exit_miner}, the quick way to tell the chain):
 *       every object still reads byte-identical, every file degraded to exactly k fragments a
 *       segment, none lost. Four miners lost over time, no object lost.
 * </ol>
 * The genesis is the devnet's with periods of 12 blocks, 10 blocks to answer, claims of 20
 * blocks, a cooling of 30, miners bonding twice the collateral (so that a failed proof's 5 %
 * slash does not freeze them, and they may go on restoring), and //Miner9 registered; filler
 * generation is off, so that only service data is challenged, and so is the segment cache, so
 * that every read goes to the miners. The methods build on each other
 * (the network starts once, about a minute; the stops take miners for good) and run in order.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepairNetworkIT {
    static final KeyPair ALICE = StorageNetwork.ALICE;
    static final KeyPair MINER9 = KeyPair.dev("//Miner9");
    static final int SEG = StorageNetwork.SEGMENT;
    static final Amount STAKE = Amount.cess(8_000);
    static final byte[] KEY = StorageNetworkIT.random(32, 31);
    static final String KEY64 = Base64.getEncoder().encodeToString(KEY);
    static StorageNetwork net;
    /** Each stored object: its bytes, and how to read it back. */
    static final Map<String, Stored> objects = new LinkedHashMap<>();

    /** An object as stored: its file id and bytes; {@code s3Key} for one read through S3 with SSE-C, else native. */
    record Stored(String fid, byte[] data, boolean encrypted, String s3Key) {
    }

    static final String BUCKET = "repair-" + System.nanoTime();

    @BeforeAll
    static void startTheNetworkAndStore() throws Exception {
        Path root = NodeProcess.freshDir("repair-net");
        Path genesis = quickGenesis(root);
        net = new StorageNetwork(root, List.of(
                new StorageNetwork.Spec("a", null, null, null, List.of(1, 2)),
                new StorageNetwork.Spec("b", "storage", "//Charlie", "charlie-broker-pw", List.of(3, 4, 9)),
                new StorageNetwork.Spec("c", "storage", "//Dave", "dave-broker-pw", List.of(5, 6)),
                new StorageNetwork.Spec("e", "storage", "//Eve", "eve-broker-pw", List.of(7, 8))),
                List.of("-Dcess.genesis=" + genesis, "-Dcess.filler.bytes=0", "-Dcess.cache.bytes=0",
                        // the devnet's S3 key is on by the bundled genesis only; this one is another
                        "-Dcess.s3.static-keys=devnet:devnet-secret://Alice"));
        try {
            net.startAll();
            store("plain.bin", StorageNetworkIT.random(3 * SEG + SEG / 2 + 123, 32), false);
            store("sealed.bin", StorageNetworkIT.random(2 * SEG + 777, 33), true);
            store("small.txt", "a small file of one segment".repeat(100).getBytes(StandardCharsets.UTF_8), false);
            byte[] s3Data = StorageNetworkIT.random(SEG + SEG / 2, 34);
            try (S3Client s3 = s3()) {
                s3.createBucket(b -> b.bucket(BUCKET));
                s3.putObject(b -> b.bucket(BUCKET).key("s3-sealed.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(KEY64)
                        .sseCustomerKeyMD5(md5(KEY)), RequestBody.fromBytes(s3Data));
            }
            net.settle(Duration.ofSeconds(30));
            String s3Fid = null;
            for (JsonValue v : nativeList().getJsonArray("files")) {
                JsonObject f = v.asJsonObject();
                if (f.getString("bucket").equals(BUCKET) && f.getString("name").equals("s3-sealed.bin")) {
                    s3Fid = f.getString("fid");
                }
            }
            assertTrue(s3Fid != null, "the S3 object is listed: " + nativeList());
            objects.put("s3-sealed.bin", new Stored(s3Fid, s3Data, true, "s3-sealed.bin"));
            for (Stored o : objects.values()) {
                assertEquals("healthy", health(o.fid()).getString("state"), o.fid());
            }
        } catch (Throwable e) {
            net.close();
            throw e;
        }
    }

    @AfterAll
    static void stopTheNetwork() throws Exception {
        if (net != null) {
            net.closeKeepingLogs("repair-net");
        }
    }

    /** The devnet genesis, quicker and with //Miner9 (see the class comment). */
    static Path quickGenesis(Path root) throws Exception {
        JsonObject g;
        try (InputStream in = RepairNetworkIT.class.getResourceAsStream("/cess/genesis/devnet.json");
             var r = Json.createReader(in)) {
            g = r.readObject();
        }
        JsonArrayBuilder miners = Json.createArrayBuilder();
        for (JsonValue v : g.getJsonArray("miners")) {
            miners.add(Json.createObjectBuilder(v.asJsonObject()).add("stake", STAKE.units().toString()));
        }
        JsonObject first = g.getJsonArray("miners").getJsonObject(0);
        miners.add(Json.createObjectBuilder(first).add("address", MINER9.address().ss58()).add("stake", STAKE.units().toString()));
        JsonArrayBuilder balances = Json.createArrayBuilder(g.getJsonArray("balances"))
                .add(Json.createObjectBuilder().add("address", MINER9.address().ss58()).add("free", Amount.cess(1_000).units().toString()));
        JsonObject quick = Json.createObjectBuilder(g).add("miners", miners).add("balances", balances)
                .add("audit", Json.createObjectBuilder(g.getJsonObject("audit")).add("periodBlocks", 12)
                        .add("deadlineBaseBlocks", 10).add("forcedExitMisses", 4))
                .add("restoral", Json.createObjectBuilder(g.getJsonObject("restoral")).add("claimBlocks", 20)
                        .add("exitCoolingBlocks", 30).add("missesBeforeRepair", 3))
                .build();
        Path file = root.resolve("genesis.json");
        Files.writeString(file, quick.toString());
        return file;
    }

    static void store(String name, byte[] data, boolean encrypted) {
        NodeApi.Reply r = encrypted ? net.put("a", name, data, "Cipher-Key", KEY64) : net.put("a", name, data);
        objects.put(name, new Stored(r.expect(201).json().getString("fid"), data, encrypted, null));
    }

    static S3Client s3() {
        return net.s3("a");
    }

    static JsonObject nativeList() {
        NodeApi api = net.node("a").api();
        String target = "/api/files?owner=" + ALICE.address().ss58() + "&limit=10000";
        return api.request("GET", target, null, api.signed(ALICE, "GET", target, null, 60)).expect(200).json();
    }

    /** Every object reads back byte-identical through A's gateway. */
    static void everyObjectReadsByteIdentical(String when) throws Exception {
        for (Map.Entry<String, Stored> e : objects.entrySet()) {
            Stored o = e.getValue();
            byte[] got;
            if (o.s3Key() != null) {
                try (S3Client s3 = s3()) {
                    got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.s3Key()).sseCustomerAlgorithm("AES256")
                            .sseCustomerKey(KEY64).sseCustomerKeyMD5(md5(KEY))).asByteArray();
                }
            } else {
                HttpResponse<byte[]> r = o.encrypted() ? net.get("a", o.fid(), "Cipher-Key", KEY64) : net.get("a", o.fid());
                assertEquals(200, r.statusCode(), () -> when + ": " + e.getKey() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                got = r.body();
            }
            assertArrayEquals(o.data(), got, when + ": " + e.getKey() + " reads byte-identical");
        }
    }

    static String md5(byte[] b) {
        try {
            return StorageNetworkIT.md5Base64(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject health(String fid) {
        return net.node("a").api().get("/api/files/" + fid + "/health").expect(200).json();
    }

    /** fragment hash -> miner, over every segment of the file, as the final layout says now. */
    static Map<String, Address> holders(String fid) {
        Map<String, Address> out = new LinkedHashMap<>();
        for (JsonValue s : net.node("a").api().get("/api/files/" + fid + "/location").expect(200).json().getJsonArray("segments")) {
            for (JsonValue f : s.asJsonObject().getJsonArray("fragments")) {
                out.put(f.asJsonObject().getString("hash"), Address.parse(f.asJsonObject().getString("miner")));
            }
        }
        return out;
    }

    static Set<Address> minersHolding() {
        Set<Address> out = new HashSet<>();
        objects.values().forEach(o -> out.addAll(holders(o.fid()).values()));
        return out;
    }

    /** The chain's miners (A's final view), by account. */
    static Map<Address, JsonObject> miners() {
        Map<Address, JsonObject> out = new LinkedHashMap<>();
        for (JsonValue v : net.node("a").api().get("/api/storage/miners").expect(200).json().getJsonArray("miners")) {
            out.put(Address.parse(v.asJsonObject().getString("account")), v.asJsonObject());
        }
        return out;
    }

    static JsonObject audit(Address miner) {
        return net.node("a").api().get("/api/audit/miners/" + miner.ss58()).expect(200).json();
    }

    static Address miner(int i) {
        return KeyPair.dev("//Miner" + i).address();
    }

    static void await(String what, Duration timeout, BooleanSupplier done) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out after " + timeout + " waiting until " + what + "; logs under " + net.root);
            NodeApi.sleep(250);
        }
    }

    /** Until every file is healthy; returns the states its health went through (polled every quarter second). */
    static Set<String> awaitAllHealthy(Duration timeout) {
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + timeout.toNanos();
        await("every file is healthy again", timeout.plusSeconds(1), () -> {
            if (System.nanoTime() > end) { // say why before the wait gives up: a miner not positive is the usual cause
                Map<String, String> states = new LinkedHashMap<>();
                miners().forEach((a, m) -> states.put(a.ss58(), m.getString("state") + "/" + audit(a).getInt("missed") + " missed"));
                throw new AssertionError("files not healthy after " + timeout + "; miners: " + states + "; health: "
                        + objects.values().stream().map(o -> health(o.fid()).toString()).toList());
            }
            boolean all = true;
            for (Stored o : objects.values()) {
                String s = health(o.fid()).getString("state");
                seen.add(s);
                all &= s.equals("healthy");
            }
            return all;
        });
        return seen;
    }

    /** Every fragment of every file lies, byte-correct, on the disk of the node hosting its miner. */
    static void everyFragmentIsOnItsMinersDisk() throws Exception {
        for (Stored o : objects.values()) {
            for (Map.Entry<String, Address> f : holders(o.fid()).entrySet()) {
                Path file = net.fragmentFile(f.getValue(), f.getKey());
                assertTrue(Files.isRegularFile(file), "fragment " + f.getKey() + " is on the disk of " + f.getValue());
                byte[] bytes = Files.readAllBytes(file);
                assertEquals(Hash.parse(f.getKey()), new ChunkTree.Hasher().update(bytes, 0, bytes.length).finish(),
                        "the fragment file " + file + " holds the committed bytes");
            }
        }
    }

    /** Sends {@code call} signed by {@code key} through A, again if a nonce race with the key's own node refuses it; its final status. */
    static JsonObject submit(KeyPair key, Call call) {
        NodeApi a = net.node("a").api();
        NodeApi.Reply sent = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            sent = a.submit(a.sign(key, a.nextNonce(key.address()), a.minFee(), call));
            if (sent.status() == 202) {
                return a.awaitFinal(sent.json().getString("hash"), Duration.ofSeconds(30));
            }
            if (!sent.body().contains("nonce")) {
                break;
            }
            NodeApi.sleep(300);
        }
        throw new AssertionError(call.type() + " refused: " + sent.body());
    }

    @Test
    @Order(1)
    void fragmentFilesCorruptedOnAStorageNodeFailTheirProofsAndAreRebuiltOnOtherNodes() throws Exception {
        Map<Address, String[]> victims = new LinkedHashMap<>(); // miner -> {fid, fragment hash}
        for (Stored o : objects.values()) {
            for (Map.Entry<String, Address> f : holders(o.fid()).entrySet()) {
                if ((f.getValue().equals(miner(5)) || f.getValue().equals(miner(6))) && !victims.containsKey(f.getValue())) {
                    victims.put(f.getValue(), new String[] {o.fid(), f.getKey()});
                    break; // one fragment of this file: the two victims' fragments come from different files
                }
            }
        }
        assertEquals(2, victims.size(), "C's miners both hold fragments");
        for (Map.Entry<Address, String[]> v : victims.entrySet()) {
            Path file = net.fragmentFile(v.getKey(), v.getValue()[1]);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { // a failing disk: same length, other bytes
                raf.write(StorageNetworkIT.random((int) raf.length(), 35));
            }
        }
        await("both of C's miners failed a proof", Duration.ofSeconds(120),
                () -> victims.keySet().stream().allMatch(m -> audit(m).getInt("failedService") >= 1));
        await("both corrupted fragments were rebuilt on other miners", Duration.ofSeconds(120),
                () -> victims.entrySet().stream().allMatch(v -> !holders(v.getValue()[0]).get(v.getValue()[1]).equals(v.getKey())));
        for (Address victim : victims.keySet()) {
            JsonObject rec = audit(victim);
            assertTrue(Amount.parseUnits(rec.getString("punished")).compareTo(Amount.cess(200)) >= 0,
                    "a failed proof costs 5 % of the 4,000 CESS collateral: " + rec);
            assertEquals("positive", miners().get(victim).getString("state"),
                    "bonding twice the collateral, a 5 % slash leaves it positive (and able to restore)");
        }
        awaitAllHealthy(Duration.ofSeconds(60));
        everyFragmentIsOnItsMinersDisk();
        everyObjectReadsByteIdentical("after the corrupted fragments were rebuilt");
    }

    @Test
    @Order(2)
    void anExitingMinerHandsAllItsDataOverAndWithdrawsItsWholeStake() throws Exception {
        Address m9 = MINER9.address();
        assertTrue(minersHolding().contains(m9), "//Miner9 holds fragments");
        Amount free = net.node("a").api().free(m9);
        assertEquals(STAKE.units().toString(), miners().get(m9).getString("stake"));
        assertEquals("included", submit(MINER9, new StorageCall.ExitMiner()).getString("status"));
        assertEquals("exiting", miners().get(m9).getString("state"));
        await("//Miner9's fragments all moved to other miners", Duration.ofSeconds(120),
                () -> !minersHolding().contains(m9) && miners().get(m9).getJsonNumber("usedBytes").longValue() == 0);
        awaitAllHealthy(Duration.ofSeconds(60));
        everyFragmentIsOnItsMinersDisk();
        everyObjectReadsByteIdentical("after //Miner9's data migrated");

        // The cooling period (30 blocks from the exit) may still run: withdraw is refused until it is over.
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonObject withdrawn;
        while (true) {
            NodeApi a = net.node("a").api();
            NodeApi.Reply r = a.submit(a.sign(MINER9, a.nextNonce(m9), a.minFee(), new StorageCall.WithdrawMiner()));
            if (r.status() == 202) {
                withdrawn = a.awaitFinal(r.json().getString("hash"), Duration.ofSeconds(30));
                if (withdrawn.getString("status").equals("included")) {
                    break;
                }
            } else {
                assertTrue(r.body().contains("cooling off") || r.body().contains("nonce"), r.body());
            }
            assertTrue(System.nanoTime() < end, "withdraw_miner not taken within 90 s: " + r.body());
            NodeApi.sleep(1_000);
        }
        assertFalse(miners().containsKey(m9), "//Miner9 is no longer registered");
        Amount after = net.node("a").api().free(m9);
        Amount fees = Amount.cess(1); // two transactions at the minimum fee, far below
        assertTrue(after.compareTo(free.plus(STAKE).minus(fees)) >= 0 && after.compareTo(free.plus(STAKE)) <= 0,
                "the whole stake came back: " + free + " -> " + after);
        assertEquals("0", audit(m9).getString("punishedCess"), "not punished for the data it handed over");
    }

    @Test
    @Order(3)
    void stoppingTwoStorageNodesOneAfterTheOtherLosesFourMinersAndNoObject() throws Exception {
        Set<Address> ofC = Set.of(miner(5), miner(6));
        Set<Address> ofE = Set.of(miner(7), miner(8));
        assertTrue(minersHolding().containsAll(ofC) && minersHolding().containsAll(ofE), "C's and E's miners hold data");
        long rebuiltBefore = rebuilt();

        long degraded = StorageNetwork.healthNumber(net.node("a"), "degradedSegmentReads");
        net.stop("c");
        everyObjectReadsByteIdentical("C stopped");
        assertTrue(StorageNetwork.healthNumber(net.node("a"), "degradedSegmentReads") > degraded,
                "the reads went to the miners and used parity for C's fragments");
        // Missing their deadlines, C's miners are presumed lost after restoral.missesBeforeRepair (3) misses: their
        // fragments imply orders, the files are degraded and repaired; after forcedExitMisses (4) they are forced out.
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + Duration.ofSeconds(360).toNanos();
        await("C's two miners are presumed lost, their fragments rebuilt, and they are forced out",
                Duration.ofSeconds(361), () -> {
                    if (System.nanoTime() > end) { // say why before the wait gives up
                        Map<String, String> states = new LinkedHashMap<>();
                        miners().forEach((a, m) -> states.put(a.ss58(), m.getString("state") + "/"
                                + audit(a).getInt("missed") + " missed"));
                        throw new AssertionError("not repaired and forced out in 360 s; miners: " + states + "; health: "
                                + objects.values().stream().map(o -> health(o.fid()).toString()).toList());
                    }
                    boolean all = true;
                    for (Stored o : objects.values()) {
                        String s = health(o.fid()).getString("state");
                        seen.add(s);
                        all &= s.equals("healthy");
                    }
                    return all && ofC.stream().allMatch(m -> miners().get(m).getString("state").equals("exiting"));
                });
        assertTrue(seen.contains("degraded"), "the files were seen degraded before the repair finished: " + seen);
        Set<Address> holding = minersHolding();
        assertTrue(holding.stream().noneMatch(ofC::contains), "no layout names C's miners any more: " + holding);
        assertEquals(Set.of(miner(1), miner(2), miner(3), miner(4), miner(7), miner(8)), holding,
                "every segment's six fragments on the six miners left");
        assertTrue(rebuilt() > rebuiltBefore, "the repair workers of A, B and E rebuilt C's fragments");
        everyFragmentIsOnItsMinersDisk();
        everyObjectReadsByteIdentical("after C's fragments were rebuilt");

        degraded = StorageNetwork.healthNumber(net.node("a"), "degradedSegmentReads");
        net.stop("e");
        everyObjectReadsByteIdentical("E stopped too: four miners lost");
        assertTrue(StorageNetwork.healthNumber(net.node("a"), "degradedSegmentReads") > degraded, "parity again, for E's");
        // This time the operator tells the chain at once, signing with the miners' keys from anywhere.
        for (int i : new int[] {7, 8}) {
            assertEquals("included", submit(KeyPair.dev("//Miner" + i), new StorageCall.ExitMiner()).getString("status"));
        }
        assertTrue(ofE.stream().allMatch(m -> miners().get(m).getString("state").equals("exiting")));
        for (Stored o : objects.values()) {
            JsonObject h = health(o.fid());
            assertEquals("degraded", h.getString("state"), h.toString());
            assertEquals(0, h.getInt("segmentsLost"), h.toString());
            assertEquals(0, h.getInt("redundancy"), "each segment has exactly k = 4 fragments left: " + h);
            assertEquals(h.getInt("segments"), h.getInt("segmentsDegraded"), h.toString());
            assertEquals(2L * h.getInt("segments"), h.getJsonNumber("fragmentsMissing").longValue(), h.toString());
            JsonObject gap = h.getJsonArray("degradedSegments").getJsonObject(0).getJsonArray("missing").getJsonObject(0);
            assertEquals("miner_exiting", gap.getString("reason"), h.toString());
            assertTrue(ofE.contains(Address.parse(gap.getString("miner"))), h.toString());
        }
        everyObjectReadsByteIdentical("E's miners exited: no miner is left to restore to, and nothing is lost");
    }

    /** Fragments rebuilt by the repair workers of the running storage nodes, as their health says. */
    static long rebuilt() {
        long n = 0;
        for (String node : List.of("a", "b", "e")) {
            if (net.node(node) != null) {
                n += Long.parseLong(NetworkIT.health(net.node(node)).get("repair.rebuilt").toString().replace("\"", ""));
            }
        }
        return n;
    }
}
