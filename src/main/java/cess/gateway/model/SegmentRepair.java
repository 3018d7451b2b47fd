package cess.gateway.model;

import cess.shared.ChunkTree;
import cess.storage.model.Segment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * When a read's fragments are hashed, and how a segment read without hashing them is repaired.
 *
 * <p>The rule ({@link #hashOnArrival}): an encrypted segment is authenticated chunk by chunk by
 * its AES-GCM tags, so its data fragments are not hashed on the fast path (all k arrive and every
 * tag checks): a fragment that is not the chain's fails a tag, and no chunk reaches a client
 * before its tag checked. Hashes are checked where they are the only protection: every fragment
 * of a plain object, every parity fragment (a rebuild from parity has no tag to check it), every
 * data fragment that is an input to a rebuild, and — when a tag fails — the data fragments the
 * chunk depends on, to tell a corrupt fragment (rebuilt from the others, counted) from a wrong key.
 *
 * <p>The repair ({@link #repair}) runs on the reader's thread. It hashes the suspects; if none
 * is corrupt, the key is at fault and it says so. Otherwise it hashes the other data fragments
 * too (inputs of the rebuild), fetches verified parity fragments until k good ones are at hand,
 * rebuilds the corrupt ones in place and checks each against its hash. Not thread-safe (one per
 * segment read).
 */
public final class SegmentRepair implements StoredSegment.Repair {
    /** Raised when too few good fragments remain to rebuild the corrupt ones. */
    public static final class UnrepairableException extends RuntimeException {
        UnrepairableException(String message) {
            super(message);
        }
    }

    private final Segment segment;
    private final SegmentCodec codec;
    private final int fragmentSize;
    private final boolean[] verified;
    private final IntFunction<byte[]> parity;
    private final IntConsumer corrupt;
    private int repairs;

    /**
     * @param verified which of the k data fragments were hashed already (updated as they are)
     * @param parity   fetches parity fragment i (k &le; i &lt; k + m), checked against its hash,
     *                 or gives null if it cannot
     * @param corrupt  told of each data fragment found not to match its hash
     */
    public SegmentRepair(Segment segment, SegmentCodec codec, int fragmentSize, boolean[] verified,
                         IntFunction<byte[]> parity, IntConsumer corrupt) {
        if (verified.length != codec.k()) {
            throw new IllegalArgumentException(verified.length + " flags for " + codec.k() + " data fragments");
        }
        this.segment = segment;
        this.codec = codec;
        this.fragmentSize = fragmentSize;
        this.verified = verified;
        this.parity = parity;
        this.corrupt = corrupt;
    }

    /** Whether fragment {@code index} of a k-data-fragment segment is hashed as it arrives. */
    public static boolean hashOnArrival(boolean encrypted, int index, int k) {
        return !encrypted || index >= k;
    }

    /** Fragments rebuilt so far. */
    public int repairs() {
        return repairs;
    }

    @Override
    public boolean repair(BitSet suspects, byte[][] data) {
        List<Integer> bad = new ArrayList<>();
        for (int i = suspects.nextSetBit(0); i >= 0 && i < codec.k(); i = suspects.nextSetBit(i + 1)) {
            check(i, data, bad);
        }
        if (bad.isEmpty()) {
            return false;
        }
        for (int i = 0; i < codec.k(); i++) {
            if (!bad.contains(i)) {
                check(i, data, bad); // an input of the rebuild: only its hash protects it
            }
        }
        int total = codec.k() + codec.m();
        byte[][] shards = new byte[total][];
        int have = 0;
        for (int i = 0; i < codec.k(); i++) {
            if (!bad.contains(i)) {
                shards[i] = data[i];
                have++;
            }
        }
        for (int p = codec.k(); p < total && have < codec.k(); p++) {
            shards[p] = parity.apply(p);
            if (shards[p] != null) {
                have++;
            }
        }
        if (have < codec.k()) {
            throw new UnrepairableException("segment " + segment.hash() + " has " + bad.size() + " corrupt data fragments"
                    + " and too few good ones to rebuild them: " + have + " of " + codec.k());
        }
        codec.rebuildData(shards, fragmentSize);
        for (int i : bad) {
            if (!ChunkTree.root(shards[i], 0, fragmentSize).equals(segment.fragments().get(i).hash())) {
                throw new UnrepairableException("data fragment " + i + " of segment " + segment.hash()
                        + " does not rebuild to its hash");
            }
            data[i] = shards[i];
            verified[i] = true;
            repairs++;
        }
        return true;
    }

    private void check(int i, byte[][] data, List<Integer> bad) {
        if (verified[i]) {
            return;
        }
        if (ChunkTree.root(data[i], 0, fragmentSize).equals(segment.fragments().get(i).hash())) {
            verified[i] = true;
        } else {
            bad.add(i);
            corrupt.accept(i);
        }
    }
}
