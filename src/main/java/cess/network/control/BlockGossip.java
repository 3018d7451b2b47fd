package cess.network.control;

import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.platform.NodeConfig;
import cess.shared.Encoder;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;

/**
 * Announces every finalized block on the {@code cess.blocks} topic as a signed envelope
 * ({@code header || node key || Ed25519 signature}), and verifies the announcements it hears:
 * valid ones are counted, forged or malformed ones dropped and counted. Peers joining over the
 * network build on this topic.
 */
@Singleton
@Startup
@DependsOn({"Broker", "ChainNode"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BlockGossip {
    static final String TOPIC = "cess.blocks";
    private static final byte[] DOMAIN = "CESS/envelope/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = Logger.getLogger(BlockGossip.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    ChainNode chain;

    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private ActiveMQJMSConnectionFactory factory;
    private JMSContext sending;
    private JMSContext receiving;
    private Topic topic;
    private KeyPair key;

    @PostConstruct
    void start() {
        key = config.nodeKey();
        factory = new ActiveMQJMSConnectionFactory(Broker.IN_VM_URL);
        sending = factory.createContext();
        receiving = factory.createContext();
        topic = sending.createTopic(TOPIC);
        JMSConsumer consumer = receiving.createConsumer(receiving.createTopic(TOPIC));
        consumer.setMessageListener(m -> {
            try {
                byte[] body = m.getBody(byte[].class);
                if (Envelope.open(body, DOMAIN).isPresent()) {
                    heard.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                }
            } catch (JMSException | RuntimeException e) {
                dropped.incrementAndGet();
            }
        });
    }

    public void announce(@Observes BlockFinalized event) {
        byte[] envelope = Envelope.seal(event.header().encode(), key, DOMAIN);
        synchronized (this) {
            BytesMessage m = sending.createBytesMessage();
            try {
                m.writeBytes(envelope);
            } catch (JMSException e) {
                LOG.warning("cannot announce block " + event.header().height() + ": " + e.getMessage());
                return;
            }
            sending.createProducer().send(topic, m);
        }
    }

    /** Valid announcements received. */
    public long heard() {
        return heard.get();
    }

    /** Forged or malformed announcements dropped. */
    public long dropped() {
        return dropped.get();
    }

    @PreDestroy
    void stop() {
        receiving.close();
        sending.close();
        factory.close();
    }

    /** Signed envelopes: {@code u32 length || payload || sender key || signature(domain || payload)}. */
    static final class Envelope {
        private Envelope() {
        }

        static byte[] seal(byte[] payload, KeyPair key, byte[] domain) {
            byte[] signed = new Encoder().raw(domain).raw(payload).toBytes();
            return new Encoder().bytes(payload).address(key.address()).signature(key.sign(signed)).toBytes();
        }

        static java.util.Optional<byte[]> open(byte[] envelope, byte[] domain) {
            try {
                cess.shared.Decoder d = new cess.shared.Decoder(envelope);
                byte[] payload = d.bytes(1 << 20);
                cess.shared.Address sender = d.address();
                cess.shared.Signature sig = d.signature();
                d.end();
                boolean ok = KeyPair.verify(sender, new Encoder().raw(domain).raw(payload).toBytes(), sig);
                return ok ? java.util.Optional.of(payload) : java.util.Optional.empty();
            } catch (IllegalArgumentException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
