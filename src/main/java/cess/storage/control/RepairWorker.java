package cess.storage.control;

import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.erasure.ErasureParams;
import cess.erasure.ReedSolomon;
import cess.platform.CoalescedPasses;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.KeyPair;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Fragment;
import cess.storage.model.Miner;
import cess.storage.model.RestoralChoice;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralRules;
import cess.storage.model.Segment;
import cess.storage.model.Storage;
import cess.storage.model.StorageCall;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The repair worker of the miners this node hosts: after each final block it looks at the open
 * restoral orders and, for each, does what {@link RestoralChoice} says: claims it for the hosted
 * miner best placed to take it, or, once one of them holds the claim, fetches k other fragments
 * of the segment from their miners (each verified against its commitment as it arrives),
 * rebuilds the lost one with Reed-Solomon, stores it durably in that miner's
 * {@link FragmentStore} (which checks it against the commitment again) and completes the order.
 * Bounded: one pass at a time on a pooled thread, orders one after the other, at most
 * {@value #MAX_ACTIONS_PER_PASS} claims or rebuilds a pass, one fragment's segment in memory
 * (k + m buffers of a fragment). A claim or completion sent is not sent again for
 * {@value #RESEND_BLOCKS} blocks, while the chain takes it in.
 */
@ApplicationScoped
public class RepairWorker {
    static final int MAX_ACTIONS_PER_PASS = 8;
    static final long RESEND_BLOCKS = 5;
    /** Orders looked at a pass: the oldest keys first (the state's order), enough for a devnet's losses. */
    static final int MAX_ORDERS_READ = 512;
    private static final Logger LOG = Logger.getLogger(RepairWorker.class.getName());

    /** The worker's queue and counters, for the node's health view. */
    public record Status(long height, int open, int claimedHere, long claimsSent, long rebuilt, long failed, String last) {
    }

    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    FragmentTransport transport;
    @Inject
    Clock clock;
    @Resource
    ManagedExecutorService executor;

    /** When a claim or completion was last sent for an order, by its key. */
    private final Map<StateKey, Long> sent = new ConcurrentHashMap<>();
    private final CoalescedPasses passes = new CoalescedPasses(this::pass, "the repair pass failed", LOG);
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong rebuilt = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Status status = new Status(0, 0, 0, 0, 0, 0, "no pass yet");

    void onFinalized(@Observes BlockFinalized block) {
        if (!hosted.all().isEmpty()) {
            passes.wake(executor);
        }
    }

    /** One pass over the open orders at the head. */
    void pass() {
        long h = reads.head().height();
        List<Map.Entry<StateKey, StateValue>> orders = new java.util.ArrayList<>(
                reads.entries(Storage.RESTORAL, "", false, MAX_ORDERS_READ));
        orders.addAll(leaving(h, MAX_ORDERS_READ - orders.size()));
        Map<Address, Miner> mine = new LinkedHashMap<>();
        reads.read(false, v -> {
            hosted.all().keySet().forEach(a -> v.find(Miner.key(a), Miner.class).ifPresent(m -> mine.put(a, m)));
            return null;
        });
        int actions = 0;
        int claimedHere = 0;
        String last = status.last();
        Set<StateKey> seen = new HashSet<>();
        for (Map.Entry<StateKey, StateValue> e : orders) {
            RestoralOrder o = (RestoralOrder) e.getValue();
            seen.add(e.getKey());
            Optional<FileRecord> file = reads.read(false, v -> v.find(FileRecord.key(o.fid()), FileRecord.class));
            if (file.isEmpty()) {
                continue;
            }
            RestoralChoice.Step step = RestoralChoice.next(o, file.get().layout(), mine, h);
            if (step instanceof RestoralChoice.Rebuild) {
                claimedHere++;
            }
            Long at = sent.get(e.getKey());
            if (actions >= MAX_ACTIONS_PER_PASS || (at != null && h - at < RESEND_BLOCKS)
                    || step instanceof RestoralChoice.Wait) {
                continue;
            }
            actions++;
            sent.put(e.getKey(), h);
            last = step instanceof RestoralChoice.Claim c ? claim(o, c.miner(), h) : complete(o, file.get().layout(),
                    ((RestoralChoice.Rebuild) step).miner(), h);
        }
        sent.keySet().retainAll(seen);
        status = new Status(h, orders.size(), claimedHere, claims.get(), rebuilt.get(), failed.get(), last);
    }

    /**
     * The orders implied by exiting miners and by miners presumed lost after missed challenges,
     * which the chain writes only when one is claimed (see
     * {@link cess.storage.model.RestoralRules}): up to {@code max} of their holdings not yet ordered.
     */
    private List<Map.Entry<StateKey, StateValue>> leaving(long h, int max) {
        List<Map.Entry<StateKey, StateValue>> out = new java.util.ArrayList<>();
        if (max > 0) {
            ImpliedOrders.read(reads, h, max).orders().forEach(o -> out.add(Map.entry(o.key(), o)));
        }
        return out;
    }

    private String claim(RestoralOrder o, Address miner, long h) {
        String what = fragmentName(o);
        try {
            chain.submitAs(hosted.get(miner).orElseThrow().key(), new StorageCall.ClaimRestoral(o.fid(), o.segment(),
                    o.fragment()), clock.millis());
            claims.incrementAndGet();
            return "block " + h + ": " + miner + " claimed " + what;
        } catch (TxRefusedException e) {
            return "block " + h + ": claiming " + what + " for " + miner + " was refused: " + e.getMessage();
        }
    }

    /** Rebuilds the order's fragment, stores it on {@code miner} and completes the order. */
    private String complete(RestoralOrder o, FileLayout layout, Address miner, long h) {
        String what = fragmentName(o);
        Segment seg = layout.segments().get(o.segment());
        Fragment lost = seg.fragments().get(o.fragment());
        try {
            byte[] data = rebuild(o, layout, hosted.get(miner).orElseThrow().key());
            hosted.get(miner).orElseThrow().store().put(lost.hash(), data);
            chain.submitAs(hosted.get(miner).orElseThrow().key(), new StorageCall.CompleteRestoral(o.fid(), o.segment(),
                    o.fragment(), lost.hash()), clock.millis());
            rebuilt.incrementAndGet();
            String done = "block " + h + ": " + miner + " rebuilt " + what + " (" + data.length + " bytes)";
            LOG.info(done);
            return done;
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            String why = "block " + h + ": rebuilding " + what + " on " + miner + " failed: " + e.getMessage();
            LOG.warning(why);
            return why;
        }
    }

    /**
     * The lost fragment's bytes, from any k of the segment's other fragments, fetched from other
     * nodes as {@code restorer} (a registered miner, whatever this node's own account is).
     */
    private byte[] rebuild(RestoralOrder o, FileLayout layout, KeyPair restorer) throws IOException {
        Segment seg = layout.segments().get(o.segment());
        int n = layout.k() + layout.m();
        int size = layout.fragmentSize(seg);
        byte[][] shards = new byte[n][];
        boolean[] present = new boolean[n];
        int have = 0;
        StringBuilder missing = new StringBuilder();
        for (int j = 0; j < n && have < layout.k(); j++) {
            shards[j] = new byte[size];
            if (j == o.fragment()) {
                continue;
            }
            Fragment f = seg.fragments().get(j);
            try {
                transport.read(restorer, f.miner(), f.hash(), shards[j], size);
                present[j] = true;
                have++;
            } catch (IOException | FragmentStore.CorruptFragmentException e) {
                missing.append("; fragment ").append(j).append(": ").append(e.getMessage());
            }
        }
        for (int j = 0; j < n; j++) {
            if (shards[j] == null) {
                shards[j] = new byte[size];
            }
        }
        if (have < layout.k()) {
            throw new IOException("only " + have + " of the " + layout.k() + " fragments needed could be read" + missing);
        }
        new ReedSolomon(new ErasureParams(layout.k(), layout.m())).reconstruct(shards, present, 0, size);
        return shards[o.fragment()];
    }

    private static String fragmentName(RestoralOrder o) {
        return "fragment " + o.fragment() + " of segment " + o.segment() + " of file " + o.fid();
    }

    /** The queue and what the worker did last. */
    public Status status() {
        return status;
    }
}
