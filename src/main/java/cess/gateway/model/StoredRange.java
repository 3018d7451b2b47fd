package cess.gateway.model;

import cess.storage.model.FileLayout;

/**
 * The stored bytes of a segment that a plaintext range of it needs: the same bytes for a plain
 * segment; for an encrypted one, the sealed chunks that hold the range, and the segment's nonce
 * ({@code head}). What a reader asks of a cached segment, so that a range reads only what it needs.
 *
 * @param from   the first stored byte
 * @param length how many stored bytes from there
 * @param head   whether the segment's first {@value FileLayout#CIPHER_NONCE} bytes are needed too
 */
public record StoredRange(int from, int length, boolean head) {
    public StoredRange {
        if (from < 0 || length < 1) {
            throw new IllegalArgumentException("a stored range of " + length + " bytes at " + from);
        }
    }

    /**
     * What plaintext bytes {@code [first, last]} of a segment stored in {@code storedLength}
     * bytes need.
     */
    public static StoredRange of(boolean encrypted, int storedLength, long first, long last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("plaintext bytes " + first + ".." + last);
        }
        if (!encrypted) {
            if (last >= storedLength) {
                throw new IllegalArgumentException("bytes up to " + last + " of a " + storedLength + "-byte segment");
            }
            return new StoredRange((int) first, (int) (last - first + 1), false);
        }
        int sealedChunk = FileLayout.CIPHER_CHUNK + FileLayout.CIPHER_TAG;
        long from = FileLayout.CIPHER_NONCE + first / FileLayout.CIPHER_CHUNK * sealedChunk;
        long end = Math.min(storedLength, FileLayout.CIPHER_NONCE + (last / FileLayout.CIPHER_CHUNK + 1) * sealedChunk);
        if (from >= end) {
            throw new IllegalArgumentException("plaintext bytes " + first + ".." + last + " of a segment sealed in "
                    + storedLength + " bytes");
        }
        return new StoredRange((int) from, (int) (end - from), true);
    }
}
