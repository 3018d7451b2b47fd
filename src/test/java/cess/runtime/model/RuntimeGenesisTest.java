package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.consensus.model.Onion;
import cess.ledger.model.Params;
import cess.shared.Amount;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The genesis holds the block time twice (consensus's parameters and the runtime's {@link ChainTiming}). */
class RuntimeGenesisTest {
    static final KeyPair ALICE = KeyPair.dev("//Alice");

    static Genesis genesis(long consensusBlockMillis, long runtimeBlockMillis) {
        Params params = TestGenesis.params(Amount.ofUnits(10), 80,
                new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), new StakingParams(Amount.ofUnits(1)),
                runtimeBlockMillis);
        return TestGenesis.genesis("test", 1_000, params, new ConsensusParams(consensusBlockMillis, 3, 10),
                Map.of(ALICE.address(), Amount.ofUnits(1_000_000)),
                List.of(new Genesis.ValidatorSpec(ALICE.address(), Amount.ofUnits(1), Onion.onionCommitment(ALICE.seed()))),
                List.of(), List.of());
    }

    @Test
    void aGenesisWithOneBlockTimeIsBuilt() {
        Genesis g = genesis(1_000, 1_000);
        assertEquals(1_000, g.consensus().blockTimeMillis());
        assertEquals(1_000, Runtime.blockTimeMillis(g.app().params()));
    }

    @Test
    void twoDifferentBlockTimesAreRefusedAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> genesis(1_000, 2_000));
        assertTrue(e.getMessage().contains("1000 ms for consensus but 2000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains(ChainTiming.KEY), e.getMessage());
    }
}
