package cess.consensus.model;

import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Issuance;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.staking.model.StakingParams;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.storage.model.Miner;
import cess.storage.model.Names;
import cess.storage.model.StorageParams;
import cess.storage.model.Territory;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The chain's starting point: its name, parameters, initial balances and validators. Block 0's
 * header has the hash of this specification as its parent, so the genesis block hash (the
 * chain's identity, which every signature is bound to) commits to all of it.
 */
public record Genesis(String chainId, long timestampMillis, Params params, ConsensusParams consensus,
                      NavigableMap<Address, Amount> balances, List<ValidatorSpec> validators, List<MinerSpec> miners,
                      List<TerritorySpec> territories) {
    /**
     * A validator of the first epochs, bonded as a candidate from the start (its stake not taken
     * from its balance), with the outer layer of its RANDAO hash onion
     * ({@link R2s#onionCommitment} of its key).
     */
    public record ValidatorSpec(Address account, Amount stake, Hash onion) {
        public ValidatorSpec {
            if (account == null || stake == null || stake.isZero() || onion == null || onion.equals(Hash.ZERO)) {
                throw new IllegalArgumentException("a genesis validator needs an account, a positive stake and an onion");
            }
        }
    }

    /** A storage miner registered from the start, its stake bonded (not taken from its balance). */
    public record MinerSpec(Address account, String endpoint, long declaredBytes, Amount stake) {
    }

    /** A territory bought from the start, lasting {@code days} days from the genesis time. */
    public record TerritorySpec(Address owner, String name, long gib, long days) {
    }

    public Genesis {
        if (chainId == null || !chainId.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("chainId must be 1..64 of [a-z0-9-], starting with a letter or digit");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("genesis timestamp must not be negative");
        }
        if (params == null || consensus == null || balances == null || validators == null) {
            throw new IllegalArgumentException("genesis needs ledger and consensus parameters, balances and validators");
        }
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("genesis needs at least one validator");
        }
        balances = Collections.unmodifiableNavigableMap(new TreeMap<>(balances));
        validators = List.copyOf(validators);
        miners = miners == null ? List.of() : List.copyOf(miners);
        territories = territories == null ? List.of() : List.copyOf(territories);
        for (MinerSpec m : miners) {
            Names.endpointProblem(m.endpoint()).ifPresent(p -> {
                throw new IllegalArgumentException("genesis miner " + m.account() + ": " + p);
            });
            if (m.stake().compareTo(params.get(StorageParams.class).stakeFor(m.declaredBytes())) < 0 || m.declaredBytes() < StorageParams.GIB) {
                throw new IllegalArgumentException("genesis miner " + m.account() + " declares " + m.declaredBytes()
                        + " bytes (at least 1 GiB) and must bond " + params.get(StorageParams.class).stakeFor(m.declaredBytes()));
            }
        }
        for (TerritorySpec t : territories) {
            Names.territoryProblem(t.name()).ifPresent(p -> {
                throw new IllegalArgumentException("genesis territory " + t.name() + ": " + p);
            });
            if (t.gib() < 1 || t.days() < 1) {
                throw new IllegalArgumentException("genesis territory " + t.name() + " needs gib and days of at least 1");
            }
        }
        validatorSet(validators); // rejects duplicates
        for (ValidatorSpec v : validators) {
            if (v.stake().compareTo(params.get(StakingParams.class).minBond()) < 0) {
                throw new IllegalArgumentException("genesis validator " + v.account() + " bonds " + v.stake()
                        + ", below the minimum bond " + params.get(StakingParams.class).minBond());
            }
        }
        BigInteger total = balances.values().stream().map(Amount::units).reduce(BigInteger.ZERO, BigInteger::add);
        if (total.compareTo(Amount.MAX) > 0) {
            throw new IllegalArgumentException("genesis balances exceed 2^128-1 units in total");
        }
    }

    /** The hash of the canonical encoding of this specification. */
    public Hash specHash() {
        StorageParams sp = params.get(StorageParams.class);
        FeeParams fees = params.get(FeeParams.class);
        Encoder e = new Encoder().string(chainId).u64(timestampMillis)
                .amount(fees.minFee()).u32(fees.treasuryFeePercent())
                .amount(sp.stakePerTiB()).amount(sp.pricePerGibDay()).u32(sp.minTerritoryDays())
                .u32(sp.territoryGraceDays()).amount(params.get(StakingParams.class).minBond());
        GovernanceParams gp = params.get(GovernanceParams.class);
        e.u32(gp.bondPercent()).amount(gp.minProposalBond()).u64(gp.votingMillis()).u64(gp.enactmentDelayMillis())
                .u32(gp.quorumPercent()).u32(gp.forfeitPercent())
                .u64(consensus.blockTimeMillis()).u32(consensus.maxBlockTxs()).u64(consensus.epochBlocks())
                .u32(balances.size());
        for (Map.Entry<Address, Amount> b : balances.entrySet()) {
            e.address(b.getKey()).amount(b.getValue());
        }
        e.u32(validators.size());
        for (ValidatorSpec v : validators) {
            e.address(v.account()).amount(v.stake()).hash(v.onion());
        }
        e.u32(miners.size());
        for (MinerSpec m : miners) {
            e.address(m.account()).string(m.endpoint()).u64(m.declaredBytes()).amount(m.stake());
        }
        e.u32(territories.size());
        for (TerritorySpec t : territories) {
            e.address(t.owner()).string(t.name()).u64(t.gib()).u64(t.days());
        }
        return Hash.sha256(e.toBytes());
    }

    /** All the tokens at block 0: the balances and the stakes of validators and miners. */
    public Amount issuance() {
        BigInteger total = balances.values().stream().map(Amount::units).reduce(BigInteger.ZERO, BigInteger::add);
        for (ValidatorSpec v : validators) {
            total = total.add(v.stake().units());
        }
        for (MinerSpec m : miners) {
            total = total.add(m.stake().units());
        }
        return new Amount(total);
    }

    /** The state at block 0: balances, miners, territories, validators and the total issuance. */
    public NavigableMap<StateKey, StateValue> initialState() {
        TreeMap<StateKey, StateValue> state = new TreeMap<>();
        balances.forEach((a, amount) -> {
            if (!amount.isZero()) {
                state.put(StateKey.account(a), new Account(amount, 0));
            }
        });
        for (MinerSpec m : miners) {
            state.put(Miner.key(m.account()), new Miner(m.endpoint(), m.declaredBytes(), 0, m.stake(),
                    Miner.State.POSITIVE, timestampMillis));
        }
        for (TerritorySpec t : territories) {
            state.put(Territory.key(t.owner(), t.name()), new Territory(t.gib(), 0,
                    timestampMillis + t.days() * StorageParams.DAY_MILLIS, timestampMillis));
        }
        ValidatorRotation.genesis(state, validators, timestampMillis, specHash());
        state.put(Issuance.KEY, new Issuance(issuance()));
        return state;
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
