package cess.storage.model;

import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.List;

/**
 * One segment of a file as stored: its hash, the length of its stored bytes (ciphertext when the
 * file is encrypted), and its k data then m parity fragments in order. The stored bytes are
 * zero-padded to {@code k * fragmentSize} before coding. The segment's hash is the Merkle root
 * over its fragments' hashes ({@link Fragment}: each a {@link cess.shared.ChunkTree} root;
 * {@link #hashOf}): it commits to every fragment, so each
 * fragment read is checked on its own and no pass over the whole segment is needed.
 */
public record Segment(Hash hash, int storedLength, List<Fragment> fragments) {
    public Segment {
        if (hash == null || storedLength <= 0 || fragments == null || fragments.isEmpty()) {
            throw new IllegalArgumentException("segment needs a hash, a positive length and fragments");
        }
        fragments = List.copyOf(fragments);
    }

    /** A segment's hash: the Merkle root over its fragment hashes, data then parity. */
    public static Hash hashOf(List<Hash> fragmentHashes) {
        return Merkle.root(fragmentHashes);
    }

    /** Whether the hash is the one its fragments give. */
    public boolean hashMatchesFragments() {
        return hash.equals(hashOf(fragments.stream().map(Fragment::hash).toList()));
    }

    /** The size of each fragment when the segment is split into {@code k} data fragments. */
    public static int fragmentSize(int storedLength, int k) {
        return (storedLength + k - 1) / k;
    }
}
