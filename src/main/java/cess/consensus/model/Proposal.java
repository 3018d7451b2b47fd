package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * The proposer's block (by hash) for a height and round; {@code validRound} is the round in
 * which the proposer saw a quorum of prevotes for it, or -1 for a fresh block.
 */
public record Proposal(long height, int round, Hash value, int validRound, Address proposer) {
    private static final byte[] DOMAIN = "CESS/proposal/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public Proposal {
        if (height < 0 || round < 0 || value == null || validRound < -1 || validRound >= round && validRound != -1
                || proposer == null) {
            throw new IllegalArgumentException("malformed proposal");
        }
    }

    /** What the proposer signs: the chain's genesis hash and every field. */
    public byte[] signingPayload(Hash genesis) {
        return new Encoder().raw(DOMAIN).hash(genesis).u64(height).u32(round).hash(value).u32(validRound + 1L)
                .address(proposer).toBytes();
    }

    /** The wire form (the block itself travels beside it). */
    public byte[] encode() {
        return new Encoder().u64(height).u32(round).hash(value).u32(validRound + 1L).address(proposer).toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one proposal */
    public static Proposal decode(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        long height = d.u64();
        long round = d.u32();
        Hash value = d.hash();
        long validRound = d.u32() - 1;
        if (round > Integer.MAX_VALUE || validRound > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("round out of range");
        }
        Proposal p = new Proposal(height, (int) round, value, (int) validRound, d.address());
        d.end();
        return p;
    }
}
