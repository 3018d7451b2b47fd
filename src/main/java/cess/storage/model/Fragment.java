package cess.storage.model;

import cess.shared.Address;
import cess.shared.Hash;

/** One erasure-coded fragment of a segment: its SHA-256 and the miner that keeps it. */
public record Fragment(Hash hash, Address miner) {
    public Fragment {
        if (hash == null || miner == null) {
            throw new IllegalArgumentException("fragment needs a hash and a miner");
        }
    }
}
