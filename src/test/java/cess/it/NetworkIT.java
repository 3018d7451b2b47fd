package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two node processes on 127.0.0.1: the first embeds the broker and accepts other nodes over TCP
 * ({@code cess.broker.listen}), the second joins it ({@code cess.broker.url}), hears the first's
 * signed block announcements and, not being a validator, follows the chain by sync (its pool
 * also got the transfers by gossip); when the first node (and with it the broker) stops and
 * starts again, the second reconnects by itself. A third process started with the first one's
 * key is detected: the first node stops producing and reports the divergence in its health.
 */
@Timeout(600)
class NetworkIT {
    private static final KeyPair ALICE = KeyPair.dev("//Alice");
    private static final KeyPair CHARLIE = KeyPair.dev("//Charlie");
    private static Path root;

    @BeforeAll
    static void dirs() throws Exception {
        root = NodeProcess.freshDir("network");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        NodeProcess.keepLogsAndDelete(root, "network");
    }

    static JsonObject health(NodeProcess node) {
        return node.api().get("/health").json().getJsonArray("checks").getJsonObject(0).getJsonObject("data");
    }

    static long fromPeers(NodeProcess node) {
        return Long.parseLong(health(node).get("blockAnnouncementsFromPeers").toString().replace("\"", ""));
    }

    static String finalizeATransfer(NodeProcess node) {
        NodeApi api = node.api();
        String hash = api.submit(api.transfer(ALICE, CHARLIE.address(), Amount.cess(1), api.nextNonce(ALICE.address())))
                .expect(202).json().getString("hash");
        assertEquals("included", api.awaitFinal(hash, Duration.ofSeconds(30)).getString("status"));
        return hash;
    }

    static void awaitIncluded(NodeProcess node, String hash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            NodeApi.Reply r = node.api().get("/api/transactions/" + hash);
            if (r.status() == 200 && "included".equals(r.json().getString("status"))) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "transaction " + hash + " not included within " + timeout
                    + ": " + r.body() + "; health " + health(node));
            NodeApi.sleep(100);
        }
    }

    static void awaitFromPeers(NodeProcess node, long atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fromPeers(node) < atLeast) {
            assertTrue(System.nanoTime() < deadline, "no block announcement from the peer within " + timeout
                    + "; health: " + health(node));
            NodeApi.sleep(250);
        }
    }

    @Test
    void aNodeJoinsAnotherOverTcpHearsItsSignedBlocksAndReconnectsAfterTheBrokerRestarts() throws Exception {
        int brokerPort = NodeProcess.freePort();
        String listen = "-Dcess.broker.listen=127.0.0.1:" + brokerPort;
        NodeProcess first = NodeProcess.start(root.resolve("n1"), "n1", listen);
        try (NodeProcess second = NodeProcess.start(root.resolve("n2"), "n2",
                "-Dcess.broker.url=tcp://127.0.0.1:" + brokerPort, "-Dcess.node.key=//Bob")) {
            assertEquals("joined tcp://127.0.0.1:" + brokerPort, health(second).getString("broker"));
            String firstHash = finalizeATransfer(first);
            awaitFromPeers(second, 1, Duration.ofSeconds(30));
            // The second node is no validator: it follows by sync, checking each block's commit.
            awaitIncluded(second, firstHash, Duration.ofSeconds(30));
            assertEquals(first.api().get("/api/chain/head").json().getString("hash"),
                    second.api().get("/api/chain/head").json().getString("hash"));
            long before = fromPeers(second);

            first.close(); // the broker goes down with it
            first = NodeProcess.start(root.resolve("n1"), "n1-again", listen);
            String after = finalizeATransfer(first);
            awaitFromPeers(second, before + 1, Duration.ofSeconds(60));
            awaitIncluded(second, after, Duration.ofSeconds(60));
            assertEquals("0", health(second).getString("messagesDropped"), "nothing forged or replayed");

            // A third process started with the first one's key announces its head: the first node
            // hears a message signed with its key that it did not seal, and stops.
            try (NodeProcess impostor = NodeProcess.start(root.resolve("n3"), "n3",
                    "-Dcess.broker.url=tcp://127.0.0.1:" + brokerPort, "-Dcess.node.key=//Alice")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (health(first).getString("diverged").equals("no")) {
                    assertTrue(System.nanoTime() < deadline, "the first node did not notice: " + health(first));
                    NodeApi.sleep(250);
                }
                assertTrue(health(first).getString("diverged").contains("another process signs with this node's key"),
                        health(first).toString());
                assertEquals(503, first.api().get("/health").status(), "a diverged node is not ready");
                NodeApi api = first.api();
                String hash = api.submit(api.transfer(ALICE, CHARLIE.address(), Amount.cess(1),
                        api.nextNonce(ALICE.address()))).expect(202).json().getString("hash");
                NodeApi.sleep(3000);
                assertEquals("pending", api.get("/api/transactions/" + hash).json().getString("status"),
                        "a diverged node finalizes nothing more");
            }
        } finally {
            first.close();
        }
    }
}
