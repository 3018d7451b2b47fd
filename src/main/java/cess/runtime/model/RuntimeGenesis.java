package cess.runtime.model;

import cess.audit.model.AuditParams;
import cess.audit.model.IdleAuditParams;
import cess.consensus.model.AppGenesis;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Issuance;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.oss.model.OssGenesis;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.staking.model.StakingParams;
import cess.staking.model.ValidatorRotation;
import cess.storage.model.StorageGenesis;
import cess.storage.model.RestoralParams;
import cess.storage.model.StorageParams;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The standard runtime's part of a genesis: the parameters of every module, the initial
 * balances, the storage market's section and the gateways registered from the start. The
 * validators consensus names become staking's candidates and on-duty sets. Immutable.
 */
public record RuntimeGenesis(Params params, NavigableMap<Address, Amount> balances, StorageGenesis storage,
                             OssGenesis gateways) implements AppGenesis {
    /**
     * The runtime's version, the first field of its genesis encoding, so that a replica or a
     * devnet made by a build whose rules differ is refused at start (its genesis hash differs)
     * instead of misreading what it holds. 1: the modular runtime (issue #18). 2: a fragment's
     * hash is its {@link cess.shared.ChunkTree} root instead of its SHA-256, and storage proofs
     * ({@link AuditParams} in the genesis; issue #19). 3: the gateway registry (module {@code oss},
     * its {@code gateways} in the genesis; issue #20). Idle-space proofs ({@link IdleAuditParams})
     * came with no new version: they are in the genesis encoding, so a replica made before them
     * is refused by its genesis hash all the same.
     */
    public static final int SPEC_VERSION = 3;

    public RuntimeGenesis {
        if (params == null || balances == null) {
            throw new IllegalArgumentException("the runtime's genesis needs parameters and balances");
        }
        balances = Collections.unmodifiableNavigableMap(new TreeMap<>(balances));
        storage = storage == null ? StorageGenesis.NONE : storage;
        gateways = gateways == null ? OssGenesis.NONE : gateways;
        BigInteger total = balances.values().stream().map(Amount::units).reduce(BigInteger.ZERO, BigInteger::add);
        if (total.compareTo(Amount.MAX) > 0) {
            throw new IllegalArgumentException("genesis balances exceed 2^128-1 units in total");
        }
        storage.check(params.get(StorageParams.class));
    }

    /** A genesis that registers no gateway. */
    public RuntimeGenesis(Params params, NavigableMap<Address, Amount> balances, StorageGenesis storage) {
        this(params, balances, storage, OssGenesis.NONE);
    }

    /** The runtime's part of {@code g}. @throws IllegalStateException if another application's */
    public static RuntimeGenesis of(Genesis g) {
        if (g.app() instanceof RuntimeGenesis r) {
            return r;
        }
        throw new IllegalStateException("the genesis is not the standard runtime's");
    }

    /**
     * Also refuses a block time other than consensus's: the genesis holds it twice (consensus's
     * parameters and {@link ChainTiming}, which the chain may change later), and both are hashed
     * into the chain's identity.
     */
    @Override
    public void check(ConsensusParams consensus, List<Genesis.ValidatorSpec> validators) {
        long timing = params.get(ChainTiming.class).blockTimeMillis();
        if (timing != consensus.blockTimeMillis()) {
            throw new IllegalArgumentException("the genesis block time is " + consensus.blockTimeMillis()
                    + " ms for consensus but " + timing + " ms in the runtime's " + ChainTiming.KEY + "; they must agree");
        }
        Amount minBond = params.get(StakingParams.class).minBond();
        for (Genesis.ValidatorSpec v : validators) {
            if (v.stake().compareTo(minBond) < 0) {
                throw new IllegalArgumentException("genesis validator " + v.account() + " bonds " + v.stake()
                        + ", below the minimum bond " + minBond);
            }
        }
    }

    @Override
    public void encode(Encoder e) {
        FeeParams fees = params.get(FeeParams.class);
        StorageParams sp = params.get(StorageParams.class);
        GovernanceParams gp = params.get(GovernanceParams.class);
        e.u32(SPEC_VERSION).amount(fees.minFee()).u32(fees.treasuryFeePercent())
                .amount(sp.stakePerTiB()).amount(sp.pricePerGibDay()).u32(sp.minTerritoryDays()).u32(sp.territoryGraceDays())
                .amount(params.get(StakingParams.class).minBond())
                .u32(gp.bondPercent()).amount(gp.minProposalBond()).u64(gp.votingMillis()).u64(gp.enactmentDelayMillis())
                .u32(gp.quorumPercent()).u32(gp.forfeitPercent())
                .u64(params.get(ChainTiming.class).blockTimeMillis());
        AuditParams ap = params.get(AuditParams.class);
        e.u32(ap.samples()).u64(ap.periodBlocks()).u64(ap.deadlineBaseBlocks()).u64(ap.serviceBytesPerBlock())
                .u32(ap.secondMissBps()).u32(ap.laterMissBps()).u32(ap.failedServiceBps()).u32(ap.failedIdleBps())
                .u32(ap.serviceStrikes()).u32(ap.forcedExitMisses()).u32(ap.maxProofBytes());
        IdleAuditParams ip = params.get(IdleAuditParams.class);
        e.u32(ip.proof().unitBytes()).u32(ip.proof().parents()).u32(ip.proof().samples()).u32(ip.proof().rounds())
                .hash(ip.network()).u64(ip.deadlineBaseBlocks()).u64(ip.idleBytesPerBlock()).u32(ip.maxRootsPerCommit());
        RestoralParams rp = params.get(RestoralParams.class);
        e.u64(rp.claimBlocks()).amount(rp.reward()).u64(rp.exitCoolingBlocks()).u32(rp.missesBeforeRepair())
                .u32(balances.size());
        balances.forEach((a, amount) -> e.address(a).amount(amount));
        storage.encode(e);
        gateways.encode(e);
    }

    /** All the tokens at block 0: the balances and the stakes of validators and miners. */
    public Amount issuance(List<Genesis.ValidatorSpec> validators) {
        BigInteger total = balances.values().stream().map(Amount::units).reduce(BigInteger.ZERO, BigInteger::add);
        for (Genesis.ValidatorSpec v : validators) {
            total = total.add(v.stake().units());
        }
        return new Amount(total.add(storage.stakes()));
    }

    @Override
    public NavigableMap<StateKey, StateValue> initialState(long timestampMillis, List<Genesis.ValidatorSpec> validators,
                                                           Hash specHash) {
        TreeMap<StateKey, StateValue> state = new TreeMap<>();
        balances.forEach((a, amount) -> {
            if (!amount.isZero()) {
                state.put(StateKey.account(a), new Account(amount, 0));
            }
        });
        storage.apply(state, timestampMillis);
        gateways.apply(state);
        ValidatorRotation.genesis(state, validators, timestampMillis, specHash);
        state.put(Issuance.KEY, new Issuance(issuance(validators)));
        return state;
    }
}
