package cess.storage.model;

import cess.shared.Hash;
import java.util.List;

/**
 * One segment of a file as stored: the SHA-256 of its stored bytes (ciphertext when the file is
 * encrypted), their length, and its k data then m parity fragments in order. The stored bytes
 * are zero-padded to {@code k * fragmentSize} before coding.
 */
public record Segment(Hash hash, int storedLength, List<Fragment> fragments) {
    public Segment {
        if (hash == null || storedLength <= 0 || fragments == null || fragments.isEmpty()) {
            throw new IllegalArgumentException("segment needs a hash, a positive length and fragments");
        }
        fragments = List.copyOf(fragments);
    }

    /** The size of each fragment when the segment is split into {@code k} data fragments. */
    public static int fragmentSize(int storedLength, int k) {
        return (storedLength + k - 1) / k;
    }
}
