package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The storage market's section of a genesis: miners registered and territories bought from the
 * start. Immutable.
 */
public record StorageGenesis(List<MinerSpec> miners, List<TerritorySpec> territories) {
    public static final StorageGenesis NONE = new StorageGenesis(List.of(), List.of());

    /** A storage miner registered from the start, its stake bonded (not taken from its balance). */
    public record MinerSpec(Address account, String endpoint, long declaredBytes, Amount stake) {
    }

    /** A territory bought from the start, lasting {@code days} days from the genesis time. */
    public record TerritorySpec(Address owner, String name, long gib, long days) {
    }

    public StorageGenesis {
        miners = miners == null ? List.of() : List.copyOf(miners);
        territories = territories == null ? List.of() : List.copyOf(territories);
        for (TerritorySpec t : territories) {
            Names.territoryProblem(t.name()).ifPresent(p -> {
                throw new IllegalArgumentException("genesis territory " + t.name() + ": " + p);
            });
            if (t.gib() < 1 || t.days() < 1) {
                throw new IllegalArgumentException("genesis territory " + t.name() + " needs gib and days of at least 1");
            }
        }
        for (MinerSpec m : miners) {
            Names.endpointProblem(m.endpoint()).ifPresent(p -> {
                throw new IllegalArgumentException("genesis miner " + m.account() + ": " + p);
            });
        }
    }

    /** @throws IllegalArgumentException if a miner declares less than 1 GiB or bonds less than {@code p} asks */
    public void check(StorageParams p) {
        for (MinerSpec m : miners) {
            if (m.stake().compareTo(p.stakeFor(m.declaredBytes())) < 0 || m.declaredBytes() < StorageParams.GIB) {
                throw new IllegalArgumentException("genesis miner " + m.account() + " declares " + m.declaredBytes()
                        + " bytes (at least 1 GiB) and must bond " + p.stakeFor(m.declaredBytes()));
            }
        }
    }

    public void encode(Encoder e) {
        e.u32(miners.size());
        for (MinerSpec m : miners) {
            e.address(m.account()).string(m.endpoint()).u64(m.declaredBytes()).amount(m.stake());
        }
        e.u32(territories.size());
        for (TerritorySpec t : territories) {
            e.address(t.owner()).string(t.name()).u64(t.gib()).u64(t.days());
        }
    }

    /** The miners' stakes together: tokens that exist from block 0 outside any balance. */
    public BigInteger stakes() {
        return miners.stream().map(m -> m.stake().units()).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Writes the miners and territories into the state at block 0. */
    public void apply(Map<StateKey, StateValue> state, long timestampMillis) {
        for (MinerSpec m : miners) {
            state.put(Miner.key(m.account()), new Miner(m.endpoint(), m.declaredBytes(), 0, m.stake(),
                    Miner.State.POSITIVE, timestampMillis));
        }
        for (TerritorySpec t : territories) {
            state.put(Territory.key(t.owner(), t.name()), new Territory(t.gib(), 0,
                    timestampMillis + t.days() * StorageParams.DAY_MILLIS, timestampMillis));
        }
    }
}
