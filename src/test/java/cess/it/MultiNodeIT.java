package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.cli.Cli;
import cess.ledger.wire.KeyFile;
import cess.shared.Amount;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import cess.consensus.model.Vote;
import cess.shared.Hash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A network of four validators, each its own Payara Micro process, and a standalone Artemis
 * broker, all on 127.0.0.1, from a genesis written by the CLI's {@code genesis} command. The
 * tests run in order on the same network: transfers sent to different nodes finalize and every
 * node agrees on head and state; epoch after epoch (4 blocks each) the chain draws the on-duty
 * set, counts each validator's work into credit and mixes the proposers' reveals, the same on
 * every node; one validator down, the chain goes on; restarted, it catches
 * up; two down, finality stops without a fork and resumes when one returns; a process started
 * with a validator's key is detected; two conflicting votes signed with that key become evidence on
chain and the validator is slashed once. The broker takes only the validators' logins, from the
 * users file and password files {@code genesis} wrote. Every process is stopped at the end.
 *
 * <p>Runs in the {@code multinode} profile ({@code mvn -B verify -Pmultinode}), as CI does.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
    static final int N = 4;
    static final Duration FINAL = Duration.ofSeconds(60);
    /** Blocks per epoch: short, so that the test crosses several epoch boundaries. */
    static final long EPOCH = 4;
    static Path root;
    static Path net;
    static BrokerProcess broker;
    static final NodeProcess[] nodes = new NodeProcess[N];
    static final KeyPair[] keys = new KeyPair[N];
    static final KeyPair PAYEE = KeyPair.dev("//Charlie");

    @BeforeAll
    static void network() throws Exception {
        root = NodeProcess.freshDir("multinode");
        net = root.resolve("net");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "http://127.0.0.1:1")
                .run(new String[] {"genesis", "--validators", Integer.toString(N), "--out", net.toString(),
                        "--block-ms", "200", "--epoch-blocks", Long.toString(EPOCH)});
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        for (int i = 0; i < N; i++) {
            keys[i] = KeyFile.read(net.resolve("validator-" + (i + 1) + ".key"));
        }
        broker = BrokerProcess.start(root.resolve("broker"), net.resolve("broker-users.properties"));
        ExecutorService starter = Executors.newFixedThreadPool(N);
        try {
            List<Future<NodeProcess>> started = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int n = i;
                started.add(starter.submit(() -> startNode(n, "")));
            }
            for (int i = 0; i < N; i++) {
                nodes[i] = started.get(i).get();
            }
        } finally {
            starter.shutdown();
        }
    }

    static NodeProcess startNode(int i, String suffix) throws Exception {
        return NodeProcess.start(root.resolve("node" + (i + 1)), "node" + (i + 1) + suffix,
                "-Dcess.genesis=" + net.resolve("genesis.json"),
                "-Dcess.node.key=" + net.resolve("validator-" + (i + 1) + ".key"),
                "-Dcess.broker.url=" + broker.url(), "-Dcess.broker.password-file=" + passwordFile(i),
                "-Dcess.roles=gateway,consensus", "-Xmx512m");
    }

    /** Validator {@code i}'s broker password file, as {@code genesis} wrote it. */
    static Path passwordFile(int i) {
        return net.resolve("validator-" + (i + 1) + ".broker-password");
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (NodeProcess n : nodes) {
            if (n != null) {
                n.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
        NodeProcess.keepLogsAndDelete(root, "multinode");
    }

    // ------------------------------------------------------------------ helpers

    static final ChainWatch watch = new ChainWatch(nodes, FINAL);

    /** Sends 1 CESS from validator {@code from}'s account through node {@code via}; returns the transaction hash. */
    static String transfer(int via, int from) {
        return watch.transfer(via, keys[from], PAYEE);
    }

    static void awaitIncluded(String hash, int... on) {
        watch.awaitIncluded(hash, on);
    }

    static JsonObject head(int i) {
        return watch.head(i);
    }

    static JsonObject health(int i) {
        return watch.health(i);
    }

    static long awaitSameHead(long atLeast, int... on) {
        return watch.awaitSameHead(atLeast, on);
    }

    static void assertNoFork(long height, int... on) {
        watch.assertNoFork(height, on);
    }

    // ------------------------------------------------------------------ the network's life

    @Test
    @Order(1)
    void transfersSentToDifferentNodesAllFinalizeAndEveryNodeAgrees() {
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < N; i++) {
                sent.add(transfer(i, i)); // validator i's own account through node i: nonces never collide
            }
        }
        for (String hash : sent) {
            awaitIncluded(hash, 0, 1, 2, 3);
        }
        long height = awaitSameHead(1, 0, 1, 2, 3);
        assertNoFork(height, 0, 1, 2, 3);
        for (int i = 0; i < N; i++) {
            assertEquals("no", health(i).getString("diverged"));
            assertEquals("0", health(i).get("messagesDropped").toString().replace("\"", ""),
                    "nothing forged or replayed: " + health(i));
        }
        // Blocks were proposed by more than one validator: the proposer rotates.
        java.util.Set<String> proposers = new java.util.HashSet<>();
        for (long h = 1; h <= height; h++) {
            proposers.add(nodes[0].api().get("/api/chain/blocks/" + h).json().getString("proposer"));
        }
        assertTrue(proposers.size() > 1 || height == 1, "one proposer made every block: " + proposers);
        // The network's broker takes only the validators' logins.
        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory(broker.url())) {
            org.junit.jupiter.api.Assertions.assertThrows(jakarta.jms.JMSSecurityRuntimeException.class,
                    () -> factory.createContext().close(), "an anonymous login");
        }
    }

    @Test
    @Order(2)
    void epochByEpochTheChainDrawsTheValidatorsCountsTheirWorkAndEveryNodeAgrees() {
        long height = awaitSameHead(1, 0, 1, 2, 3);
        while (height < 2 * EPOCH + 1) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                sent.add(transfer(i, i));
            }
            for (String hash : sent) {
                awaitIncluded(hash, 0, 1, 2, 3);
            }
            height = awaitSameHead(height + 1, 0, 1, 2, 3);
        }
        JsonObject view = nodes[0].api().get("/api/validators").expect(200).json();
        for (int i = 1; i < N; i++) {
            assertEquals(view, nodes[i].api().get("/api/validators").expect(200).json(),
                    "node " + (i + 1) + " sees other validators, credit or mix");
        }
        assertTrue(view.getJsonNumber("epoch").longValue() >= 2, view.toString());
        assertEquals(N, view.getJsonObject("nextEpoch").getJsonArray("onDuty").size(), "4 candidates, 11 seats: all serve");
        assertTrue(view.getJsonObject("randao").getInt("reveals") >= 3, "proposers revealed their onions: " + view);
        for (JsonValue c : view.getJsonArray("candidates")) {
            JsonObject cand = c.asJsonObject();
            assertTrue(cand.getJsonArray("scores").size() >= 2, "periods 0 and 1 closed with a score each: " + cand);
            assertTrue(cand.getInt("credit") > 0, cand.toString());
        }
        assertNoFork(height, 0, 1, 2, 3);
    }

    @Test
    @Order(3)
    void withOneValidatorDownTheChainGoesOnAndTheValidatorCatchesUpWhenBack() throws Exception {
        nodes[3].close();
        nodes[3] = null;
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(transfer(i, i));
        }
        for (String hash : sent) {
            awaitIncluded(hash, 0, 1, 2);
        }
        long height = awaitSameHead(1, 0, 1, 2);

        nodes[3] = startNode(3, "-back");
        long caughtUp = awaitSameHead(height, 0, 1, 2, 3);
        assertTrue(Long.parseLong(health(3).get("blocksSynced").toString().replace("\"", "")) > 0,
                "the returning node synced blocks from its peers: " + health(3));
        assertNoFork(caughtUp, 0, 3);
        String hash = transfer(3, 3);
        awaitIncluded(hash, 0, 1, 2, 3);
    }

    @Test
    @Order(4)
    void withTwoOfFourDownFinalityStopsWithoutAForkAndResumesWhenOneReturns() throws Exception {
        long before = awaitSameHead(1, 0, 1, 2, 3);
        nodes[2].close();
        nodes[2] = null;
        nodes[3].close();
        nodes[3] = null;
        String stuck = transfer(0, 0);
        NodeApi.sleep(8000);
        assertEquals("pending", nodes[0].api().get("/api/transactions/" + stuck).json().getString("status"),
                "half the stake cannot finalize");
        long held = awaitSameHead(before, 0, 1);
        assertEquals(before, held, "no block became final without a quorum");

        nodes[2] = startNode(2, "-back");
        awaitIncluded(stuck, 0, 1, 2);
        long height = awaitSameHead(before + 1, 0, 1, 2);
        assertNoFork(height, 0, 1, 2);
        nodes[3] = startNode(3, "-again");
        awaitSameHead(height, 0, 1, 2, 3);
    }

    @Test
    @Order(5)
    void aProcessStartedWithAValidatorsKeyIsDetectedAndTheOthersGoOn() throws Exception {
        try (NodeProcess impostor = NodeProcess.start(root.resolve("impostor"), "impostor",
                "-Dcess.genesis=" + net.resolve("genesis.json"),
                "-Dcess.node.key=" + net.resolve("validator-2.key"),
                "-Dcess.broker.url=" + broker.url(), "-Dcess.broker.password-file=" + passwordFile(1),
                "-Dcess.roles=gateway,consensus", "-Xmx512m")) {
            long deadline = System.nanoTime() + FINAL.toNanos();
            while (health(1).getString("diverged").equals("no")) {
                assertTrue(System.nanoTime() < deadline, "node 2 did not notice the impostor: " + health(1));
                NodeApi.sleep(250);
            }
            assertTrue(health(1).getString("diverged").contains("another process signs with this node's key"),
                    health(1).toString());
            assertEquals(503, nodes[1].api().get("/health").status(), "a node whose key is in two places is not ready");
            // Validator 2 stopped voting; the other three hold 3/4 of the stake and go on.
            String hash = transfer(0, 0);
            awaitIncluded(hash, 0, 2, 3);
        }
    }

    @Test
    @Order(6)
    void aValidatorThatSignsTwoVotesForOneSlotIsSlashedOnChain() throws Exception {
        // Validator 2's node stopped at the key clash; its key now signs two prevotes for one
        // slot, published on the consensus topic like any node's messages (with its broker login).
        KeyPair cheat = keys[1];
        NodeApi api = nodes[0].api();
        Hash chain = api.genesis();
        long slot = awaitSameHead(1, 0, 2, 3) + 1;
        JsonObject before = candidate(api.get("/api/validators").expect(200).json(), cheat);
        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory(broker.url());
             jakarta.jms.JMSContext ctx = factory.createContext(cheat.address().ss58(),
                     java.nio.file.Files.readString(passwordFile(1)).trim())) {
            for (int b : new int[] {1, 2}) {
                Vote v = new Vote(Vote.Type.PREVOTE, slot, 0, java.util.Optional.of(Hash.sha256(new byte[] {(byte) b})),
                        cheat.address(), null);
                Vote signed = v.signed(cheat.sign(v.signingPayload(chain)));
                jakarta.jms.BytesMessage m = ctx.createBytesMessage();
                m.writeBytes(cess.network.model.Envelope.create(cess.network.model.Envelope.Kind.VOTE,
                        System.currentTimeMillis(), signed.encode(), cheat, chain).encode());
                ctx.createProducer().send(ctx.createTopic("cess.consensus"), m);
            }
        }
        long deadline = System.nanoTime() + FINAL.toNanos();
        JsonObject view;
        while (true) {
            view = api.get("/api/validators").expect(200).json();
            if (!view.getJsonArray("offences").isEmpty()) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "no evidence on chain: " + view + "; health " + health(0));
            NodeApi.sleep(250);
        }
        JsonObject offence = view.getJsonArray("offences").getJsonObject(0);
        assertEquals(cheat.address().ss58(), offence.getString("offender"));
        assertEquals(slot, offence.getJsonNumber("height").longValue());
        assertEquals("prevote", offence.getString("vote"));
        Amount stake = Amount.parseUnits(before.getString("stake"));
        Amount cut = stake.share(10, 100);
        assertEquals(cut.toString(), offence.getString("slashed"));
        assertEquals(stake.minus(cut).toString(), candidate(view, cheat).getString("stake"));
        assertEquals(cut.toString(), view.getString("punishmentPool"));
        long height = awaitSameHead(offence.getJsonNumber("inBlock").longValue(), 0, 2, 3);
        for (int i : new int[] {2, 3}) {
            assertEquals(view.getJsonArray("offences"),
                    nodes[i].api().get("/api/validators").expect(200).json().getJsonArray("offences"),
                    "node " + (i + 1) + " punished the same offence once");
        }
        assertNoFork(height, 0, 2, 3);
    }

    static JsonObject candidate(JsonObject view, KeyPair k) {
        return view.getJsonArray("candidates").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("account").equals(k.address().ss58())).findFirst().orElseThrow();
    }
}
