package cess.audit.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * A storage challenge as announced over the network to the miner it names, by the proposer of
 * the block that issued it. An announcement is a hint, never a source of truth: the miner's node
 * answers only the challenge it reads from its own replica of the chain, once it holds the
 * announced block with the announced hash, so a forged or stale announcement costs a look at the
 * local state and changes nothing.
 *
 * <p>Encoded as {@code u8 type, u64 challenge, miner, u64 issued, block hash, u64 deadline}: 89
 * bytes.
 *
 * @param type           what the challenge asks for
 * @param challenge      its number on the chain (shared by both types)
 * @param miner          the challenged miner
 * @param issuedHeight   the block that issued it
 * @param block          that block's hash
 * @param deadlineHeight the last block at which an answer is accepted
 */
public record ChallengeAnnouncement(Type type, long challenge, Address miner, long issuedHeight, Hash block,
                                    long deadlineHeight) {
    /** The kinds of challenge; tags are never reused. */
    public enum Type {
        /** Samples of the fragments the miner holds ({@link Challenge}). */
        SERVICE(0),
        /** Samples of the miner's filler: a batch to certify, or its certified units ({@link IssuedIdleChallenge}). */
        IDLE(1);

        public final int tag;

        Type(int tag) {
            this.tag = tag;
        }

        static Type of(int tag) {
            for (Type t : values()) {
                if (t.tag == tag) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no challenge type " + tag);
        }
    }

    /** The encoded size of every announcement. */
    public static final int ENCODED_BYTES = 1 + 8 + Address.LENGTH + 8 + Hash.LENGTH + 8;

    public ChallengeAnnouncement {
        if (type == null || miner == null || block == null) {
            throw new IllegalArgumentException("an announcement names a type, a miner and a block");
        }
        if (challenge < 0 || issuedHeight < 1 || deadlineHeight < issuedHeight) {
            throw new IllegalArgumentException("an announcement needs a challenge number, an issuing block above genesis"
                    + " and a deadline not before it, not " + challenge + " issued at " + issuedHeight
                    + " due by " + deadlineHeight);
        }
    }

    /** The announcement of {@code c}, issued in the block whose hash is {@code block}. */
    public static ChallengeAnnouncement of(Challenge c, Hash block) {
        return new ChallengeAnnouncement(Type.SERVICE, c.id(), c.miner(), c.issuedHeight(), block, c.deadlineHeight());
    }

    /** The announcement of idle challenge {@code c}, issued in the block whose hash is {@code block}. */
    public static ChallengeAnnouncement of(IssuedIdleChallenge c, Hash block) {
        return new ChallengeAnnouncement(Type.IDLE, c.id(), c.miner(), c.issuedHeight(), block, c.deadlineHeight());
    }

    public byte[] encode() {
        return new Encoder().u8(type.tag).u64(challenge).address(miner).u64(issuedHeight).hash(block).u64(deadlineHeight)
                .toBytes();
    }

    /** Reads an announcement; malformed bytes (short, trailing, unknown type, bad numbers) are an IllegalArgumentException. */
    public static ChallengeAnnouncement decode(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalArgumentException("a challenge announcement is " + ENCODED_BYTES + " bytes, not " + bytes.length);
        }
        Decoder d = new Decoder(bytes);
        Type type = Type.of(d.u8());
        ChallengeAnnouncement a = new ChallengeAnnouncement(type, d.u64(), d.address(), d.u64(), d.hash(), d.u64());
        d.end();
        return a;
    }
}
