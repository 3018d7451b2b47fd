package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageParams;

/**
 * The ledger's chain parameters, fixed by the genesis (and later changeable by governance).
 *
 * @param minFee             the lowest fee a transaction may offer
 * @param treasuryFeePercent the share of each fee paid to the treasury; the rest goes to the
 *                           block's author
 * @param storage            the storage market's parameters
 * @param staking            validator candidacy's parameters
 */
public record LedgerParams(Amount minFee, int treasuryFeePercent, StorageParams storage, StakingParams staking) {
    /** The treasury (Community Development Fund): an account that no key controls. */
    public static final Address TREASURY = Address.ofModule("cess/trsy");

    public LedgerParams {
        if (minFee == null || storage == null || staking == null) {
            throw new IllegalArgumentException("minFee, storage and staking parameters are required");
        }
        if (treasuryFeePercent < 0 || treasuryFeePercent > 100) {
            throw new IllegalArgumentException("treasuryFeePercent must be 0..100, got " + treasuryFeePercent);
        }
    }

    /** With the default candidacy parameters ({@link StakingParams#DEFAULT}). */
    public LedgerParams(Amount minFee, int treasuryFeePercent, StorageParams storage) {
        this(minFee, treasuryFeePercent, storage, StakingParams.DEFAULT);
    }
}
