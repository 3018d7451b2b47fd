package cess.ledger.model;

import cess.shared.Amount;

/**
 * What a transaction pays, fixed by the genesis and changeable on chain ({@link GovernableParam}).
 *
 * @param minFee             the lowest fee a transaction may offer
 * @param treasuryFeePercent the share of each fee paid to the treasury; the rest goes to the
 *                           block's author
 */
public record FeeParams(Amount minFee, int treasuryFeePercent) {
    public FeeParams {
        if (minFee == null) {
            throw new IllegalArgumentException("minFee is required");
        }
        if (treasuryFeePercent < 0 || treasuryFeePercent > 100) {
            throw new IllegalArgumentException("treasuryFeePercent must be 0..100, got " + treasuryFeePercent);
        }
    }
}
