package cess.network.control;

import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.consensus.model.BlockHeader;
import cess.network.model.Envelope;
import cess.network.model.ReplayGuard;
import cess.platform.NodeConfig;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;

/**
 * Announces every finalized block on the {@code cess.blocks} topic in a signed {@link Envelope},
 * and checks the announcements it hears: signature (bound to this chain and topic), then the
 * {@link ReplayGuard}. Valid ones are counted (this node's own and its peers' apart); malformed,
 * forged, replayed, stale or misdirected ones are dropped and counted by reason. A lost
 * connection (the joined broker restarted) is rebuilt by itself; the chain's state does not
 * depend on gossip, so nothing final is lost meanwhile.
 */
@Singleton
@Startup
@DependsOn({"Broker", "ChainNode"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BlockGossip {
    static final String TOPIC = "cess.blocks";
    /** How far an envelope's sending time may be from this node's clock. */
    static final long WINDOW_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(BlockGossip.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    ChainNode chain;
    @Inject
    Broker broker;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong heardFromPeers = new AtomicLong();
    private final Map<Envelope.Verdict, AtomicLong> dropped = new EnumMap<>(Envelope.Verdict.class);
    private final ReplayGuard guard = new ReplayGuard(WINDOW_MILLIS);
    private ActiveMQJMSConnectionFactory factory;
    private JMSContext sending;
    private JMSContext receiving;
    private KeyPair key;
    private volatile boolean stopped;
    /** Failed attempts since the last good connection: the retry backs off, and logs less, as they grow. */
    private int failures;

    @PostConstruct
    void start() {
        key = config.nodeKey();
        for (Envelope.Verdict v : Envelope.Verdict.values()) {
            dropped.put(v, new AtomicLong());
        }
        factory = new ActiveMQJMSConnectionFactory(broker.clientUrl());
        connect();
    }

    /** (Re)creates the contexts and the subscription; on failure, tries again from the exception listener. */
    private synchronized void connect() {
        if (stopped) {
            return;
        }
        closeContexts();
        try {
            sending = factory.createContext();
            receiving = factory.createContext();
            receiving.setExceptionListener(e -> {
                LOG.warning("gossip connection lost (" + e.getMessage() + "); reconnecting");
                reconnectLater();
            });
            receiving.createConsumer(receiving.createTopic(TOPIC)).setMessageListener(this::receive);
            if (failures > 0) {
                LOG.info("gossip connected again to " + broker.clientUrl() + " after " + failures + " failed attempts");
            }
            failures = 0;
        } catch (JMSRuntimeException e) {
            failures++;
            if (failures == 1 || failures % 20 == 0) {
                LOG.warning("cannot reach the broker at " + broker.clientUrl() + " (" + e.getMessage() + "); "
                        + failures + " attempts so far, still retrying");
            }
            reconnectLater();
        }
    }

    private void reconnectLater() {
        long delay = Math.min(10_000, 1000L * (1 + failures / 5));
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void receive(Message m) {
        Envelope.Verdict verdict;
        Envelope.Opened opened;
        try {
            opened = Envelope.open(m.getBody(byte[].class), Envelope.Kind.BLOCK, chain.genesisHash());
            verdict = opened.verdict();
        } catch (JMSException | RuntimeException e) {
            dropped.get(Envelope.Verdict.MALFORMED).incrementAndGet();
            return;
        }
        if (verdict == Envelope.Verdict.OK) {
            synchronized (guard) {
                verdict = guard.check(opened.envelope(), clock.millis());
            }
        }
        if (verdict != Envelope.Verdict.OK) {
            dropped.get(verdict).incrementAndGet();
            return;
        }
        heard.incrementAndGet();
        boolean mine = opened.envelope().sender().equals(key.address());
        if (!mine) {
            heardFromPeers.incrementAndGet();
        }
        checkAgainstOwnChain(opened.envelope(), mine);
    }

    /**
     * A final block announced for a height where this node holds a different one means the chain
     * forked, or that another process signs with this node's key: either way the node must stop.
     */
    private void checkAgainstOwnChain(Envelope e, boolean signedWithOurKey) {
        BlockHeader announced;
        try {
            announced = BlockHeader.decode(e.payload());
        } catch (IllegalArgumentException bad) {
            dropped.get(Envelope.Verdict.MALFORMED).incrementAndGet();
            return;
        }
        chain.headerAt(announced.height()).filter(own -> !own.hash().equals(announced.hash())).ifPresent(own ->
                chain.reportDivergence(signedWithOurKey
                        ? "another process signs with this node's key " + key.address() + ": it announced block "
                                + announced.height() + " " + announced.hash() + ", which is not this node's " + own.hash()
                        : "node " + e.sender() + " announced block " + announced.height() + " " + announced.hash()
                                + " where this node finalized " + own.hash()));
    }

    public void announce(@Observes BlockFinalized event) {
        byte[] envelope = Envelope.seal(Envelope.Kind.BLOCK, clock.millis(), event.header().encode(), key,
                chain.genesisHash());
        synchronized (this) {
            try {
                BytesMessage m = sending.createBytesMessage();
                m.writeBytes(envelope);
                sending.createProducer().send(sending.createTopic(TOPIC), m);
            } catch (JMSException | JMSRuntimeException | NullPointerException e) {
                // Announcements are gossip: a block missed here is fetched by sync, never lost.
                LOG.warning("cannot announce block " + event.header().height() + ": " + e.getMessage());
            }
        }
    }

    /** Valid announcements received, this node's own included. */
    public long heard() {
        return heard.get();
    }

    /** Valid announcements from other nodes. */
    public long heardFromPeers() {
        return heardFromPeers.get();
    }

    /** Announcements dropped, all reasons together. */
    public long dropped() {
        return dropped.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Announcements dropped, by reason (malformed, forged, replayed, stale…). */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> out = new java.util.TreeMap<>();
        dropped.forEach((v, n) -> {
            if (v != Envelope.Verdict.OK) {
                out.put(v.name().toLowerCase(java.util.Locale.ROOT), n.get());
            }
        });
        return out;
    }

    private void closeContexts() {
        for (JMSContext c : new JMSContext[] {receiving, sending}) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // already broken: nothing to close
                }
            }
        }
        receiving = null;
        sending = null;
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        closeContexts();
        factory.close();
    }
}
