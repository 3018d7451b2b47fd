package cess.network.control;

import cess.platform.NodeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import cess.network.model.BrokerPassword;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The node's Artemis broker: embedded (in-VM, plus a TCP acceptor on {@code cess.broker.listen}
 * so that other nodes can join), or none when {@code cess.broker.url} names a broker to join. The
 * embedded broker keeps no journal: the chain's durable state is the database, and messages are
 * gossip that peers can re-request.
 *
 * <p>Its security is always on ({@link BrokerSecurity}): the node itself logs in in-VM as a local
 * user with a password made at each start; over TCP only the users of {@code cess.broker.users}
 * log in, each node confined to its own queues; TLS when {@code cess.broker.tls.key-store} is set.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Broker {
    /** The in-VM URL of this node's embedded broker. */
    public static final String IN_VM_URL = "vm://0";
    private static final Logger LOG = Logger.getLogger(Broker.class.getName());
    /** Artemis audits every connection and queue at INFO; keep only its warnings. Held so the level sticks. */
    private static final Logger AUDIT = Logger.getLogger("org.apache.activemq.audit");

    static {
        AUDIT.setLevel(java.util.logging.Level.WARNING);
    }

    @Inject
    NodeConfig config;

    /** The user this node's own clients log in to its embedded broker as (in-VM only). */
    static final String LOCAL_USER = "cess-local";

    private EmbeddedActiveMQ server;
    /** Made fresh at each start: nothing outside this process knows it. */
    private String localPassword;

    @PostConstruct
    void start() {
        if (config.brokerUrl().isPresent()) {
            BrokerUrls.preferTrustStore(config.brokerTrustStore(), config.brokerTrustStorePassword());
            LOG.info("joining the broker at " + BrokerUrls.withoutQuery(config.brokerUrl().get()) + " as " + config.brokerUser()
                    + (config.brokerTrustStore().isPresent() ? " over TLS" : "") + "; no embedded broker");
            return;
        }
        try {
            Configuration c = new ConfigurationImpl();
            c.setName("cess-node");
            c.setPersistenceEnabled(false);
            c.setJMXManagementEnabled(false);
            c.setBrokerInstance(config.dataDir().resolve("broker").toFile());
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
            BrokerSecurity security = config.brokerListen().isPresent()
                    ? BrokerSecurity.fromUsersFile(config.brokerUsers().orElseThrow(() -> new IllegalStateException(
                            "cess.broker.listen needs cess.broker.users, the file of the users who may join "
                                    + "(genesis writes one): nobody joins a broker anonymously")), config.brokerAdmins())
                    : new BrokerSecurity();
            if (config.brokerListen().isPresent()) {
                c.addAcceptorConfiguration("tcp", BrokerUrls.acceptor(config.brokerListen().get(),
                        config.brokerKeyStore(), config.brokerKeyStorePassword()));
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            localPassword = BrokerPassword.fromRandom(random);
            security.addNode(LOCAL_USER, config.nodeKey().address().ss58(), localPassword);
            security.applyTo(c);
            server = new EmbeddedActiveMQ().setConfiguration(c).setSecurityManager(security.securityManager()).start();
            LOG.info("embedded Artemis broker started (" + IN_VM_URL + config.brokerListen().map(l -> ", "
                    + security.nodeAccounts().size() + " node users join at tcp://" + l
                    + (config.brokerKeyStore().isPresent() ? " over TLS" : "")).orElse("") + ")");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker: " + e.getMessage(), e);
        }
    }

    /** Whether this node's messaging can work: its embedded broker runs, or it joins another. */
    public boolean isActive() {
        return config.brokerUrl().isPresent() || server != null && server.getActiveMQServer().isActive();
    }

    /**
     * A connection factory for this node's clients: to the broker to join, as this node's user,
     * over TLS if a trust store is set; or to the embedded one in-VM, as the local user. The client
     * does not retry by itself: a lost connection reaches the client's exception listener, which
     * builds a new one (a restarted broker knows none of the old sessions).
     */
    public ActiveMQJMSConnectionFactory connectionFactory() {
        if (config.brokerUrl().isEmpty()) {
            return new ActiveMQJMSConnectionFactory(IN_VM_URL, LOCAL_USER, localPassword);
        }
        String url = BrokerUrls.connector(config.brokerUrl().get(), config.brokerTrustStore(),
                config.brokerTrustStorePassword());
        Optional<String> password = config.brokerPassword();
        return password.isPresent() ? new ActiveMQJMSConnectionFactory(url, config.brokerUser(), password.get())
                : new ActiveMQJMSConnectionFactory(url); // credentials in the URL, or none (refused by a secured broker)
    }

    /** What health reports (no credentials: the URL without its query). */
    public String describe() {
        return config.brokerUrl().map(u -> "joined " + BrokerUrls.withoutQuery(u)).orElse(isActive() ? "active" : "down");
    }

    @PreDestroy
    void stop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.warning("embedded broker did not stop cleanly: " + e.getMessage());
        }
    }
}
