package cess.consensus.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.List;
import java.util.NavigableMap;

/**
 * The chain's starting point: its name, consensus parameters, the validators of its first
 * epochs and the application's part ({@link AppGenesis}: parameters, balances, …). Block 0's
 * header has the hash of this specification as its parent, so the genesis block hash (the
 * chain's identity, which every signature is bound to) commits to all of it.
 */
public record Genesis(String chainId, long timestampMillis, ConsensusParams consensus, List<ValidatorSpec> validators,
                      AppGenesis app) {
    /**
     * A validator of the first epochs, bonded as a candidate from the start (its stake not taken
     * from its balance), with the outer layer of its RANDAO hash onion
     * ({@link Onion#onionCommitment} of its key).
     */
    public record ValidatorSpec(Address account, Amount stake, Hash onion) {
        public ValidatorSpec {
            if (account == null || stake == null || stake.isZero() || onion == null || onion.equals(Hash.ZERO)) {
                throw new IllegalArgumentException("a genesis validator needs an account, a positive stake and an onion");
            }
        }
    }

    public Genesis {
        if (chainId == null || !chainId.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("chainId must be 1..64 of [a-z0-9-], starting with a letter or digit");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("genesis timestamp must not be negative");
        }
        if (consensus == null || validators == null || app == null) {
            throw new IllegalArgumentException("genesis needs consensus parameters, validators and the application's part");
        }
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("genesis needs at least one validator");
        }
        validators = List.copyOf(validators);
        validatorSet(validators); // rejects duplicates
        app.check(consensus, validators);
    }

    /** The hash of the canonical encoding of this specification. */
    public Hash specHash() {
        Encoder e = new Encoder().string(chainId).u64(timestampMillis)
                .u64(consensus.blockTimeMillis()).u32(consensus.maxBlockTxs()).u64(consensus.epochBlocks())
                .u32(validators.size());
        for (ValidatorSpec v : validators) {
            e.address(v.account()).amount(v.stake()).hash(v.onion());
        }
        app.encode(e);
        return Hash.sha256(e.toBytes());
    }

    /** The state at block 0, as the application makes it. */
    public NavigableMap<StateKey, StateValue> initialState() {
        return app.initialState(timestampMillis, validators, specHash());
    }

    /** Block 0. */
    public BlockHeader header() {
        return new BlockHeader(0, specHash(), timestampMillis, validators.get(0).account(), Block.txRoot(List.of()),
                StateTrie.of(initialState()).root(), 0, Hash.ZERO, Hash.ZERO,
                BlockBody.evidenceRoot(List.of()));
    }

    /** The chain's identity: the hash of block 0. */
    public Hash hash() {
        return header().hash();
    }

    /** The on-duty set of the first two epochs. */
    public ValidatorSet validatorSet() {
        return validatorSet(validators);
    }

    private static ValidatorSet validatorSet(List<ValidatorSpec> specs) {
        return new ValidatorSet(specs.stream().map(v -> new Validator(v.account(), v.stake())).toList());
    }
}
