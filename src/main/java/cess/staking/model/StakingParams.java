package cess.staking.model;

import cess.shared.Amount;

/**
 * Candidacy parameters, fixed by the genesis.
 *
 * @param minBond the least stake a candidate bonds
 */
public record StakingParams(Amount minBond) {
    /** What a genesis that names none uses: 10,000 CESS. */
    public static final StakingParams DEFAULT = new StakingParams(Amount.cess(10_000));

    public StakingParams {
        if (minBond == null || minBond.isZero()) {
            throw new IllegalArgumentException("minBond must be positive");
        }
    }
}
