package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * A block header. Its hash identifies the block; the state root commits to the whole state after
 * the block, so replicas that diverge see it at the first differing block. It commits to the
 * body's parts by their roots, and carries the proposer's RANDAO reveal for the epoch
 * ({@link Hash#ZERO} when the proposer has none to make).
 */
public record BlockHeader(long height, Hash parent, long timestampMillis, Address proposer, Hash txRoot,
                          Hash stateRoot, long epoch, Hash reveal, Hash lastCommitHash, Hash evidenceRoot) {
    public BlockHeader {
        if (height < 0 || timestampMillis < 0 || epoch < 0) {
            throw new IllegalArgumentException("height, timestamp and epoch must not be negative");
        }
        if (parent == null || proposer == null || txRoot == null || stateRoot == null || reveal == null
                || lastCommitHash == null || evidenceRoot == null) {
            throw new IllegalArgumentException("header fields must not be null");
        }
    }

    public byte[] encode() {
        return new Encoder().u64(height).hash(parent).u64(timestampMillis).address(proposer).hash(txRoot)
                .hash(stateRoot).u64(epoch).hash(reveal).hash(lastCommitHash).hash(evidenceRoot).toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one header */
    public static BlockHeader decode(byte[] bytes) {
        cess.shared.Decoder d = new cess.shared.Decoder(bytes);
        BlockHeader h = new BlockHeader(d.u64(), d.hash(), d.u64(), d.address(), d.hash(), d.hash(), d.u64(), d.hash(),
                d.hash(), d.hash());
        d.end();
        return h;
    }

    public Hash hash() {
        return Hash.sha256(encode());
    }
}
