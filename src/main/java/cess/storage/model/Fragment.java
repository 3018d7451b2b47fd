package cess.storage.model;

import cess.shared.Address;
import cess.shared.Hash;

/**
 * One erasure-coded fragment of a segment: its hash and the miner that keeps it. The hash is the
 * fragment's commitment, the {@link cess.shared.ChunkTree} root over its bytes: reads check the
 * whole fragment against it, and a storage proof checks single chunks against it.
 */
public record Fragment(Hash hash, Address miner) {
    public Fragment {
        if (hash == null || miner == null) {
            throw new IllegalArgumentException("fragment needs a hash and a miner");
        }
    }
}
