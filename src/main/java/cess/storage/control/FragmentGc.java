package cess.storage.control;

import cess.storage.model.Storage;
import cess.consensus.control.ChainReads;
import cess.ledger.model.StateKey;
import cess.shared.Address;
import cess.storage.model.FileRecord;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes fragments no file refers to. Fragments are content-addressed, so two files can share
 * one (same bytes on the same miner): nothing is deleted while any file in the chain state (with
 * pending deals) refers to it, or while an upload that wrote it is still running. A failed
 * upload's fragments are discarded at once; a periodic sweep of the hosted miners removes the
 * rest (fragments of deleted files, of deals rejected by the chain, of crashed uploads) once
 * they are older than a grace period longer than any upload ({@link #GRACE_MILLIS}).
 */
@ApplicationScoped
public class FragmentGc {
    private static final Logger LOG = Logger.getLogger(FragmentGc.class.getName());
    /**
     * How old an unreferenced fragment must be before the sweep removes it. It must outlast any
     * upload: a gateway on another node writes fragments onto this node's miners long before its
     * deal names them, and only that gateway knows they are in flight (a 5 GiB PUT at 1 MB/s
     * takes an hour and a half). Failed uploads discard their fragments at once; the sweep is the
     * backstop for crashed ones and for deleted files.
     */
    static final long GRACE_MILLIS = 6 * 3600_000L;
    static final long SWEEP_MINUTES = 5;

    @Inject
    ChainReads reads;
    @Inject
    HostedMiners hosted;
    @Inject
    FragmentTransport transport;
    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Fragments written by uploads still running, with how many uploads hold each. */
    private final Map<Fragment, Integer> inFlight = new HashMap<>();
    private final AtomicLong removed = new AtomicLong();
    private ScheduledFuture<?> sweeps;

    @PostConstruct
    void start() {
        if (scheduler != null && !hosted.all().isEmpty()) {
            sweeps = scheduler.scheduleWithFixedDelay(() -> sweep(System.currentTimeMillis() - GRACE_MILLIS),
                    SWEEP_MINUTES, SWEEP_MINUTES, TimeUnit.MINUTES);
        }
    }

    @PreDestroy
    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }

    /** Marks a fragment as being written by an upload; call before writing it. */
    public synchronized void hold(Fragment f) {
        inFlight.merge(f, 1, Integer::sum);
    }

    /** The upload is over (its deal admitted, or it failed): its fragments are no longer protected. */
    public synchronized void release(Collection<Fragment> fragments) {
        for (Fragment f : fragments) {
            inFlight.computeIfPresent(f, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Releases {@code fragments} and deletes those that nothing refers to. */
    public synchronized int discard(Collection<Fragment> fragments) {
        release(fragments);
        Set<Fragment> candidates = new HashSet<>(fragments);
        candidates.removeAll(inFlight.keySet());
        candidates.removeAll(referenced(candidates::contains));
        int n = 0;
        for (Fragment f : candidates) {
            try {
                transport.delete(f.miner(), f.hash());
                n++;
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not delete orphan fragment " + f + "; the sweep will retry", e);
            }
        }
        removed.addAndGet(n);
        return n;
    }

    /** Deletes hosted fragments written before {@code cutoffMillis} that no file refers to. */
    public synchronized int sweep(long cutoffMillis) {
        int n = 0;
        try {
            Set<Fragment> onDisk = new HashSet<>();
            for (Map.Entry<Address, HostedMiners.Hosted> m : hosted.all().entrySet()) {
                m.getValue().store().removeStaleTemporaries(cutoffMillis);
                for (FragmentStore.Stored s : m.getValue().store().list()) {
                    if (s.modifiedMillis() < cutoffMillis) {
                        onDisk.add(new Fragment(s.hash(), m.getKey()));
                    }
                }
            }
            onDisk.removeAll(inFlight.keySet());
            onDisk.removeAll(referenced(onDisk::contains));
            for (Fragment f : onDisk) {
                if (hosted.get(f.miner()).orElseThrow().store().delete(f.hash())) {
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "fragment sweep failed; will retry", e);
        }
        removed.addAndGet(n);
        if (n > 0) {
            int count = n;
            LOG.info(() -> "removed " + count + " fragments that no file refers to");
        }
        return n;
    }

    /**
     * Whether a file in the state (pending deals included) or an upload running on this node
     * refers to the fragment: a miner asked by another node to drop it keeps it then.
     */
    public synchronized boolean inUse(Fragment f) {
        return inFlight.containsKey(f) || !referenced(f::equals).isEmpty();
    }

    public long removedCount() {
        return removed.get();
    }

    /** Those of the fragments {@code wanted} that a file in the state with pending deals refers to. */
    private Set<Fragment> referenced(Predicate<Fragment> wanted) {
        Set<Fragment> out = new HashSet<>();
        for (var e : reads.entries(Storage.FILE, "", true, Integer.MAX_VALUE)) {
            for (Segment s : ((FileRecord) e.getValue()).layout().segments()) {
                for (Fragment f : s.fragments()) {
                    if (wanted.test(f)) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }
}
