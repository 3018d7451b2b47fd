package cess.audit.model.idle;

import cess.shared.Address;
import cess.shared.Hash;

/**
 * One idle-space challenge as the chain issues it: to {@code miner}, over its units
 * {@code firstUnit .. firstUnit + unitCount − 1} (its certified units, or a batch being certified),
 * with a {@code seed} from chain randomness no miner knew before (the RANDAO mix and the
 * challenge block's hash). {@code id} names it; a proof names the challenge it answers.
 */
public record IdleChallenge(Hash id, Address miner, Hash seed, long firstUnit, long unitCount) {
    /** The most units one challenge covers (so that units × labels stays far below 2^63). */
    public static final long MAX_UNITS = 1L << 32;

    public IdleChallenge {
        if (id == null || miner == null || seed == null) {
            throw new IllegalArgumentException("a challenge has an id, a miner and a seed");
        }
        if (firstUnit < 0 || unitCount < 1 || unitCount > MAX_UNITS || firstUnit > Long.MAX_VALUE - unitCount) {
            throw new IllegalArgumentException("a challenge covers 1.." + MAX_UNITS + " units from a non-negative first, not "
                    + unitCount + " from " + firstUnit);
        }
    }
}
