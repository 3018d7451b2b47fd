package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.Arrays;
import java.util.Optional;

/**
 * Proof that a validator equivocated: two votes it signed of one kind, for one height and round,
 * for different values. Anyone can check it with the validator's public key (its address); a
 * block carries it, and the chain slashes the validator once per offence.
 */
public record Evidence(Vote first, Vote second) {
    public Evidence {
        if (first == null || second == null) {
            throw new IllegalArgumentException("evidence needs two votes");
        }
    }

    /** The same two votes in canonical order (by encoding), so one offence has one form. */
    public static Evidence of(Vote a, Vote b) {
        return Arrays.compareUnsigned(a.encode(), b.encode()) <= 0 ? new Evidence(a, b) : new Evidence(b, a);
    }

    public Address offender() {
        return first.voter();
    }

    public long height() {
        return first.height();
    }

    /** What is wrong with this evidence on its own (before asking whether the offender was on duty). */
    public Optional<String> problem(Hash genesis) {
        if (!first.conflictsWith(second)) {
            return Optional.of("the two votes are not one validator's conflicting votes for one slot");
        }
        if (Arrays.compareUnsigned(first.encode(), second.encode()) >= 0) {
            return Optional.of("evidence votes are not in canonical order");
        }
        if (!first.verify(genesis) || !second.verify(genesis)) {
            return Optional.of("an evidence vote is not signed by " + first.voter());
        }
        return Optional.empty();
    }

    public byte[] encode() {
        return new Encoder().bytes(first.encode()).bytes(second.encode()).toBytes();
    }

    public static Evidence decode(Decoder d) {
        return new Evidence(Vote.decode(d.bytes(512)), Vote.decode(d.bytes(512)));
    }

    public Hash hash() {
        return Hash.sha256(encode());
    }
}
