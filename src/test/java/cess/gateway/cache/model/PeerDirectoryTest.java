package cess.gateway.cache.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
    static final Address A = KeyPair.dev("//Alice").address();
    static final Address B = KeyPair.dev("//Bob").address();

    static Hash h(int i) {
        return Hash.sha256(("segment " + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void holdersAreAskedFreshestFirstUntilTheyDropOrFail() {
        PeerDirectory d = new PeerDirectory(100, 4, 1000);
        d.held(A, "http://a:1", List.of(h(1), h(2)), 10);
        d.held(B, "http://b:1", List.of(h(1)), 20);
        assertEquals(List.of(B, A), d.holders(h(1), 30).stream().map(PeerDirectory.Holder::node).toList());
        assertEquals("http://b:1", d.holders(h(1), 30).get(0).endpoint());
        d.dropped(B, List.of(h(1)), 40);
        assertEquals(List.of(A), d.holders(h(1), 50).stream().map(PeerDirectory.Holder::node).toList());
        d.failed(h(1), A);
        assertTrue(d.holders(h(1), 50).isEmpty(), "a peer that served bad bytes is not asked again");
        assertEquals(1, d.holders(h(2), 50).size());
        assertTrue(d.holders(h(3), 50).isEmpty());
    }

    @Test
    void announcementsAgeOutAndPeersAreKnownWhileFresh() {
        PeerDirectory d = new PeerDirectory(100, 4, 1000);
        d.held(A, "http://a:1", List.of(h(1)), 0);
        assertTrue(d.isPeer(A, 1000));
        assertFalse(d.isPeer(B, 0));
        assertEquals(1, d.holders(h(1), 1000).size());
        assertTrue(d.holders(h(1), 1001).isEmpty());
        assertFalse(d.isPeer(A, 1001));
        assertEquals(0, d.segments());
    }

    @Test
    void theDirectoryIsBounded() {
        PeerDirectory d = new PeerDirectory(10, 2, 1000);
        d.held(A, "http://a:1", IntStream.range(0, 25).mapToObj(PeerDirectoryTest::h).toList(), 0);
        assertEquals(10, d.segments());
        assertTrue(d.holders(h(0), 1).isEmpty(), "the least recently announced are forgotten");
        assertEquals(1, d.holders(h(24), 1).size());
        d.held(B, "http://b:1", List.of(h(24)), 2);
        d.held(KeyPair.dev("//Charlie").address(), "http://c:1", List.of(h(24)), 3);
        assertEquals(2, d.holders(h(24), 4).size(), "at most two holders, the freshest");
        assertThrows(IllegalArgumentException.class, () -> new PeerDirectory(0, 1, 1));
    }

    @Test
    void announcementsRoundTripAndRefuseWhatIsMalformed() {
        CacheAnnouncement a = new CacheAnnouncement("http://127.0.0.1:8080", List.of(h(1), h(2)));
        assertEquals(a.segments(), CacheAnnouncement.decode(a.encode()).segments());
        assertEquals(a.endpoint(), CacheAnnouncement.decode(a.encode()).endpoint());
        byte[] bytes = a.encode();
        assertThrows(IllegalArgumentException.class, () -> CacheAnnouncement.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> CacheAnnouncement.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> new CacheAnnouncement("ftp://x", List.of(h(1))));
        assertThrows(IllegalArgumentException.class, () -> new CacheAnnouncement("http://x/api", List.of(h(1))));
        assertThrows(IllegalArgumentException.class, () -> new CacheAnnouncement("http://u@x", List.of(h(1))));
        assertThrows(IllegalArgumentException.class, () -> new CacheAnnouncement("", List.of()));
        assertTrue(CacheAnnouncement.validEndpoint("https://gw.example:8443/"));
        assertFalse(CacheAnnouncement.validEndpoint("not a url"));
        List<Hash> many = IntStream.range(0, 5000).mapToObj(PeerDirectoryTest::h).toList();
        List<CacheAnnouncement> batches = CacheAnnouncement.batches("", many);
        assertEquals(3, batches.size());
        assertEquals(many, batches.stream().flatMap(b -> b.segments().stream()).toList());
        assertTrue(CacheAnnouncement.batches("", List.of()).isEmpty());
    }
}
