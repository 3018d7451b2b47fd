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
 * The embedded Artemis broker. It keeps no journal: the chain's durable state is the database,
 * and messages are gossip that peers can re-request.
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
        try {
            Configuration c = new ConfigurationImpl();
            c.setName("cess-node");
            c.setPersistenceEnabled(false);
            c.setSecurityEnabled(false);
            c.setJMXManagementEnabled(false);
            c.setBrokerInstance(config.dataDir().resolve("broker").toFile());
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
            server = new EmbeddedActiveMQ().setConfiguration(c).start();
            LOG.info("embedded Artemis broker started (" + IN_VM_URL + ")");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker: " + e.getMessage(), e);
        }
    }

    public boolean isActive() {
        return server != null && server.getActiveMQServer().isActive();
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
