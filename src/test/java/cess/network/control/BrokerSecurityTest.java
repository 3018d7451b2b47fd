package cess.network.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.network.model.BrokerAccess;
import cess.network.model.BrokerPassword;
import cess.shared.KeyPair;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded Artemis broker on 127.0.0.1 (a plain and a TLS acceptor on free ports) secured
 * by {@link BrokerSecurity} from a users file as {@code genesis} writes it, driven by real JMS and
 * Core clients: anonymous and wrong logins are refused; a node hears the topics and its queue
 * through its own subscriptions; another node's credentials can send to it but cannot consume,
 * browse, subscribe as it or delete its queues, create addresses, or reach management; an admin
 * can; TLS works with the trust store and refuses plain TCP and unknown certificates.
 */
@Timeout(60)
class BrokerSecurityTest {
    static final String ALICE = KeyPair.dev("//Alice").address().ss58();
    static final String BOB = KeyPair.dev("//Bob").address().ss58();
    static final String ALICE_PW = "alice-secret";
    static final String BOB_PW = "bob-secret";
    static final String ADMIN_PW = "admin-secret";
    static final String STORE_PW = "store-secret";

    @TempDir
    static Path dir;
    static EmbeddedActiveMQ broker;
    static String url;
    static String tlsUrl;
    static Path trustStore;
    static Path otherTrustStore;

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("broker-users.properties");
        Files.writeString(users, "# written like genesis writes it, plus a plain-text entry and an admin\n"
                + ALICE + " = " + BrokerPassword.hash(ALICE_PW, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}) + "\n"
                + BOB + " = " + BOB_PW + "\n"
                + "ops = " + BrokerPassword.hash(ADMIN_PW, new byte[] {9, 9, 9, 9}) + "\n");
        BrokerSecurity security = BrokerSecurity.fromUsersFile(users, Set.of("ops"));
        Path keyStore = TestKeyStores.keyStore(dir, "broker", STORE_PW);
        trustStore = TestKeyStores.trustStore(dir, keyStore, "broker", "trust", STORE_PW);
        otherTrustStore = TestKeyStores.trustStore(dir, TestKeyStores.keyStore(dir, "other", STORE_PW), "other",
                "other-trust", STORE_PW);
        int port = freePort();
        int tlsPort = freePort();
        url = "tcp://127.0.0.1:" + port;
        tlsUrl = "tcp://127.0.0.1:" + tlsPort;
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(false);
        c.setJMXManagementEnabled(false);
        c.setBrokerInstance(dir.resolve("broker").toFile());
        c.addAcceptorConfiguration("tcp", BrokerUrls.acceptor("127.0.0.1:" + port, Optional.empty(), ""));
        c.addAcceptorConfiguration("tls", BrokerUrls.acceptor("127.0.0.1:" + tlsPort, Optional.of(keyStore), STORE_PW));
        security.applyTo(c);
        broker = new EmbeddedActiveMQ().setConfiguration(c).setSecurityManager(security.securityManager()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    // ------------------------------------------------------------------ logins

    @Test
    void anonymousUnknownAndWrongLoginsAreRefused() {
        ActiveMQJMSConnectionFactory f = new ActiveMQJMSConnectionFactory(url);
        assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext().close(), "anonymous");
        assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext(ALICE, "guess").close(), "wrong password");
        assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext(ALICE, BOB_PW).close(),
                "another node's password");
        assertThrows(JMSSecurityRuntimeException.class, () -> f.createContext("nobody", "x").close(), "unknown user");
        f.createContext(ALICE, ALICE_PW).close();
        f.createContext(BOB, BOB_PW).close();
    }

    // ------------------------------------------------------------------ what a node may do

    @Test
    void aNodeHearsEveryTopicAndItsQueueThroughItsOwnSubscriptions() throws Exception {
        ActiveMQJMSConnectionFactory f = new ActiveMQJMSConnectionFactory(url);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (JMSContext alice = f.createContext(ALICE, ALICE_PW); JMSContext bob = f.createContext(BOB, BOB_PW)) {
            for (String topic : BrokerAccess.TOPICS) {
                alice.createSharedConsumer(alice.createTopic(topic), BrokerAccess.subscriptionName(topic, ALICE))
                        .setMessageListener(m -> heard.add(topic + ":" + body(m)));
            }
            alice.createConsumer(alice.createQueue(BrokerAccess.nodeQueue(ALICE)))
                    .setMessageListener(m -> heard.add("queue:" + body(m)));
            for (String topic : BrokerAccess.TOPICS) {
                bob.createProducer().send(bob.createTopic(topic), "from bob");
            }
            bob.createProducer().send(bob.createQueue(BrokerAccess.nodeQueue(ALICE)), "sync request");
            Set<String> got = new java.util.TreeSet<>();
            for (int i = 0; i < 4; i++) {
                String s = heard.poll(10, TimeUnit.SECONDS);
                assertNotNull(s, "heard only " + got);
                got.add(s);
            }
            assertEquals(Set.of("cess.blocks:from bob", "cess.tx:from bob", "cess.consensus:from bob",
                    "queue:sync request"), got);
        }
    }

    @Test
    void anotherNodesCredentialsCannotConsumeBrowseSubscribeAsOrDeleteItsQueues() throws Exception {
        ActiveMQJMSConnectionFactory f = new ActiveMQJMSConnectionFactory(url);
        try (JMSContext alice = f.createContext(ALICE, ALICE_PW); JMSContext bob = f.createContext(BOB, BOB_PW)) {
            alice.createConsumer(alice.createQueue(BrokerAccess.nodeQueue(ALICE)));
            alice.createSharedConsumer(alice.createTopic(BrokerAccess.BLOCKS),
                    BrokerAccess.subscriptionName(BrokerAccess.BLOCKS, ALICE));
            String aliceQueue = BrokerAccess.nodeQueue(ALICE);
            String aliceSub = BrokerAccess.subscriptionQueue(BrokerAccess.BLOCKS, ALICE);
            refused("consume Alice's queue", () -> bob.createConsumer(bob.createQueue(aliceQueue)).close());
            refused("consume it by its full name", () -> bob.createConsumer(bob.createQueue(aliceQueue + "::" + aliceQueue))
                    .close());
            refused("browse it", () -> bob.createBrowser(bob.createQueue(aliceQueue)).getEnumeration().hasMoreElements());
            refused("join Alice's subscription", () -> bob.createSharedConsumer(bob.createTopic(BrokerAccess.BLOCKS),
                    BrokerAccess.subscriptionName(BrokerAccess.BLOCKS, ALICE)).close());
            refused("consume Alice's subscription queue", () -> bob.createConsumer(
                    bob.createQueue(BrokerAccess.BLOCKS + "::" + aliceSub)).close());
            refused("an unnamed subscription of its own", () -> bob.createConsumer(bob.createTopic(BrokerAccess.BLOCKS))
                    .close());
            refused("create an address", () -> bob.createProducer().send(bob.createQueue("junk"), "x"));
            refused("create a queue for a node that has none", () -> bob.createProducer()
                    .send(bob.createQueue(BrokerAccess.nodeQueue(KeyPair.dev("//Charlie").address().ss58())), "x"));
            try (ServerLocator locator = ActiveMQClient.createServerLocator(url);
                 ClientSessionFactory sf = locator.createSessionFactory();
                 ClientSession core = sf.createSession(BOB, BOB_PW, false, true, true, false, 0)) {
                refused("delete Alice's queue", () -> core.deleteQueue(SimpleString.of(aliceQueue)));
                refused("delete Alice's subscription", () -> core.deleteQueue(SimpleString.of(aliceSub)));
            }
            assertTrue(exists(aliceQueue) && exists(aliceSub), "both of Alice's queues are still there");
            // Bob still does what a node does.
            bob.createProducer().send(bob.createTopic(BrokerAccess.BLOCKS), "announcement");
            bob.createProducer().send(bob.createQueue(aliceQueue), "sync request");
        }
    }

    // ------------------------------------------------------------------ management

    @Test
    void nodeCredentialsCannotReachManagementAndAnAdminCan() throws Exception {
        ActiveMQJMSConnectionFactory f = new ActiveMQJMSConnectionFactory(url);
        try (JMSContext bob = f.createContext(BOB, BOB_PW)) {
            refused("send to the management address", () -> bob.createProducer().send(bob.createQueue("activemq.management"),
                    "x"));
            refused("send to $sys", () -> bob.createProducer().send(bob.createQueue("$sys.mqtt.sessions"), "x"));
            refused("subscribe to notifications", () -> bob.createConsumer(bob.createTopic("activemq.notifications"))
                    .close());
        }
        refused("ask management for the queues", () -> manage(BOB, BOB_PW, "getQueueNames"));
        try (JMSContext alice = f.createContext(ALICE, ALICE_PW)) {
            alice.createConsumer(alice.createQueue(BrokerAccess.nodeQueue(ALICE)));
            Object names = manage("ops", ADMIN_PW, "getQueueNames");
            assertTrue(java.util.Arrays.asList((Object[]) names).contains(BrokerAccess.nodeQueue(ALICE)),
                    "an admin lists the queues: " + java.util.Arrays.toString((Object[]) names));
            manage("ops", ADMIN_PW, "destroyQueue", BrokerAccess.nodeQueue(ALICE), true);
            assertFalse(exists(BrokerAccess.nodeQueue(ALICE)), "an admin may delete a node's queue");
        }
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void overTlsANodeConnectsWithItsTrustStoreAndPlainTcpOrAnUnknownCertificateIsRefused() throws Exception {
        // As in Payara: the container's own trust store is the JVM's default, which Artemis would take first.
        System.setProperty("javax.net.ssl.trustStore", otherTrustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", STORE_PW);
        BrokerUrls.preferTrustStore(Optional.of(trustStore), STORE_PW);
        ActiveMQJMSConnectionFactory tls = new ActiveMQJMSConnectionFactory(
                BrokerUrls.connector(tlsUrl, Optional.of(trustStore), STORE_PW));
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (JMSContext alice = tls.createContext(ALICE, ALICE_PW)) {
            alice.createSharedConsumer(alice.createTopic(BrokerAccess.TRANSACTIONS),
                    BrokerAccess.subscriptionName(BrokerAccess.TRANSACTIONS, ALICE)).setMessageListener(m -> heard.add(body(m)));
            alice.createProducer().send(alice.createTopic(BrokerAccess.TRANSACTIONS), "over TLS");
            assertEquals("over TLS", heard.poll(10, TimeUnit.SECONDS));
        }
        assertThrows(JMSSecurityRuntimeException.class, () -> tls.createContext().close(), "TLS is no login");
        ActiveMQJMSConnectionFactory plain = new ActiveMQJMSConnectionFactory(tlsUrl + "?callTimeout=3000");
        assertThrows(JMSRuntimeException.class, () -> plain.createContext(ALICE, ALICE_PW).close(),
                "plain TCP to the TLS acceptor");
        BrokerUrls.preferTrustStore(Optional.of(otherTrustStore), STORE_PW);
        ActiveMQJMSConnectionFactory untrusted = new ActiveMQJMSConnectionFactory(
                BrokerUrls.connector(tlsUrl, Optional.of(otherTrustStore), STORE_PW));
        assertThrows(JMSRuntimeException.class, () -> untrusted.createContext(ALICE, ALICE_PW).close(),
                "a certificate the trust store does not know");
        for (String p : new String[] {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "org.apache.activemq.ssl.trustStore", "org.apache.activemq.ssl.trustStorePassword"}) {
            System.clearProperty(p);
        }
        assertEquals(tlsUrl, BrokerUrls.withoutQuery(BrokerUrls.connector(tlsUrl, Optional.of(trustStore), STORE_PW)),
                "what health shows holds no store password");
    }

    // ------------------------------------------------------------------ helpers

    static void refused(String what, Executable e) {
        Throwable t = assertThrows(Throwable.class, e, "a node was allowed to " + what);
        assertTrue(t instanceof JMSSecurityRuntimeException || t instanceof JMSSecurityException
                        || t instanceof ActiveMQSecurityException || t.getCause() instanceof ActiveMQSecurityException,
                what + ": refused, but not by security: " + t);
    }

    static boolean exists(String queue) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(queue)) != null;
    }

    /** Invokes a broker management operation through the management address, as {@code user}. */
    static Object manage(String user, String password, String operation, Object... args) throws Exception {
        try (QueueConnection c = new ActiveMQJMSConnectionFactory(url).createQueueConnection(user, password)) {
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            Message m = s.createMessage();
            JMSManagementHelper.putOperationInvocation(m, "broker", operation, args);
            Message reply = new QueueRequestor(s, s.createQueue("activemq.management")).request(m);
            assertTrue(JMSManagementHelper.hasOperationSucceeded(reply), operation + ": "
                    + JMSManagementHelper.getResult(reply));
            return JMSManagementHelper.getResult(reply);
        }
    }

    static String body(Message m) {
        try {
            return m.getBody(String.class);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
