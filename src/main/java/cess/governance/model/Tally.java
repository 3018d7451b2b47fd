package cess.governance.model;

import cess.shared.Amount;
import java.math.BigInteger;

/** The weight of the ayes, nays and abstentions on a proposal: the balances their voters locked. */
public record Tally(Amount ayes, Amount nays, Amount abstain) {
    public static final Tally EMPTY = new Tally(Amount.ZERO, Amount.ZERO, Amount.ZERO);

    public Tally {
        if (ayes == null || nays == null || abstain == null) {
            throw new IllegalArgumentException("a tally needs ayes, nays and abstentions");
        }
    }

    /** Everything that voted, abstentions included. */
    public Amount turnout() {
        return ayes.plus(nays).plus(abstain);
    }

    Tally plus(Vote.Choice choice, Amount amount) {
        return switch (choice) {
            case AYE -> new Tally(ayes.plus(amount), nays, abstain);
            case NAY -> new Tally(ayes, nays.plus(amount), abstain);
            case ABSTAIN -> new Tally(ayes, nays, abstain.plus(amount));
        };
    }

    Tally minus(Vote.Choice choice, Amount amount) {
        return switch (choice) {
            case AYE -> new Tally(ayes.minus(amount), nays, abstain);
            case NAY -> new Tally(ayes, nays.minus(amount), abstain);
            case ABSTAIN -> new Tally(ayes, nays, abstain.minus(amount));
        };
    }

    /** How a vote ends. */
    public enum Verdict {
        /** Quorum reached and more ayes than nays. */
        PASSED,
        /** Quorum reached, ayes not above nays; the bond returns. */
        REJECTED,
        /** Quorum reached and nays a large majority: the bond is forfeited to the treasury. */
        REJECTED_FORFEIT,
        /** Turnout below the quorum: nothing decided, the bond returns. */
        EXPIRED
    }

    /** Whether the turnout reaches {@code quorumPercent} of {@code issuance} (exactly reaching it counts). */
    public boolean quorate(Amount issuance, int quorumPercent) {
        return turnout().units().multiply(BigInteger.valueOf(100))
                .compareTo(issuance.units().multiply(BigInteger.valueOf(quorumPercent))) >= 0;
    }

    /**
     * The verdict on this tally: no quorum is EXPIRED; with quorum, ayes strictly above nays pass
     * (a tie does not), and nays of at least {@code forfeitPercent} of ayes and nays forfeit the bond.
     */
    public Verdict verdict(Amount issuance, GovernanceParams p) {
        if (!quorate(issuance, p.quorumPercent())) {
            return Verdict.EXPIRED;
        }
        if (ayes.compareTo(nays) > 0) {
            return Verdict.PASSED;
        }
        BigInteger decided = ayes.units().add(nays.units());
        boolean landslide = nays.units().signum() > 0 && nays.units().multiply(BigInteger.valueOf(100))
                .compareTo(decided.multiply(BigInteger.valueOf(p.forfeitPercent()))) >= 0;
        return landslide ? Verdict.REJECTED_FORFEIT : Verdict.REJECTED;
    }
}
