package cess.runtime.model;

import cess.consensus.model.Application;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.shared.Address;
import cess.shared.Amount;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageGenesis;
import cess.storage.model.StorageParams;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Genesis specifications for unit tests, on the standard runtime. */
public final class TestGenesis {
    private TestGenesis() {
    }

    /** The standard runtime's parameters with default governance. */
    public static Params params(Amount minFee, int treasuryFeePercent, StorageParams storage, StakingParams staking,
                                long blockTimeMillis) {
        return Runtime.standardParams(new FeeParams(minFee, treasuryFeePercent), storage, staking, GovernanceParams.DEFAULT,
                blockTimeMillis);
    }

    public static Genesis genesis(String chainId, long timestampMillis, Params params, ConsensusParams consensus,
                                  Map<Address, Amount> balances, List<Genesis.ValidatorSpec> validators,
                                  List<StorageGenesis.MinerSpec> miners, List<StorageGenesis.TerritorySpec> territories) {
        return new Genesis(chainId, timestampMillis, consensus, validators,
                new RuntimeGenesis(params, new TreeMap<>(balances), new StorageGenesis(miners, territories)));
    }

    /** The application a node runs for {@code g}. */
    public static Application app(Genesis g) {
        return RuntimeApplication.of(g.app().params());
    }
}
