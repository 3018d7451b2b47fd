package cess.gateway.cache.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.gateway.cache.model.CacheAnnouncement;
import cess.network.model.Envelope;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.NodeRequest;
import cess.storage.model.Segment;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer protocol between two gateways, with a real HTTP server standing in for the peer:
 * an announcement makes a segment fetchable, a fetch is signed for the peer, and the peer's bytes
 * are verified against the segment hash (bad ones dropped, counted and not asked for again).
 */
class CachePeersTest {
    static final KeyPair ME = KeyPair.dev("//Alice");
    static final KeyPair PEER = KeyPair.dev("//Bob");
    @TempDir
    Path dir;
    HttpServer server;
    ScheduledExecutorService scheduler;
    CachePeers peers;
    SegmentStore store;
    /** What the peer serves for the next request: bytes, or null for a 404. */
    volatile byte[] serving;
    final List<Address> signers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/segments/", x -> {
            String path = x.getRequestURI().getPath();
            var h = x.getRequestHeaders();
            signers.add(NodeRequest.signer("GET", path, PEER.address(), h.getFirst(NodeRequest.NODE_HEADER),
                    h.getFirst(NodeRequest.EXPIRES_HEADER), h.getFirst(NodeRequest.SIGNATURE_HEADER),
                    System.currentTimeMillis()));
            byte[] body = serving;
            x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
            x.close();
        });
        server.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        peers = new CachePeers();
        peers.config = new NodeConfig() {
            @Override
            public synchronized KeyPair nodeKey() {
                return ME;
            }

            @Override
            public Optional<String> publicUrl() {
                return Optional.empty();
            }
        };
        peers.clock = Clock.systemUTC();
        peers.timeoutMillis = 2000;
        peers.scheduler = scheduler;
        peers.open();
        store = new SegmentStore(dir, 100 << 20, peers::evicted);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void announce(Envelope.Kind kind, String endpoint, Hash segment) {
        byte[] payload = new CacheAnnouncement(endpoint, List.of(segment)).encode();
        peers.onAnnouncement(Envelope.create(kind, System.currentTimeMillis(), payload, PEER, Hash.ZERO),
                kind == Envelope.Kind.SEGMENTS_HELD);
    }

    @Test
    void anAnnouncedSegmentIsFetchedSignedAndVerified() {
        byte[] data = SegmentStoreTest.random(300_000, 1);
        Segment seg = SegmentStoreTest.segmentOf(data);
        assertFalse(peers.mayHold(seg.hash()));
        assertFalse(peers.isPeer(PEER.address()));
        announce(Envelope.Kind.SEGMENTS_HELD, endpoint(), seg.hash());
        assertTrue(peers.mayHold(seg.hash()));
        assertTrue(peers.isPeer(PEER.address()), "a gateway heard on the cache topic may fetch from this one");
        serving = data;
        assertTrue(peers.fetch(store, seg, SegmentStoreTest.K));
        assertTrue(store.contains(seg.hash()));
        assertEquals(List.of(ME.address()), signers, "the request was signed by this node for the peer");
        assertEquals(1L, peers.stats().get("peerFetches"));
        assertEquals(0L, peers.stats().get("peerBadBytes"));
    }

    @Test
    void aPeersBadBytesAreDroppedCountedAndNotAskedForAgain() {
        byte[] data = SegmentStoreTest.random(300_000, 2);
        Segment seg = SegmentStoreTest.segmentOf(data);
        announce(Envelope.Kind.SEGMENTS_HELD, endpoint(), seg.hash());
        byte[] bad = data.clone();
        bad[100] ^= 1;
        serving = bad;
        assertFalse(peers.fetch(store, seg, SegmentStoreTest.K));
        assertFalse(store.contains(seg.hash()), "nothing unverified is kept");
        assertEquals(1L, peers.stats().get("peerBadBytes"));
        assertFalse(peers.mayHold(seg.hash()), "the peer is not asked for it again");
        serving = java.util.Arrays.copyOf(data, data.length + 10);
        announce(Envelope.Kind.SEGMENTS_HELD, endpoint(), seg.hash());
        assertFalse(peers.fetch(store, seg, SegmentStoreTest.K), "more bytes than the segment");
        assertFalse(store.contains(seg.hash()));
    }

    @Test
    void aPeerThatNoLongerHoldsItOrIsUnreachableIsAMiss() {
        Segment seg = SegmentStoreTest.segmentOf(SegmentStoreTest.random(1000, 3));
        announce(Envelope.Kind.SEGMENTS_HELD, endpoint(), seg.hash());
        serving = null;
        assertFalse(peers.fetch(store, seg, SegmentStoreTest.K));
        assertEquals(1L, peers.stats().get("peerFailures"));
        announce(Envelope.Kind.SEGMENTS_HELD, "http://127.0.0.1:1", seg.hash());
        assertFalse(peers.fetch(store, seg, SegmentStoreTest.K), "nobody listens there");
        announce(Envelope.Kind.SEGMENTS_HELD, endpoint(), seg.hash());
        announce(Envelope.Kind.SEGMENTS_DROPPED, "", seg.hash());
        assertFalse(peers.mayHold(seg.hash()), "a dropped segment is not asked for");
    }

    @Test
    void malformedAnnouncementsAreCountedAndIgnored() {
        Hash h = Hash.sha256(new byte[] {1});
        peers.onAnnouncement(Envelope.create(Envelope.Kind.SEGMENTS_HELD, 0, new byte[] {1, 2, 3}, PEER, Hash.ZERO), true);
        byte[] noEndpoint = new CacheAnnouncement("", List.of(h)).encode();
        peers.onAnnouncement(Envelope.create(Envelope.Kind.SEGMENTS_HELD, 0, noEndpoint, PEER, Hash.ZERO), true);
        assertEquals(2L, peers.stats().get("announcementsMalformed"));
        assertFalse(peers.mayHold(h));
    }
}
