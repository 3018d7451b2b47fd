package cess.consensus.control;

import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.TxRejection;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.shared.Decoder;
import cess.shared.Encoder;
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
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spreads the transactions this node admits to every other node's pool, so that whichever
 * validator proposes next can include them. Transactions go out in batches every
 * {@link #FLUSH_MILLIS} (one signed envelope for many), in admission order, which keeps one
 * sender's nonces in order. A peer admits each through the same checks as a client's; one it
 * refuses (a duplicate, a nonce already used) is counted and goes no further. A batch lost with
 * the connection costs no transaction: the admitting node still proposes it in its turn.
 *
 * <p>The mempool's side of the network (as CometBFT's mempool reactor): it lives with the pool it
 * feeds, and uses {@link PeerNetwork} as a transport that knows nothing of transactions.
 */
@Singleton
@Startup
// PeerNetwork depends on ChainNode. Naming both trips Payara's false cycle check ("A on B, C; C on B").
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class TransactionGossip {
    static final long FLUSH_MILLIS = 20;
    static final int MAX_BATCH = 5000;
    static final int MAX_BATCH_BYTES = 4 << 20;
    private static final Logger LOG = Logger.getLogger(TransactionGossip.class.getName());

    @Inject
    Schema schema;
    @Inject
    ChainNode chain;
    @Inject
    PeerNetwork network;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentLinkedQueue<SignedTransaction> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    @PostConstruct
    void start() {
        network.handle(Envelope.Kind.TRANSACTION, this::receive);
        flushing = scheduler.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void onAdmitted(@Observes TransactionsAdmitted event) {
        if (!event.fromPeer()) {
            outgoing.addAll(event.transactions());
        }
    }

    void flush() {
        try {
            while (!outgoing.isEmpty()) {
                List<byte[]> batch = new ArrayList<>();
                int bytes = 0;
                SignedTransaction t;
                while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES && (t = outgoing.poll()) != null) {
                    byte[] encoded = t.encode();
                    batch.add(encoded);
                    bytes += encoded.length;
                }
                Encoder e = new Encoder();
                SignedTransaction.encodeAllEncoded(e, batch);
                if (network.publish(Envelope.Kind.TRANSACTION, e.toBytes())) {
                    sent.addAndGet(batch.size());
                } else {
                    unsent.addAndGet(batch.size());
                }
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "transaction gossip failed", ex);
        }
    }

    private void receive(Envelope e) {
        List<SignedTransaction> batch;
        try {
            Decoder d = new Decoder(e.payload());
            batch = SignedTransaction.decodeAll(d, MAX_BATCH, schema);
            d.end();
        } catch (IllegalArgumentException bad) {
            refused.computeIfAbsent("malformed", k -> new AtomicLong()).incrementAndGet();
            return;
        }
        for (Optional<TxRejection> why : chain.submitAll(batch, clock.millis(), true)) {
            if (why.isEmpty()) {
                admitted.incrementAndGet();
            } else {
                refused.computeIfAbsent(why.get().error().code(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** Transactions of this node sent to peers, and those that could not be sent. */
    public long sent() {
        return sent.get();
    }

    public long unsent() {
        return unsent.get();
    }

    /** Transactions from peers admitted here. */
    public long admittedFromPeers() {
        return admitted.get();
    }

    /** Transactions from peers refused here, by reason. */
    public Map<String, Long> refusedByReason() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        flush();
    }
}
