package cess.network.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    static final Hash GENESIS = Hash.sha256(new byte[] {1});
    static final KeyPair NODE = KeyPair.dev("//Alice");

    @Test
    void sealedEnvelopesOpenOnlyAsSignedOnTheirChainAndTopic() {
        byte[] payload = "a block".getBytes();
        byte[] sealed = Envelope.seal(Envelope.Kind.BLOCK, 1_000, payload, NODE, GENESIS);
        Envelope.Opened ok = Envelope.open(sealed, Envelope.Kind.BLOCK, GENESIS);
        assertEquals(Envelope.Verdict.OK, ok.verdict());
        assertArrayEquals(payload, ok.envelope().payload());
        assertEquals(NODE.address(), ok.envelope().sender());
        assertEquals(Envelope.Verdict.FORGED, Envelope.open(sealed, Envelope.Kind.BLOCK, Hash.sha256(new byte[] {2})).verdict(),
                "another chain's envelope does not verify here");
        assertEquals(Envelope.Verdict.WRONG_KIND, Envelope.open(sealed, Envelope.Kind.VOTE, GENESIS).verdict());
        byte[] tampered = sealed.clone();
        tampered[15] ^= 1;
        assertEquals(Envelope.Verdict.FORGED, Envelope.open(tampered, Envelope.Kind.BLOCK, GENESIS).verdict());
        byte[] later = sealed.clone();
        later[8] ^= 1; // the sending time is signed too
        assertEquals(Envelope.Verdict.FORGED, Envelope.open(later, Envelope.Kind.BLOCK, GENESIS).verdict());
        assertEquals(Envelope.Verdict.MALFORMED, Envelope.open(Arrays.copyOf(sealed, sealed.length - 1),
                Envelope.Kind.BLOCK, GENESIS).verdict());
        assertEquals(Envelope.Verdict.MALFORMED, Envelope.open(new byte[0], Envelope.Kind.BLOCK, GENESIS).verdict());
    }

    @Test
    void theReplayGuardAcceptsEachEnvelopeOnceWithinItsWindow() {
        ReplayGuard guard = new ReplayGuard(60_000);
        Envelope a = open(Envelope.seal(Envelope.Kind.VOTE, 100_000, new byte[] {1}, NODE, GENESIS));
        Envelope b = open(Envelope.seal(Envelope.Kind.VOTE, 100_000, new byte[] {2}, NODE, GENESIS));
        assertEquals(Envelope.Verdict.OK, guard.check(a, 100_500));
        assertEquals(Envelope.Verdict.REPLAYED, guard.check(a, 101_000));
        assertEquals(Envelope.Verdict.OK, guard.check(b, 101_000), "another payload is another envelope");
        assertEquals(Envelope.Verdict.STALE, guard.check(open(Envelope.seal(Envelope.Kind.VOTE, 30_000, new byte[] {3},
                NODE, GENESIS)), 100_500));
        assertEquals(Envelope.Verdict.FROM_THE_FUTURE, guard.check(open(Envelope.seal(Envelope.Kind.VOTE, 200_000,
                new byte[] {4}, NODE, GENESIS)), 100_500));
        assertEquals(2, guard.size());
        // A window later the ids are forgotten, and the old envelopes are refused as stale instead.
        assertEquals(Envelope.Verdict.STALE, guard.check(a, 161_001));
        assertEquals(0, guard.size(), "memory is bounded by one window of traffic");
    }

    private static Envelope open(byte[] sealed) {
        return Envelope.open(sealed, Envelope.Kind.VOTE, GENESIS).envelope();
    }
}
