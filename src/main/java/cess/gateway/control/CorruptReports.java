package cess.gateway.control;

import cess.audit.model.AuditCall;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.gateway.model.CorruptRead;
import cess.gateway.model.ReportQueue;
import cess.oss.model.Gateway;
import cess.platform.CoalescedPasses;
import cess.platform.NodeConfig;
import cess.shared.KeyPair;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Sends the chain what this gateway's reads prove corrupt: each fragment whose bytes did not
 * match its commitment becomes a {@code report_corrupt} transaction signed by the node's account,
 * which the chain checks with a targeted challenge of that fragment (a report is never evidence
 * by itself). Bounded and deduplicated ({@link ReportQueue}: {@value #MAX_PENDING} waiting, one
 * report a fragment per {@value #REMEMBER_MINUTES} minutes), sent one after the other on a pooled
 * thread, never on the read's own thread. Only a gateway active in the registry reports (the
 * chain refuses anyone else, and the fee would be lost). Thread-safe; counts in {@code /health}.
 */
@ApplicationScoped
public class CorruptReports {
    static final int MAX_PENDING = 64;
    static final int MAX_REMEMBERED = 4096;
    static final long REMEMBER_MINUTES = 10;
    private static final Logger LOG = Logger.getLogger(CorruptReports.class.getName());

    /** What this node reported, for its health view. */
    public record Status(long found, long sent, long refused, long duplicates, long dropped, int pending, String last) {
    }

    @Inject
    NodeConfig config;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    Clock clock;
    @Resource
    ManagedExecutorService executor;

    private final ReportQueue queue = new ReportQueue(MAX_PENDING, MAX_REMEMBERED, REMEMBER_MINUTES * 60_000);
    private final CoalescedPasses passes = new CoalescedPasses(this::drain, "sending corrupt-read reports failed", LOG);
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String last = "no corrupt read";

    /** A read proved {@code read}'s fragment corrupt: queued for a report unless already reported. Never blocks on I/O. */
    public void found(CorruptRead read) {
        found.incrementAndGet();
        ReportQueue.Offer o;
        synchronized (queue) {
            o = queue.offer(read, clock.millis());
        }
        switch (o) {
            case QUEUED -> passes.wake(executor);
            case DUPLICATE -> duplicates.incrementAndGet();
            case FULL -> dropped.incrementAndGet();
        }
    }

    void drain() {
        KeyPair key = config.nodeKey();
        boolean gateway = reads.read(false, v -> v.find(Gateway.key(key.address()), Gateway.class).map(Gateway::active)
                .orElse(false));
        while (true) {
            Optional<CorruptRead> next;
            synchronized (queue) {
                next = queue.next();
            }
            if (next.isEmpty()) {
                return;
            }
            CorruptRead r = next.get();
            String what = "fragment " + r.fragment() + " of segment " + r.segment() + " of file " + r.fid() + " on miner "
                    + r.miner();
            if (!gateway) {
                dropped.incrementAndGet();
                last = what + " read corrupt; not reported: this node's account is no active gateway";
                continue;
            }
            try {
                chain.submitAs(key, new AuditCall.ReportCorrupt(r.miner(), r.fid(), r.segment(), r.fragment(), r.suspects()),
                        clock.millis());
                sent.incrementAndGet();
                last = "reported " + what + (r.suspects().isEmpty() ? "" : ", chunks " + r.suspects());
                LOG.warning(last);
            } catch (TxRefusedException e) {
                refused.incrementAndGet();
                last = "the report of " + what + " was refused: " + e.getMessage();
                LOG.info(last);
            }
        }
    }

    public Status status() {
        int pending;
        synchronized (queue) {
            pending = queue.pending();
        }
        return new Status(found.get(), sent.get(), refused.get(), duplicates.get(), dropped.get(), pending, last);
    }
}
