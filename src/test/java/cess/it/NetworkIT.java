package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.network.control.BrokerUrls;
import cess.network.control.TestKeyStores;
import cess.network.model.BrokerAccess;
import cess.network.model.BrokerPassword;
import cess.shared.Amount;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two node processes on 127.0.0.1: the first embeds the broker and accepts other nodes over TLS
 * ({@code cess.broker.listen}, a key store made by keytool, a users file with the nodes' password
 * hashes and an admin), the second joins it with its own login ({@code cess.broker.url}, a trust
 * store), hears the first's signed block announcements and, not being a validator, follows the
 * chain by sync (its pool also got the transfers by gossip). Anonymous logins are refused, and the
 * second node's login can neither consume nor delete the first one's queues nor reach
 * management. When an admin deletes the second node's queue, the node re-creates it and syncs on;
 * when the first node (and with it the broker) stops, the second's health is DOWN until it has
 * reconnected by itself. A third process started with the first one's key (and login) is
 * detected: the first node stops producing and reports the divergence in its health.
 */
@Timeout(600)
class NetworkIT {
    private static final KeyPair ALICE = KeyPair.dev("//Alice");
    private static final KeyPair CHARLIE = KeyPair.dev("//Charlie");
    private static final KeyPair BOB = KeyPair.dev("//Bob");
    static final String STORE_PW = "network-store-secret";
    static final String ALICE_PW = "alice-broker-secret";
    static final String BOB_PW = "bob-broker-secret";
    static final String ADMIN_PW = "ops-broker-secret";
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

    /** Connects to the first node's broker over TLS (trusting its certificate), as the broker's nodes do. */
    static ActiveMQJMSConnectionFactory factory(String url, Path trustStore) {
        return new ActiveMQJMSConnectionFactory(BrokerUrls.connector(url, Optional.of(trustStore), STORE_PW));
    }

    /** Invokes a broker management operation through the management address, as {@code user}. */
    static Object manage(ActiveMQJMSConnectionFactory f, String user, String password, String operation, Object... args)
            throws Exception {
        try (QueueConnection c = f.createQueueConnection(user, password)) {
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            Message m = s.createMessage();
            JMSManagementHelper.putOperationInvocation(m, "broker", operation, args);
            Message reply = new QueueRequestor(s, s.createQueue("activemq.management")).request(m);
            assertTrue(JMSManagementHelper.hasOperationSucceeded(reply), operation + ": " + JMSManagementHelper.getResult(reply));
            return JMSManagementHelper.getResult(reply);
        }
    }

    static List<Object> queueNames(ActiveMQJMSConnectionFactory f) throws Exception {
        return Arrays.asList((Object[]) manage(f, "ops", ADMIN_PW, "getQueueNames"));
    }

    static void awaitStatus(NodeProcess node, int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (node.api().get("/health").status() != status) {
            assertTrue(System.nanoTime() < deadline, "health not " + status + " within " + timeout + ": " + health(node));
            NodeApi.sleep(100);
        }
    }

    @Test
    void aNodeJoinsAnotherOverTlsWithItsOwnLoginHearsItsSignedBlocksAndReconnectsAfterTheBrokerRestarts()
            throws Exception {
        int brokerPort = NodeProcess.freePort();
        String url = "tcp://127.0.0.1:" + brokerPort;
        Path keyStore = TestKeyStores.keyStore(root, "broker", STORE_PW);
        Path trustStore = TestKeyStores.trustStore(root, keyStore, "broker", "trust", STORE_PW);
        Path users = root.resolve("broker-users.properties");
        Files.writeString(users, ALICE.address().ss58() + " = " + BrokerPassword.hash(ALICE_PW, new byte[] {1, 2, 3, 4})
                + "\n" + BOB.address().ss58() + " = " + BrokerPassword.hash(BOB_PW, new byte[] {5, 6, 7, 8})
                + "\nops = " + ADMIN_PW + "\n");
        String[] embedding = {"-Dcess.broker.listen=127.0.0.1:" + brokerPort, "-Dcess.broker.users=" + users,
                "-Dcess.broker.admins=ops", "-Dcess.broker.tls.key-store=" + keyStore,
                "-Dcess.broker.tls.key-store-password=" + STORE_PW};
        String[] tls = {"-Dcess.broker.tls.trust-store=" + trustStore, "-Dcess.broker.tls.trust-store-password=" + STORE_PW};
        NodeProcess first = NodeProcess.start(root.resolve("n1"), "n1", embedding);
        try (NodeProcess second = NodeProcess.start(root.resolve("n2"), "n2", "-Dcess.broker.url=" + url,
                "-Dcess.node.key=//Bob", "-Dcess.broker.password=" + BOB_PW, tls[0], tls[1])) {
            assertEquals("joined " + url, health(second).getString("broker"));
            String firstHash = finalizeATransfer(first);
            awaitFromPeers(second, 1, Duration.ofSeconds(30));
            // The second node is no validator: it follows by sync, checking each block's commit.
            awaitIncluded(second, firstHash, Duration.ofSeconds(30));
            assertEquals(first.api().get("/api/chain/head").json().getString("hash"),
                    second.api().get("/api/chain/head").json().getString("hash"));

            // Nobody gets in without a login, and Bob's login reaches nothing of Alice's but her inbox.
            ActiveMQJMSConnectionFactory f = factory(url, trustStore);
            assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext().close(), "anonymous");
            assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext(ALICE.address().ss58(), BOB_PW).close(),
                    "Alice's account with Bob's password");
            String aliceQueue = BrokerAccess.nodeQueue(ALICE.address().ss58());
            try (JMSContext bob = f.createContext(BOB.address().ss58(), BOB_PW)) {
                assertThrows(JMSSecurityRuntimeException.class, () -> bob.createConsumer(bob.createQueue(aliceQueue)).close(),
                        "Bob consumes Alice's queue");
                assertThrows(JMSSecurityRuntimeException.class, () -> bob.createSharedConsumer(
                        bob.createTopic(BrokerAccess.BLOCKS), BrokerAccess.subscriptionName(BrokerAccess.BLOCKS,
                                ALICE.address().ss58())).close(), "Bob joins Alice's subscription");
            }
            try (ServerLocator locator = ActiveMQClient.createServerLocator(
                    BrokerUrls.connector(url, Optional.of(trustStore), STORE_PW));
                 ClientSessionFactory sf = locator.createSessionFactory();
                 ClientSession core = sf.createSession(BOB.address().ss58(), BOB_PW, false, true, true, false, 0)) {
                assertThrows(ActiveMQSecurityException.class, () -> core.deleteQueue(SimpleString.of(aliceQueue)),
                        "Bob deletes Alice's queue");
            }
            Throwable management = assertThrows(Throwable.class, () -> manage(f, BOB.address().ss58(), BOB_PW,
                    "getQueueNames"), "Bob lists the broker's queues");
            assertTrue(management instanceof JMSSecurityException || management instanceof JMSSecurityRuntimeException,
                    management.toString());
            assertTrue(queueNames(f).contains(aliceQueue), "the admin lists them");

            // An admin deletes the second node's queue: it notices, re-creates it, and syncs on.
            String bobQueue = BrokerAccess.nodeQueue(BOB.address().ss58());
            manage(f, "ops", ADMIN_PW, "destroyQueue", bobQueue, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!queueNames(f).contains(bobQueue)) {
                assertTrue(System.nanoTime() < deadline, "the second node did not re-create its queue: " + health(second));
                NodeApi.sleep(200);
            }
            awaitIncluded(second, finalizeATransfer(first), Duration.ofSeconds(30));
            awaitStatus(second, 200, Duration.ofSeconds(10));
            long before = fromPeers(second);

            first.close(); // the broker goes down with it
            awaitStatus(second, 503, Duration.ofSeconds(30)); // DOWN while it cannot reach the broker
            first = NodeProcess.start(root.resolve("n1"), "n1-again", embedding);
            String after = finalizeATransfer(first);
            awaitFromPeers(second, before + 1, Duration.ofSeconds(60));
            awaitIncluded(second, after, Duration.ofSeconds(60));
            awaitStatus(second, 200, Duration.ofSeconds(10));
            assertEquals("0", health(second).getString("messagesDropped"), "nothing forged or replayed");
            // Bob has the consensus role but is no candidate: off duty, his driver only follows (#18:
            // it used to throw on every tick, about ten stack traces a second).
            String bobLog = Files.readString(second.log());
            assertFalse(bobLog.contains("consensus tick failed"),
                    "the off-duty node logged errors; see " + second.log());
            assertTrue(bobLog.contains("not on duty"), "the second node took part as a consensus-role node off duty");

            // A third process started with the first one's key (and broker login) announces its
            // head: the first node hears a message signed with its key that it did not seal, and stops.
            try (NodeProcess impostor = NodeProcess.start(root.resolve("n3"), "n3", "-Dcess.broker.url=" + url,
                    "-Dcess.node.key=//Alice", "-Dcess.broker.password=" + ALICE_PW, tls[0], tls[1])) {
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
