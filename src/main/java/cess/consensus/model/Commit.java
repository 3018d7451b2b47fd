package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate that makes a block final: precommit signatures of validators holding more
 * than two thirds of the epoch's stake, all over the same (chain, height, round, block hash).
 */
public record Commit(long height, int round, Hash blockHash, List<CommitSignature> signatures) {
    private static final byte[] DOMAIN = "CESS/precommit/v1".getBytes(StandardCharsets.US_ASCII);

    public Commit {
        if (height < 0 || round < 0 || blockHash == null || signatures == null) {
            throw new IllegalArgumentException("malformed commit");
        }
        signatures = List.copyOf(signatures);
    }

    /** The bytes a validator signs to precommit {@code blockHash} at this height and round. */
    public static byte[] precommitPayload(Hash genesis, long height, int round, Hash blockHash) {
        return new Encoder().raw(DOMAIN).hash(genesis).u64(height).u32(round).hash(blockHash).toBytes();
    }

    public static CommitSignature precommit(KeyPair key, Hash genesis, long height, int round, Hash blockHash) {
        return new CommitSignature(key.address(), key.sign(precommitPayload(genesis, height, round, blockHash)));
    }

    /**
     * Checks the certificate for {@code header} against the epoch's validators.
     *
     * @return empty if valid, else why not
     */
    public Optional<String> verify(BlockHeader header, ValidatorSet validators, Hash genesis) {
        if (height != header.height() || !blockHash.equals(header.hash())) {
            return Optional.of("commit is for another block");
        }
        byte[] payload = precommitPayload(genesis, height, round, blockHash);
        Set<Address> signers = new HashSet<>();
        for (CommitSignature s : signatures) {
            if (!validators.contains(s.validator())) {
                return Optional.of("commit signed by " + s.validator() + ", not an on-duty validator");
            }
            if (!signers.add(s.validator())) {
                return Optional.of("commit signed twice by " + s.validator());
            }
            if (!KeyPair.verify(s.validator(), payload, s.signature())) {
                return Optional.of("bad commit signature by " + s.validator());
            }
        }
        return validators.isQuorum(signers) ? Optional.empty()
                : Optional.of("commit signers hold no more than 2/3 of the stake");
    }

    /** The hash of the encoding, which a block's header commits to for its parent's commit. */
    public Hash hash() {
        return Hash.sha256(encode());
    }

    /** The accounts that signed. */
    public List<Address> signers() {
        return signatures.stream().map(CommitSignature::validator).toList();
    }

    public byte[] encode() {
        Encoder e = new Encoder().u64(height).u32(round).hash(blockHash).u32(signatures.size());
        for (CommitSignature s : signatures) {
            e.address(s.validator()).signature(s.signature());
        }
        return e.toBytes();
    }

    public static Commit decode(byte[] bytes) {
        cess.shared.Decoder d = new cess.shared.Decoder(bytes);
        long height = d.u64();
        int round = (int) d.u32();
        Hash hash = d.hash();
        long n = d.u32();
        if (n > 1024) {
            throw new IllegalArgumentException("commit with " + n + " signatures");
        }
        List<CommitSignature> sigs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            sigs.add(new CommitSignature(d.address(), d.signature()));
        }
        d.end();
        return new Commit(height, round, hash, sigs);
    }
}
