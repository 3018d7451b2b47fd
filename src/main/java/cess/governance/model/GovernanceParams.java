package cess.governance.model;

import cess.shared.Amount;

/**
 * Governance parameters, set by the genesis and changeable by governance itself.
 *
 * @param bondPercent          a funding proposal's bond, as a share of the amount it asks
 * @param minProposalBond      the least bond of any proposal (and the bond of a parameter change)
 * @param votingMillis         how long a proposal is open to votes after its submission
 * @param enactmentDelayMillis how long a passed proposal waits before the chain enacts it
 * @param quorumPercent        the turnout (ayes, nays and abstentions) a decision needs, as a
 *                             share of the total issuance
 * @param forfeitPercent       a rejected proposal whose nays are at least this share of ayes and
 *                             nays forfeits its bond to the treasury
 */
public record GovernanceParams(int bondPercent, Amount minProposalBond, long votingMillis, long enactmentDelayMillis,
                               int quorumPercent, int forfeitPercent) {
    private static final long DAY = 24L * 3600 * 1000;

    /** Production values: a week of voting, a day before enactment, 10 % quorum, 5 % bond (at least 1 CESS). */
    public static final GovernanceParams DEFAULT = new GovernanceParams(5, Amount.cess(1), 7 * DAY, DAY, 10, 67);

    public GovernanceParams {
        if (bondPercent < 0 || bondPercent > 100) {
            throw new IllegalArgumentException("bondPercent must be 0..100, got " + bondPercent);
        }
        if (minProposalBond == null || minProposalBond.isZero()) {
            throw new IllegalArgumentException("minProposalBond must be positive");
        }
        if (votingMillis < 1_000 || votingMillis > 365 * DAY) {
            throw new IllegalArgumentException("votingMillis must be 1 s to 365 days, got " + votingMillis);
        }
        if (enactmentDelayMillis < 0 || enactmentDelayMillis > 365 * DAY) {
            throw new IllegalArgumentException("enactmentDelayMillis must be 0 to 365 days, got " + enactmentDelayMillis);
        }
        if (quorumPercent < 1 || quorumPercent > 100) {
            throw new IllegalArgumentException("quorumPercent must be 1..100, got " + quorumPercent);
        }
        if (forfeitPercent < 51 || forfeitPercent > 100) {
            throw new IllegalArgumentException("forfeitPercent must be 51..100, got " + forfeitPercent);
        }
    }

    /** The bond of a proposal asking {@code asked} (zero for a parameter change). */
    public Amount bondFor(Amount asked) {
        Amount share = asked.share(bondPercent, 100);
        return share.compareTo(minProposalBond) < 0 ? minProposalBond : share;
    }
}
