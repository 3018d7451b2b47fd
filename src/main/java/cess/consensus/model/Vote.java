package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.Optional;

/**
 * A prevote or precommit of one validator at a height and round, for a block (its hash) or for
 * nothing ({@code nil}). The engine never checks signatures: the driver signs what the engine
 * sends and verifies what the network brings before it becomes an input; {@code signature} rides
 * along so that a decision's precommits form a {@link Commit}.
 */
public record Vote(Type type, long height, int round, Optional<Hash> value, Address voter, Signature signature) {
    public enum Type { PREVOTE, PRECOMMIT }

    public Vote {
        if (type == null || height < 0 || round < 0 || value == null || voter == null) {
            throw new IllegalArgumentException("malformed vote");
        }
    }

    /** The same vote, signed. */
    public Vote signed(Signature s) {
        return new Vote(type, height, round, value, voter, s);
    }

    private static final byte[] DOMAIN = "CESS/vote/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * What the voter signs. A precommit for a block signs {@link Commit#precommitPayload}, so
     * that a decision's precommits form a {@link Commit}; prevotes and nil precommits sign their
     * own domain. Both bind the chain's genesis hash.
     */
    public byte[] signingPayload(Hash genesis) {
        if (type == Type.PRECOMMIT && value.isPresent()) {
            return Commit.precommitPayload(genesis, height, round, value.get());
        }
        Encoder e = new Encoder().raw(DOMAIN).hash(genesis).u8(type.ordinal()).u64(height).u32(round)
                .u8(value.isPresent() ? 1 : 0);
        value.ifPresent(e::hash);
        return e.toBytes();
    }

    /** Whether the signature is the voter's over {@link #signingPayload}. */
    public boolean verify(Hash genesis) {
        return signature != null && KeyPair.verify(voter, signingPayload(genesis), signature);
    }

    /** The wire form: type, height, round, value (flag and hash), voter, signature. */
    public byte[] encode() {
        if (signature == null) {
            throw new IllegalStateException("an unsigned vote is not sent");
        }
        Encoder e = new Encoder().u8(type.ordinal()).u64(height).u32(round).u8(value.isPresent() ? 1 : 0);
        value.ifPresent(e::hash);
        return e.address(voter).signature(signature).toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one vote */
    public static Vote decode(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        int t = d.u8();
        if (t >= Type.values().length) {
            throw new IllegalArgumentException("unknown vote type " + t);
        }
        long height = d.u64();
        long round = d.u32();
        if (round > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("round out of range");
        }
        int flag = d.u8();
        if (flag > 1) {
            throw new IllegalArgumentException("malformed vote value flag");
        }
        Optional<Hash> value = flag == 1 ? Optional.of(d.hash()) : Optional.empty();
        Vote v = new Vote(Type.values()[t], height, (int) round, value, d.address(), d.signature());
        d.end();
        return v;
    }

    /** Whether {@code other} is a different vote of the same validator for the same slot: equivocation. */
    public boolean conflictsWith(Vote other) {
        return type == other.type && height == other.height && round == other.round && voter.equals(other.voter)
                && !value.equals(other.value);
    }
}
