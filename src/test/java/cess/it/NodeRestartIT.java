package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cess.cli.Cli;
import cess.ledger.model.SignedTransaction;
import cess.shared.Amount;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node as an operator runs it: the documented Payara Micro command line, one data
 * directory, a restart. The chain continues from the same head hash and state root, a
 * transaction left pending at shutdown is still finalized, and the CLI drives it all.
 */
@Timeout(600)
class NodeRestartIT {
    private static final KeyPair ALICE = KeyPair.dev("//Alice");
    private static final KeyPair CHARLIE = KeyPair.dev("//Charlie");
    private static Path root;

    @BeforeAll
    static void dirs() throws Exception {
        root = NodeProcess.freshDir("restart");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        NodeProcess.deleteTree(root);
    }

    @Test
    void restartContinuesFromTheSameHeadAndStateAndTheCliWorks() throws Exception {
        Path data = root.resolve("data");
        JsonObject headBefore;
        String pendingHash;
        try (NodeProcess node = NodeProcess.start(data, "first")) {
            // The CLI, as README shows it: a transfer that waits until it is final.
            Cli.Result sent = cli(node, "transfer", "--from", "//Alice", "--to", "//Charlie", "--amount", "3");
            assertEquals(0, sent.exit(), sent.err());
            assertTrue(sent.out().contains("(final)"), sent.out());
            Cli.Result balance = cli(node, "balance", CHARLIE.address().ss58());
            assertEquals(0, balance.exit(), balance.err());
            assertTrue(balance.out().contains("1000003 CESS"), balance.out());
            Cli.Result refused = cli(node, "transfer", "--from", "//Ferdie", "--to", "//Alice", "--amount", "99999999");
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains("422 insufficient_balance"), refused.err());
            Path keyFile = root.resolve("my.key");
            Cli.Result keygen = cli(node, "keygen", "--out", keyFile.toString());
            assertEquals(0, keygen.exit(), keygen.err());
            assertEquals(keygen.out().trim(), cli(node, "address", keyFile.toString()).out().trim());
            Cli.Result again = cli(node, "keygen", "--out", keyFile.toString());
            assertEquals(1, again.exit(), "keygen refuses to overwrite a key file");
            assertTrue(again.err().contains("already exists"), again.err());
            assertEquals(2, cli(node, "transfer", "--from", "//Alice").exit(), "usage error");

            NodeApi api = node.api();
            headBefore = api.get("/api/chain/head").expect(200).json();
            assertTrue(headBefore.getJsonNumber("height").longValue() >= 1);
            // Submit one more and stop at once: it may or may not be final yet, but it must not be lost.
            SignedTransaction last = api.transfer(ALICE, CHARLIE.address(), Amount.cess(1), api.nextNonce(ALICE.address()));
            api.submit(last).expect(202);
            pendingHash = last.hash().hex();
            headBefore = api.get("/api/chain/head").expect(200).json();
        }
        try (NodeProcess node = NodeProcess.start(data, "second")) {
            NodeApi api = node.api();
            JsonObject headAfter = api.get("/api/chain/blocks/" + headBefore.getJsonNumber("height").longValue())
                    .expect(200).json();
            assertEquals(headBefore.getString("hash"), headAfter.getString("hash"));
            assertEquals(headBefore.getString("stateRoot"), headAfter.getString("stateRoot"));
            JsonObject fin = api.awaitFinal(pendingHash, Duration.ofSeconds(30));
            assertEquals("included", fin.getString("status"), "an admitted transaction survives a restart");
            assertEquals(Amount.cess(1_000_004), api.free(CHARLIE.address()));

            SignedTransaction next = api.transfer(ALICE, CHARLIE.address(), Amount.cess(1), api.nextNonce(ALICE.address()));
            api.submit(next).expect(202);
            long h = api.awaitFinal(next.hash().hex(), Duration.ofSeconds(30)).getJsonNumber("height").longValue();
            JsonObject block = api.get("/api/chain/blocks/" + h).expect(200).json();
            JsonObject parent = api.get("/api/chain/blocks/" + (h - 1)).expect(200).json();
            assertEquals(parent.getString("hash"), block.getString("parentHash"));
        }
        assertTrue(Files.exists(data.resolve("db")), "the database lives under cess.data.dir");
    }

    /**
     * A node started as documented listens on 127.0.0.1 only (its HTTP port and nothing else on
     * another address; no Hazelcast on 6900), and 200 clients trickling request bodies a byte a
     * second leave {@code /api/chain/head} answering in well under a second: past the body
     * slots they are told 503 at once, and the admitted ones are cut after the grace.
     */
    @Test
    void bindsOnlyToLoopbackAndSlowBodiesDoNotStarveIt() throws Exception {
        try (NodeProcess node = NodeProcess.start(root.resolve("edge"), "edge")) {
            List<String> listening = NodeSockets.listening(node.pid());
            assertTrue(listening.contains("127.0.0.1:" + node.port()), "the HTTP port on loopback: " + listening);
            for (String l : listening) {
                assertTrue(l.startsWith("127.0.0.1:"), "listens only on 127.0.0.1, not " + l + " (all: " + listening + ")");
                assertFalse(l.endsWith(":6900"), "no Hazelcast: " + listening);
            }
            for (java.net.InetAddress own : NodeSockets.ownNonLoopbackAddresses()) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(own, node.port()), 1000);
                    fail("the node answers on this machine's address " + own);
                } catch (java.io.IOException expected) {
                    // refused: nothing listens there
                }
            }
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> SlowClients.assertHeadAnswersWhileTrickling(node));
        }
    }

    private static Cli.Result cli(NodeProcess node, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = new String[args.length + 2];
        argv[0] = "--node";
        argv[1] = node.url();
        System.arraycopy(args, 0, argv, 2, args.length);
        int exit = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                node.url()).run(argv);
        return new Cli.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
