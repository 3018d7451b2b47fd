package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * One fragment a miner holds for a file deal, at position {@code seq} of the miner's dense
 * holdings index ({@link HoldingIndex}): which fragment of which file, its hash (the
 * {@link cess.shared.ChunkTree} root a storage proof checks chunks against) and its length. A
 * fragment whose bytes two files share on one miner is two holdings of one stored file.
 */
public record Holding(Hash fid, int segment, int fragment, Hash root, long length) implements StateValue {
    public Holding {
        if (fid == null || root == null || segment < 0 || fragment < 0 || fragment > 254 || length <= 0) {
            throw new IllegalArgumentException("a holding needs a file, a segment, a fragment index 0..254, a root and a length");
        }
    }

    /** The holding at {@code seq} of {@code miner}'s index; sixteen hex digits keep the ids in order. */
    public static StateKey key(Address miner, long seq) {
        return new StateKey(Storage.HOLDING, miner.ss58() + "/" + String.format("%016x", seq));
    }

    @Override
    public byte[] encode() {
        return new Encoder().hash(fid).u32(segment).u8(fragment).hash(root).u64(length).toBytes();
    }

    public static Holding decode(Decoder d) {
        return new Holding(d.hash(), (int) d.u32(), d.u8(), d.hash(), d.u64());
    }
}
