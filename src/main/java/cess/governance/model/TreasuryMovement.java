package cess.governance.model;

import cess.ledger.model.ChainEvent;
import cess.shared.Address;
import cess.shared.Amount;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One movement of the treasury's balance in a block: its share of the block's fees, a forfeited
 * bond, a payout. Derived from the block's governance events and the balance before and after,
 * so nothing moves the treasury unaccounted for: whatever the events do not explain is the fees'
 * share (the only other inflow).
 *
 * @param proposal the proposal behind it (0 for fees)
 */
public record TreasuryMovement(Kind kind, Amount amount, Optional<Address> counterparty, long proposal) {
    public enum Kind {
        /** the treasury's share of the block's transaction fees (in) */
        FEES,
        /** a rejected proposal's bond (in) */
        BOND_FORFEITED,
        /** a passed funding request paid to its beneficiary (out) */
        PAYOUT;

        public boolean inflow() {
            return this != PAYOUT;
        }
    }

    /**
     * The movements of a block that took the treasury from {@code before} to {@code after}
     * while governance did {@code events}.
     *
     * @throws IllegalStateException if the events account for more than the balance moved in
     */
    public static List<TreasuryMovement> of(Amount before, Amount after, List<? extends ChainEvent> events) {
        List<TreasuryMovement> out = new ArrayList<>();
        BigInteger explained = BigInteger.ZERO;
        for (GovernanceRules.Event e : events.stream().filter(GovernanceRules.Event.class::isInstance)
                .map(GovernanceRules.Event.class::cast).toList()) {
            if (e.kind() == GovernanceRules.Event.Kind.BOND_FORFEITED) {
                out.add(new TreasuryMovement(Kind.BOND_FORFEITED, e.amount(), Optional.empty(), e.proposal()));
                explained = explained.add(e.amount().units());
            } else if (e.kind() == GovernanceRules.Event.Kind.PAID) {
                out.add(new TreasuryMovement(Kind.PAYOUT, e.amount(), e.account(), e.proposal()));
                explained = explained.subtract(e.amount().units());
            }
        }
        BigInteger fees = after.units().subtract(before.units()).subtract(explained);
        if (fees.signum() < 0) {
            throw new IllegalStateException("the treasury moved by " + after.units().subtract(before.units())
                    + " units, less than its governance events explain (" + explained + ")");
        }
        if (fees.signum() > 0) {
            out.add(new TreasuryMovement(Kind.FEES, new Amount(fees), Optional.empty(), 0));
        }
        return out;
    }
}
