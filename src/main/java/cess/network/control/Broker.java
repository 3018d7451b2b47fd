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
import java.util.logging.Logger;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The node's Artemis broker: embedded (in-VM, plus a TCP acceptor on {@code cess.broker.listen}
 * so that other nodes can join), or none when {@code cess.broker.url} names a broker to join. The
 * embedded broker keeps no journal: the chain's durable state is the database, and messages are
 * gossip that peers can re-request.
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

    private EmbeddedActiveMQ server;

    @PostConstruct
    void start() {
        if (config.brokerUrl().isPresent()) {
            LOG.info("joining the broker at " + config.brokerUrl().get() + "; no embedded broker");
            return;
        }
        try {
            Configuration c = new ConfigurationImpl();
            c.setName("cess-node");
            c.setPersistenceEnabled(false);
            c.setSecurityEnabled(false);
            c.setJMXManagementEnabled(false);
            c.setBrokerInstance(config.dataDir().resolve("broker").toFile());
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
            if (config.brokerListen().isPresent()) {
                c.addAcceptorConfiguration("tcp", "tcp://" + config.brokerListen().get());
            }
            server = new EmbeddedActiveMQ().setConfiguration(c).start();
            LOG.info("embedded Artemis broker started (" + IN_VM_URL
                    + config.brokerListen().map(l -> ", other nodes join at tcp://" + l).orElse("") + ")");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker: " + e.getMessage(), e);
        }
    }

    /** Whether this node's messaging can work: its embedded broker runs, or it joins another. */
    public boolean isActive() {
        return config.brokerUrl().isPresent() || server != null && server.getActiveMQServer().isActive();
    }

    /**
     * The URL this node's clients connect to: the broker to join, or the embedded one in-VM. The
     * client does not retry by itself: a lost connection reaches the client's exception listener,
     * which builds a new one (a restarted broker knows none of the old sessions).
     */
    public String clientUrl() {
        return config.brokerUrl().orElse(IN_VM_URL);
    }

    /** What health reports. */
    public String describe() {
        return config.brokerUrl().map(u -> "joined " + u).orElse(isActive() ? "active" : "down");
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
