package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Signature;

/** One validator's precommit signature for a block. */
public record CommitSignature(Address validator, Signature signature) {
    public CommitSignature {
        if (validator == null || signature == null) {
            throw new IllegalArgumentException("a commit signature needs a validator and a signature");
        }
    }
}
