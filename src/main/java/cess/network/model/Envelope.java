package cess.network.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.nio.charset.StandardCharsets;

/**
 * A message between nodes, signed by the sending node's key:
 * {@code kind u8 || sent u64 || payload || sender || signature}, where the signature covers a
 * domain tag, the chain's genesis hash (no replay on another chain), the kind (no replay on
 * another topic), the sending time (no replay later, see {@link ReplayGuard}) and the payload.
 *
 * @param kind       what the payload is (a {@link Kind} tag)
 * @param sentMillis the sender's clock when it sealed the envelope
 */
public record Envelope(int kind, long sentMillis, byte[] payload, Address sender, Signature signature) {
    private static final byte[] DOMAIN = "CESS/envelope/v2".getBytes(StandardCharsets.US_ASCII);
    /** Largest payload an envelope carries (a block with its transactions fits). */
    public static final int MAX_PAYLOAD = 16 << 20;

    /** Kinds of payload; tags are never reused. */
    public enum Kind {
        BLOCK(1), TRANSACTION(2), PROPOSAL(3), VOTE(4), SYNC_REQUEST(5), SYNC_RESPONSE(6), CHALLENGE(7),
        SEGMENTS_HELD(8), SEGMENTS_DROPPED(9);

        public final int tag;

        Kind(int tag) {
            this.tag = tag;
        }
    }

    /** Why an envelope was refused; {@link #OK} when it was not. */
    public enum Verdict { OK, MALFORMED, FORGED, WRONG_KIND, REPLAYED, STALE, FROM_THE_FUTURE }

    public static byte[] seal(Kind kind, long sentMillis, byte[] payload, KeyPair key, Hash genesis) {
        return create(kind, sentMillis, payload, key, genesis).encode();
    }

    /** A new envelope of {@code payload}, signed by {@code key}. */
    public static Envelope create(Kind kind, long sentMillis, byte[] payload, KeyPair key, Hash genesis) {
        Signature sig = key.sign(signed(genesis, kind.tag, sentMillis, payload));
        return new Envelope(kind.tag, sentMillis, payload, key.address(), sig);
    }

    /** The wire form. */
    public byte[] encode() {
        return new Encoder().u8(kind).u64(sentMillis).bytes(payload).address(sender).signature(signature).toBytes();
    }

    /**
     * Decodes and checks the signature of {@code bytes} as an envelope of {@code expected} kind on
     * the chain of {@code genesis}. Replays are the {@link ReplayGuard}'s job.
     */
    public static Opened open(byte[] bytes, Kind expected, Hash genesis) {
        return open(bytes, java.util.EnumSet.of(expected), genesis);
    }

    /** Like {@link #open(byte[], Kind, Hash)}, accepting any of the {@code expected} kinds. */
    public static Opened open(byte[] bytes, java.util.Set<Kind> expected, Hash genesis) {
        Envelope e;
        try {
            Decoder d = new Decoder(bytes);
            int kind = d.u8();
            long sent = d.u64();
            byte[] payload = d.bytes(MAX_PAYLOAD);
            Address sender = d.address();
            Signature sig = d.signature();
            d.end();
            e = new Envelope(kind, sent, payload, sender, sig);
        } catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
            return new Opened(Verdict.MALFORMED, null);
        }
        if (!KeyPair.verify(e.sender, signed(genesis, e.kind, e.sentMillis, e.payload), e.signature)) {
            return new Opened(Verdict.FORGED, null);
        }
        if (expected.stream().noneMatch(k -> k.tag == e.kind)) {
            return new Opened(Verdict.WRONG_KIND, null);
        }
        return new Opened(Verdict.OK, e);
    }

    /** An envelope and its verdict; the envelope is null unless the verdict is {@link Verdict#OK}. */
    public record Opened(Verdict verdict, Envelope envelope) {
    }

    /** The kind of the payload; envelopes are opened only for known kinds. */
    public Kind kindOf() {
        for (Kind k : Kind.values()) {
            if (k.tag == kind) {
                return k;
            }
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    /** What identifies an envelope for replay detection: the hash of everything signed and the signer. */
    public Hash id() {
        return Hash.sha256(new Encoder().u8(kind).u64(sentMillis).bytes(payload).address(sender).toBytes());
    }

    private static byte[] signed(Hash genesis, int kind, long sentMillis, byte[] payload) {
        return new Encoder().raw(DOMAIN).hash(genesis).u8(kind).u64(sentMillis).bytes(payload).toBytes();
    }
}
