package cess.gateway.cache.control;

import cess.gateway.cache.model.CacheAnnouncement;
import cess.gateway.cache.model.PeerDirectory;
import cess.network.control.PeerNetwork;
import cess.network.model.Envelope;
import cess.platform.NodeConfig;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.NodeRequest;
import cess.storage.model.Segment;
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
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sharing cached segments between gateways (the seed's caching network between DeOSS). A
 * gateway that fills a segment announces its hash on the {@code cess.cache} topic
 * ({@link CacheAnnouncement}, batched every {@value #FLUSH_MILLIS} ms), and says so again when
 * it evicts it; every gateway keeps a {@link PeerDirectory} of what it heard. On a miss, a
 * gateway asks the peers that announced the segment, freshest first (at most
 * {@value #MAX_TRIES}), before it goes to the miners.
 *
 * <p>The segment's bytes travel over HTTP from the announcer's endpoint
 * ({@code GET /api/segments/{hash}}, signed like fragment transfer, {@link NodeRequest}), not
 * through the broker: a segment is 32 MiB by default (up to 64 MiB), which Artemis would take as
 * a large message, paging it through the broker's memory and journal on its way to one node —
 * a broker shared by consensus should not carry bulk bytes, any more than it carries fragments.
 * HTTP streams from one gateway's disk to the other's, with no third party holding the bytes.
 * The fetching gateway writes them straight into its own cache, verified against the segment
 * hash as they arrive; bytes that do not verify (or stop coming: a download is cut after ten
 * times the timeout) are dropped and counted, the peer is not asked
 * for that segment again, and the reader goes to the miners. Each request is bounded by
 * {@code cess.cache.peer-timeout-ms} until the answer starts, and by a multiple of it overall.
 *
 * <p>A gateway announces only if it has a public URL ({@code cess.public.url}) where peers can
 * reach it. Thread-safe.
 */
@Singleton
@Startup
@DependsOn("PeerNetwork")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CachePeers {
    static final long FLUSH_MILLIS = 500;
    static final int MAX_TRIES = 2;
    /** How long an announcement counts: a peer that vanished silently is not asked after this. */
    static final long ANNOUNCEMENT_MILLIS = 6 * 3600_000L;
    private static final Logger LOG = Logger.getLogger(CachePeers.class.getName());

    @Inject
    PeerNetwork network;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    /** The container's scheduler (a ManagedScheduledExecutorService). */
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "cess.cache.peer-timeout-ms")
    int timeoutMillis;

    private final PeerDirectory directory = new PeerDirectory(200_000, 4, ANNOUNCEMENT_MILLIS);
    private final ConcurrentLinkedQueue<Hash> toAnnounce = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Hash> toWithdraw = new ConcurrentLinkedQueue<>();
    private final AtomicLong announced = new AtomicLong();
    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong peerFailures = new AtomicLong();
    private final AtomicLong badBytes = new AtomicLong();
    private HttpClient http;
    private ScheduledFuture<?> flushing;

    @PostConstruct
    void start() {
        open();
        network.handle(Envelope.Kind.SEGMENTS_HELD, e -> onAnnouncement(e, true));
        network.handle(Envelope.Kind.SEGMENTS_DROPPED, e -> onAnnouncement(e, false));
        flushing = scheduler.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Makes the HTTP client that fetches from peers. */
    void open() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(timeoutMillis)).build();
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
    }

    public void onAnnouncement(Envelope e, boolean held) {
        CacheAnnouncement a;
        try {
            a = CacheAnnouncement.decode(e.payload());
            if (held == a.endpoint().isEmpty()) {
                throw new IllegalArgumentException(held ? "held segments without an endpoint" : "an endpoint for dropped ones");
            }
        } catch (IllegalArgumentException bad) {
            malformed.incrementAndGet();
            LOG.fine(() -> "malformed cache announcement from " + e.sender() + ": " + bad.getMessage());
            return;
        }
        heard.incrementAndGet();
        long now = clock.millis();
        synchronized (directory) {
            if (held) {
                directory.held(e.sender(), a.endpoint(), a.segments(), now);
            } else {
                directory.dropped(e.sender(), a.segments(), now);
            }
        }
    }

    /** A segment this gateway just cached: announced with the next batch. */
    public void filled(Hash segment) {
        toAnnounce.add(segment);
    }

    /** A segment this gateway no longer holds. */
    public void evicted(Hash segment) {
        toWithdraw.add(segment);
    }

    /** What the cache held when the node started: announced once, so peers learn it after a restart. */
    public void heldAtStart(List<Hash> segments) {
        toAnnounce.addAll(segments);
    }

    /** Sends what was filled and evicted since the last flush; what cannot be sent now is dropped (a hint only). */
    public void flush() {
        Optional<String> endpoint = config.publicUrl().filter(CacheAnnouncement::validEndpoint);
        List<Hash> held = drain(toAnnounce);
        List<Hash> dropped = drain(toWithdraw);
        if (endpoint.isPresent()) {
            for (CacheAnnouncement a : CacheAnnouncement.batches(endpoint.get(), held)) {
                if (network.publish(Envelope.Kind.SEGMENTS_HELD, a.encode())) {
                    announced.addAndGet(a.segments().size());
                }
            }
        }
        for (CacheAnnouncement a : CacheAnnouncement.batches("", dropped)) {
            network.publish(Envelope.Kind.SEGMENTS_DROPPED, a.encode());
        }
    }

    private static List<Hash> drain(ConcurrentLinkedQueue<Hash> q) {
        List<Hash> out = new ArrayList<>();
        for (Hash h; (h = q.poll()) != null; ) {
            out.add(h);
        }
        return out;
    }

    public boolean mayHold(Hash segment) {
        synchronized (directory) {
            return !directory.holders(segment, clock.millis()).isEmpty();
        }
    }

    /** Whether {@code node} is a gateway heard on the cache topic lately: one that may fetch from this cache. */
    public boolean isPeer(cess.shared.Address node) {
        synchronized (directory) {
            return directory.isPeer(node, clock.millis());
        }
    }

    /**
     * Fetches {@code segment} from the peers that announced it into {@code store}, verified.
     * True once the store holds it (a concurrent fill counts).
     */
    public boolean fetch(SegmentStore store, Segment segment, int k) {
        List<PeerDirectory.Holder> holders;
        synchronized (directory) {
            holders = directory.holders(segment.hash(), clock.millis());
        }
        for (PeerDirectory.Holder h : holders.subList(0, Math.min(MAX_TRIES, holders.size()))) {
            fetches.incrementAndGet();
            try {
                Optional<SegmentStore.Fill> fill = store.begin(segment, k, false);
                if (fill.isEmpty()) {
                    return store.contains(segment.hash());
                }
                try (SegmentStore.Fill f = fill.get()) {
                    if (download(h, segment, f)) {
                        if (f.commit()) {
                            filled(segment.hash());
                            return true;
                        }
                        badBytes.incrementAndGet();
                        LOG.warning(() -> "peer gateway " + h.node() + " served bytes for segment " + segment.hash()
                                + " that do not match its hash: dropped");
                        synchronized (directory) {
                            directory.failed(segment.hash(), h.node());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                peerFailures.incrementAndGet();
                LOG.fine(() -> "peer gateway " + h.node() + " did not serve segment " + segment.hash() + ": " + e);
            }
        }
        return false;
    }

    /** Streams the segment from the peer into {@code fill}; false if the peer does not have it. */
    private boolean download(PeerDirectory.Holder h, Segment segment, SegmentStore.Fill fill) throws IOException {
        String path = "/api/segments/" + segment.hash().hex();
        KeyPair key = config.nodeKey();
        long expires = clock.millis() + 60_000;
        HttpRequest req = HttpRequest.newBuilder(URI.create(h.endpoint().replaceAll("/+$", "") + path))
                .timeout(Duration.ofMillis(timeoutMillis))
                .header(NodeRequest.NODE_HEADER, key.address().ss58())
                .header(NodeRequest.EXPIRES_HEADER, Long.toString(expires))
                .header(NodeRequest.SIGNATURE_HEADER, key.sign(NodeRequest.payload("GET", path, h.node(), expires)).hex())
                .GET().build();
        HttpResponse<InputStream> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // A peer that stops sending mid-body would block the read forever: the stream is closed at the deadline.
        InputStream body = r.body();
        ScheduledFuture<?> cut = scheduler.schedule(() -> {
            try {
                body.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }, timeoutMillis * 10L, TimeUnit.MILLISECONDS);
        try (InputStream in = body) {
            if (r.statusCode() != 200) {
                peerFailures.incrementAndGet();
                synchronized (directory) {
                    directory.failed(segment.hash(), h.node());
                }
                return false;
            }
            byte[] buf = new byte[256 << 10];
            long got = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                if (got + n > segment.storedLength()) {
                    throw new IOException("the peer sent more than the segment's " + segment.storedLength() + " bytes");
                }
                fill.write(buf, 0, n);
                got += n;
            }
            return true;
        } finally {
            cut.cancel(false);
        }
    }

    /** The counters health shows. */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segmentsAnnounced", announced.get());
        out.put("announcementsHeard", heard.get());
        out.put("announcementsMalformed", malformed.get());
        synchronized (directory) {
            out.put("segmentsPeersHold", directory.segments());
        }
        out.put("peerFetches", fetches.get());
        out.put("peerFailures", peerFailures.get());
        out.put("peerBadBytes", badBytes.get());
        return out;
    }
}
