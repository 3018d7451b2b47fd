package cess.ledger.model;

import cess.governance.model.GovernanceParams;
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
 * @param governance         the DAO's parameters
 */
public record LedgerParams(Amount minFee, int treasuryFeePercent, StorageParams storage, StakingParams staking,
                           GovernanceParams governance) {
    /** The treasury (Community Development Fund): an account that no key controls. */
    public static final Address TREASURY = Address.ofModule("cess/trsy");

    public LedgerParams {
        if (minFee == null || storage == null || staking == null || governance == null) {
            throw new IllegalArgumentException("minFee, storage, staking and governance parameters are required");
        }
        if (treasuryFeePercent < 0 || treasuryFeePercent > 100) {
            throw new IllegalArgumentException("treasuryFeePercent must be 0..100, got " + treasuryFeePercent);
        }
    }

    /** With the default governance parameters ({@link GovernanceParams#DEFAULT}). */
    public LedgerParams(Amount minFee, int treasuryFeePercent, StorageParams storage, StakingParams staking) {
        this(minFee, treasuryFeePercent, storage, staking, GovernanceParams.DEFAULT);
    }

    /** With the default candidacy and governance parameters. */
    public LedgerParams(Amount minFee, int treasuryFeePercent, StorageParams storage) {
        this(minFee, treasuryFeePercent, storage, StakingParams.DEFAULT);
    }
}
