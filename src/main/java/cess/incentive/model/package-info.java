/**
 * Incentives, the pure rules (issue #22): the issuance schedule by era ({@link IncentiveParams},
 * {@link Issuance}), exact shares of a pool by weight ({@link Shares}), a storage era's rewards
 * by capacity and bandwidth ({@link StorageRewards}), the consensus era's by points
 * ({@link ValidatorRewards}), and vesting ({@link Vesting}). Amounts are integers of the
 * smallest unit and every split is exact: what a rule does not pay out it returns, so that no
 * unit is created or lost by rounding. Time (heights, eras) comes in as arguments.
 *
 * <p>Not yet a runtime module: the era hook that mints and pays, the receipts that measure
 * bandwidth, and the views are the rest of the issue.
 *
 * <p>Imports only {@code cess.shared} and the JDK.
 */
package cess.incentive.model;
