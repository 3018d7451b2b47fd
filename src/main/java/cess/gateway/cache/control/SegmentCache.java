package cess.gateway.cache.control;

import cess.gateway.control.SegmentSource;
import cess.gateway.model.StoredSegment;
import cess.platform.NodeConfig;
import cess.shared.Hash;
import cess.storage.model.Segment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's segment cache (the DeOSS cache): recently read and written segments on disk
 * under the data directory ({@link SegmentStore}), at most {@code cess.cache.bytes} of them
 * (0 turns it off), as the chain's stored bytes — ciphertext for an encrypted object, so the
 * cache never holds a customer's plaintext. A miss here may still be served by a peer gateway
 * that announced the segment ({@link CachePeers}) before the reader goes to the miners.
 *
 * <p>Filling never slows the request that offers a segment: the bytes are written by one
 * background thread, and at most {@code cess.cache.fill-queue-bytes} wait for it; what does not
 * fit is not cached (counted as skipped). Files are not forced to disk (see {@link SegmentStore}).
 * Thread-safe.
 */
@ApplicationScoped
public class SegmentCache implements SegmentSource {
    private static final Logger LOG = Logger.getLogger(SegmentCache.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    CachePeers peers;
    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "cess.cache.bytes")
    long capacity;
    @Inject
    @ConfigProperty(name = "cess.cache.fill-queue-bytes")
    long fillQueueBytes;
    @Inject
    @ConfigProperty(name = "cess.cache.max-files")
    int maxFiles;

    private SegmentStore store;
    private ExecutorService filler;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong peerHits = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicLong fills = new AtomicLong();
    private final AtomicLong fillsSkipped = new AtomicLong();
    private final AtomicLong served = new AtomicLong();

    /** Started with the application, so that the index is rebuilt and announced before the first read. */
    void onStart(@jakarta.enterprise.event.Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
                 Object ignored) {
        LOG.fine(() -> "segment cache " + (store != null ? "on" : "off"));
    }

    @PostConstruct
    void start() {
        if (capacity <= 0 || !config.roles().contains(NodeConfig.Role.GATEWAY)) {
            return;
        }
        try {
            store = new SegmentStore(dir(), capacity, peers::evicted);
            java.util.List<Hash> held = store.rebuild(maxFiles);
            LOG.info(() -> "segment cache in " + store.dir() + ": " + held.size() + " segments, " + store.usedBytes()
                    + " of " + capacity + " bytes");
            peers.heldAtStart(held);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the segment cache in " + dir() + " cannot be used; reads go to the miners", e);
            store = null;
            return;
        }
        filler = threads != null ? Executors.newSingleThreadExecutor(threads) : Executors.newSingleThreadExecutor();
    }

    @PreDestroy
    void stop() {
        if (filler != null) {
            filler.shutdownNow();
        }
    }

    /** Where the files are: {@code <data dir>/cache/segments}. */
    public Path dir() {
        return config.dataDir().resolve("cache").resolve("segments");
    }

    /** The store, if the cache is on and usable. */
    Optional<SegmentStore> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public Optional<StoredSegment> cached(Segment segment, int from, int n, boolean head, IntFunction<byte[]> take) {
        if (store == null) {
            return Optional.empty();
        }
        Optional<StoredSegment> got = read(segment.hash(), from, n, head, take);
        (got.isPresent() ? hits : misses).incrementAndGet();
        return got;
    }

    private Optional<StoredSegment> read(Hash segment, int from, int n, boolean head, IntFunction<byte[]> take) {
        try {
            Optional<StoredSegment> got = store.read(segment, from, n, head, take);
            got.ifPresent(s -> bytesServed.addAndGet(n));
            return got;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read cached segment " + segment + "; reading it from the miners", e);
            return Optional.empty();
        }
    }

    /** The stored length of a segment this cache holds, for serving it to a peer. */
    public java.util.OptionalLong storedLength(Hash segment) {
        java.util.OptionalInt n = store == null ? java.util.OptionalInt.empty() : store.storedLength(segment);
        return n.isPresent() ? java.util.OptionalLong.of(n.getAsInt()) : java.util.OptionalLong.empty();
    }

    /** Writes a held segment's stored bytes to a peer; false if they went bad or away. */
    public boolean copy(Hash segment, java.io.OutputStream out) throws IOException {
        if (store == null || !store.copyTo(segment, out)) {
            return false;
        }
        served.incrementAndGet();
        return true;
    }

    @Override
    public boolean peersMayHold(Segment segment) {
        return store != null && peers.mayHold(segment.hash());
    }

    @Override
    public Optional<StoredSegment> fromPeers(Segment segment, int k, int from, int n, boolean head,
                                             IntFunction<byte[]> take) {
        if (store == null || !peers.fetch(store, segment, k)) {
            return Optional.empty();
        }
        Optional<StoredSegment> got = read(segment.hash(), from, n, head, take);
        got.ifPresent(s -> peerHits.incrementAndGet());
        return got;
    }

    @Override
    public void offer(Segment segment, byte[][] data, int fragmentSize, boolean verified, Runnable release) {
        SegmentStore s = store;
        long bytes = segment.storedLength();
        if (s == null || s.contains(segment.hash()) || !s.admissible(segment.storedLength())) {
            release.run();
            return;
        }
        if (pending.addAndGet(bytes) > fillQueueBytes) {
            pending.addAndGet(-bytes);
            fillsSkipped.incrementAndGet();
            release.run();
            return;
        }
        try {
            filler.execute(() -> {
                try {
                    fill(s, segment, data, fragmentSize, verified);
                } finally {
                    pending.addAndGet(-bytes);
                    release.run();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.addAndGet(-bytes);
            release.run();
        }
    }

    private void fill(SegmentStore s, Segment segment, byte[][] data, int fragmentSize, boolean verified) {
        try {
            Optional<SegmentStore.Fill> f = s.begin(segment, data.length, verified);
            if (f.isEmpty()) {
                return;
            }
            try (SegmentStore.Fill fill = f.get()) {
                int left = segment.storedLength();
                for (int i = 0; i < data.length && left > 0; i++) {
                    int n = Math.min(fragmentSize, left);
                    fill.write(data[i], 0, n);
                    left -= n;
                }
                if (fill.commit()) {
                    fills.incrementAndGet();
                    peers.filled(segment.hash());
                } else {
                    LOG.warning(() -> "segment " + segment.hash() + " was not cached: its bytes do not match its hash");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot cache segment " + segment.hash(), e);
        }
    }

    /** The counters health shows, by name. */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        long h = hits.get();
        long m = misses.get();
        SegmentStore s = store;
        out.put("enabled", s != null);
        out.put("capacityBytes", s == null ? 0 : s.capacity());
        out.put("usedBytes", s == null ? 0 : s.usedBytes());
        out.put("entries", s == null ? 0 : s.entries());
        out.put("hits", h);
        out.put("misses", m);
        out.put("hitRate", h + m == 0 ? "0.000" : String.format(java.util.Locale.ROOT, "%.3f", (double) h / (h + m)));
        out.put("peerHits", peerHits.get());
        out.put("bytesServed", bytesServed.get());
        out.put("fills", fills.get());
        out.put("fillsSkipped", fillsSkipped.get());
        out.put("fillsRefused", s == null ? 0 : s.fillsRefused());
        out.put("evictions", s == null ? 0 : s.evictions());
        out.put("verificationFailures", s == null ? 0 : s.verificationFailures());
        out.put("segmentsServedToPeers", served.get());
        peers.stats().forEach(out::put);
        return out;
    }
}
