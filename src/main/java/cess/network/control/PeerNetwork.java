package cess.network.control;

import cess.network.model.Envelope;
import cess.network.model.ReplayGuard;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import cess.network.model.BrokerAccess;
import jakarta.jms.JMSConsumer;
import java.util.concurrent.ScheduledFuture;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSContext;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;

/**
 * The node's side of the P2P network, on Jakarta Messaging: five topics that every node hears
 * ({@code cess.blocks} for block announcements, {@code cess.tx} for transactions,
 * {@code cess.consensus} for proposals and votes, {@code cess.audit} for storage challenges,
 * {@code cess.cache} for the segments gateways cache) and one queue per node
 * ({@code cess.node.<account>}) for direct requests such as block sync.
 *
 * <p>Everything sent is sealed in an {@link Envelope} signed by this node's key and bound to the
 * chain; everything received is opened, checked against the kinds its destination carries and
 * the {@link ReplayGuard}, and only then handed to the handler registered for its kind.
 * Malformed, forged, misdirected, replayed and stale envelopes are dropped and counted by reason.
 * An envelope signed with this node's own key that this process did not seal means another
 * process holds the key: the node reports it as a divergence and stops deciding blocks.
 *
 * <p>The node consumes from its own queue and from one named subscription per topic
 * ({@link BrokerAccess}), which the broker's security lets no other node consume from or delete.
 *
 * <p>Messages are not persistent: consensus re-sends what matters and sync fetches what was
 * missed, so the chain's final state never depends on one message. A lost connection (the joined
 * broker restarted) is rebuilt by itself with back-off; so is a queue of this node's that vanished
 * (checked every {@value #QUEUE_CHECK_MILLIS} ms). While either is down, {@link #isConnected()} is
 * false.
 */
@Singleton
@Startup
// ChainNode is named by its bean name only: the network declares what it needs of the chain (NetworkHost)
// and imports no chain package, but the chain must be loaded before envelopes are sealed or opened.
@DependsOn({"Broker", "ChainNode"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PeerNetwork {
    /** How far an envelope's sending time may be from this node's clock. */
    static final long WINDOW_MILLIS = 60_000;
    /** How long a direct message waits in a node's queue before the broker discards it. */
    static final long DIRECT_TTL_MILLIS = 15_000;
    /** How often the node checks that its queues are still there. */
    static final long QUEUE_CHECK_MILLIS = 2_000;
    private static final Logger LOG = Logger.getLogger(PeerNetwork.class.getName());

    /** Where each kind travels. */
    enum Channel {
        BLOCKS(BrokerAccess.BLOCKS, EnumSet.of(Envelope.Kind.BLOCK)),
        TRANSACTIONS(BrokerAccess.TRANSACTIONS, EnumSet.of(Envelope.Kind.TRANSACTION)),
        CONSENSUS(BrokerAccess.CONSENSUS, EnumSet.of(Envelope.Kind.PROPOSAL, Envelope.Kind.VOTE)),
        AUDIT(BrokerAccess.AUDIT, EnumSet.of(Envelope.Kind.CHALLENGE)),
        CACHE(BrokerAccess.CACHE, EnumSet.of(Envelope.Kind.SEGMENTS_HELD, Envelope.Kind.SEGMENTS_DROPPED)),
        DIRECT(null, EnumSet.of(Envelope.Kind.SYNC_REQUEST, Envelope.Kind.SYNC_RESPONSE));

        final String topic;
        final Set<Envelope.Kind> kinds;

        Channel(String topic, Set<Envelope.Kind> kinds) {
            this.topic = topic;
            this.kinds = kinds;
        }

        static Channel of(Envelope.Kind kind) {
            for (Channel c : values()) {
                if (c.kinds.contains(kind)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no channel for " + kind);
        }
    }

    @Inject
    NodeConfig config;
    @Inject
    NetworkHost host;
    @Inject
    Broker broker;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<Envelope.Kind, Consumer<Envelope>> handlers = new ConcurrentHashMap<>();
    private final Map<Envelope.Kind, AtomicLong> received = new EnumMap<>(Envelope.Kind.class);
    private final Map<Envelope.Kind, AtomicLong> receivedFromPeers = new EnumMap<>(Envelope.Kind.class);
    private final Map<Envelope.Verdict, AtomicLong> dropped = new EnumMap<>(Envelope.Verdict.class);
    private final ReplayGuard guard = new ReplayGuard(WINDOW_MILLIS);
    /** Ids of the envelopes this process sealed within the window, with when: its own echoes. */
    private final Map<Hash, Long> sealed = new ConcurrentHashMap<>();
    private ActiveMQJMSConnectionFactory factory;
    private ScheduledFuture<?> watching;
    private JMSContext sending;
    private final List<JMSContext> receiving = new ArrayList<>();
    private KeyPair key;
    private volatile boolean stopped;
    private volatile boolean connected;
    /** Failed attempts since the last good connection: the retry backs off, and logs less, as they grow. */
    private int failures;
    private final java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();
    private final Object sendLock = new Object();
    private final Object connectLock = new Object();

    @PostConstruct
    void start() {
        key = config.nodeKey();
        for (Envelope.Kind k : Envelope.Kind.values()) {
            received.put(k, new AtomicLong());
            receivedFromPeers.put(k, new AtomicLong());
        }
        for (Envelope.Verdict v : Envelope.Verdict.values()) {
            dropped.put(v, new AtomicLong());
        }
        factory = broker.connectionFactory();
        connect();
        watching = scheduler.scheduleWithFixedDelay(this::checkQueues, QUEUE_CHECK_MILLIS, QUEUE_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Registers what to do with valid envelopes of {@code kind} from other nodes (one handler per
     * kind). Handlers run on the messaging threads, one message at a time per channel.
     */
    public void handle(Envelope.Kind kind, Consumer<Envelope> handler) {
        handlers.put(kind, handler);
    }

    /** Seals {@code payload} and publishes it on its kind's topic. False if it could not be sent now. */
    public boolean publish(Envelope.Kind kind, byte[] payload) {
        Channel c = Channel.of(kind);
        if (c == Channel.DIRECT) {
            throw new IllegalArgumentException(kind + " goes to one node, not to a topic");
        }
        return send(kind, payload, null);
    }

    /** Seals {@code payload} and sends it to one node's own queue. False if it could not be sent now. */
    public boolean sendTo(Address node, Envelope.Kind kind, byte[] payload) {
        if (Channel.of(kind) != Channel.DIRECT) {
            throw new IllegalArgumentException(kind + " is published, not sent to one node");
        }
        return send(kind, payload, node);
    }

    private boolean send(Envelope.Kind kind, byte[] payload, Address to) {
        long now = clock.millis();
        Envelope sealedEnvelope = Envelope.create(kind, now, payload, key, host.genesisHash());
        byte[] envelope = sealedEnvelope.encode();
        sealed.put(sealedEnvelope.id(), now);
        synchronized (sendLock) {
            if (sending == null) {
                return false;
            }
            try {
                BytesMessage m = sending.createBytesMessage();
                m.writeBytes(envelope);
                Destination d = to == null ? sending.createTopic(Channel.of(kind).topic) : sending.createQueue(queueOf(to));
                sending.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                        .setTimeToLive(to == null ? 0 : DIRECT_TTL_MILLIS).send(d, m);
                return true;
            } catch (JMSException | JMSRuntimeException e) {
                LOG.fine(() -> "cannot send " + kind + ": " + e.getMessage());
                return false;
            }
        }
    }

    private static String queueOf(Address node) {
        return BrokerAccess.nodeQueue(node.ss58());
    }

    /** The queue this node consumes {@code c} from: its own queue, or its subscription to the topic. */
    private String queueOf(Channel c) {
        String me = key.address().ss58();
        return c.topic == null ? BrokerAccess.nodeQueue(me) : BrokerAccess.subscriptionQueue(c.topic, me);
    }

    /**
     * Whether every queue this node consumes from still exists with a consumer; if one vanished
     * (an admin deleted it, or the broker dropped the consumer), says so, marks the node
     * disconnected (health DOWN) and connects again, which re-creates the queues.
     */
    void checkQueues() {
        if (stopped || !connected) {
            return;
        }
        List<String> missing = new ArrayList<>();
        synchronized (sendLock) {
            if (sending == null) {
                return;
            }
            try {
                ClientSession core = ((ActiveMQSession) ((ActiveMQJMSContext) sending).getSession()).getCoreSession();
                for (Channel c : Channel.values()) {
                    ClientSession.QueueQuery q = core.queueQuery(SimpleString.of(queueOf(c)));
                    if (!q.isExists() || q.getConsumerCount() == 0) {
                        missing.add(queueOf(c));
                    }
                }
            } catch (ActiveMQException | RuntimeException e) {
                LOG.fine(() -> "cannot check this node's queues: " + e.getMessage());
                return; // a lost connection is the exception listener's to report
            }
        }
        if (!missing.isEmpty()) {
            connected = false;
            LOG.warning("this node's queues " + missing + " vanished from the broker (deleted, or their consumers "
                    + "dropped): re-creating them");
            connect();
        }
    }

    /**
     * (Re)creates the contexts and subscriptions; on failure, tries again later. Holds only the
     * connect lock while closing the old contexts: closing waits for running listeners, which may
     * be sending (and so need the send lock).
     */
    private void connect() {
        synchronized (connectLock) {
            connectLocked();
        }
    }

    private void connectLocked() {
        if (stopped) {
            return;
        }
        closeContexts();
        int gen = generation.incrementAndGet();
        try {
            JMSContext s = factory.createContext();
            synchronized (sendLock) {
                sending = s;
            }
            for (Channel c : Channel.values()) {
                JMSContext ctx = factory.createContext();
                receiving.add(ctx);
                ctx.setExceptionListener(e -> connectionLost(gen, e));
                JMSConsumer consumer = c.topic == null ? ctx.createConsumer(ctx.createQueue(queueOf(key.address())))
                        : ctx.createSharedConsumer(ctx.createTopic(c.topic),
                                BrokerAccess.subscriptionName(c.topic, key.address().ss58()));
                consumer.setMessageListener(m -> receive(c, m));
            }
            if (failures > 0) {
                LOG.info("connected again to the broker (" + broker.describe() + ") after " + failures
                        + " failed attempts");
            }
            failures = 0;
            connected = true;
        } catch (JMSRuntimeException e) {
            failures++;
            connected = false;
            if (failures == 1 || failures % 20 == 0) {
                LOG.warning("cannot reach the broker (" + broker.describe() + ": " + e.getMessage() + "); "
                        + failures + " attempts so far, still retrying");
            }
            reconnectLater();
        }
    }

    /** Every context reports a lost connection; only the first report of a generation reconnects. */
    private void connectionLost(int gen, JMSException e) {
        if (stopped || !generation.compareAndSet(gen, gen + 1)) {
            return;
        }
        connected = false;
        LOG.warning("lost the connection to the broker (" + e.getMessage() + "); reconnecting");
        reconnectLater();
    }

    private void reconnectLater() {
        long delay = Math.min(10_000, 1000L * (1 + failures / 5));
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void receive(Channel channel, Message m) {
        Envelope.Opened opened;
        byte[] bytes;
        try {
            bytes = m.getBody(byte[].class);
            opened = Envelope.open(bytes, channel.kinds, host.genesisHash());
        } catch (JMSException | RuntimeException e) {
            dropped.get(Envelope.Verdict.MALFORMED).incrementAndGet();
            return;
        }
        if (opened.verdict() != Envelope.Verdict.OK) {
            dropped.get(opened.verdict()).incrementAndGet();
            return;
        }
        Envelope e = opened.envelope();
        long now = clock.millis();
        Envelope.Verdict verdict;
        synchronized (guard) {
            verdict = guard.check(e, now);
        }
        if (verdict != Envelope.Verdict.OK) {
            dropped.get(verdict).incrementAndGet();
            return;
        }
        Envelope.Kind kind = e.kindOf();
        received.get(kind).incrementAndGet();
        if (e.sender().equals(key.address())) {
            if (sealed.remove(e.id()) == null) {
                host.reportForeignSigner("another process signs with this node's key " + key.address() + ": it sent a "
                        + kind.name().toLowerCase(Locale.ROOT) + " message this process never sealed");
            }
            return; // this node's own echo: it acted on it when it sent it
        }
        receivedFromPeers.get(kind).incrementAndGet();
        Consumer<Envelope> h = handlers.get(kind);
        if (h != null) {
            try {
                h.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "handling a " + kind + " message from " + e.sender() + " failed", ex);
            }
        }
        if (received.get(kind).get() % 1024 == 0) {
            sealed.values().removeIf(t -> t < now - WINDOW_MILLIS);
        }
    }

    /** Whether the broker connection is up now. */
    public boolean isConnected() {
        return connected;
    }

    /** Valid envelopes received, by kind, this node's own echoes included. */
    public long received(Envelope.Kind kind) {
        return received.get(kind).get();
    }

    /** Valid envelopes from other nodes, by kind. */
    public long receivedFromPeers(Envelope.Kind kind) {
        return receivedFromPeers.get(kind).get();
    }

    /** Envelopes dropped, all reasons together. */
    public long dropped() {
        return dropped.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Envelopes dropped, by reason (malformed, forged, replayed, stale…). */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> out = new TreeMap<>();
        dropped.forEach((v, n) -> {
            if (v != Envelope.Verdict.OK) {
                out.put(v.name().toLowerCase(Locale.ROOT), n.get());
            }
        });
        return out;
    }

    private void closeContexts() {
        List<JMSContext> all = new ArrayList<>(receiving);
        synchronized (sendLock) {
            all.add(sending);
            sending = null;
        }
        for (JMSContext c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // already broken: nothing to close
                }
            }
        }
        receiving.clear();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (watching != null) {
            watching.cancel(false);
        }
        synchronized (connectLock) {
            closeContexts();
        }
        factory.close();
    }
}
