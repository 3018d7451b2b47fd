package cess.governance.control;

import cess.ledger.model.Balances;
import cess.consensus.control.BlockPersisting;
import cess.governance.entity.TreasuryMovementEntity;
import cess.governance.model.GovernanceRules;
import cess.governance.model.TreasuryMovement;
import cess.ledger.model.Account;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.platform.Database;
import cess.shared.Address;
import cess.shared.Amount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The treasury's log: every movement of its balance, block by block, with the balance after
 * each. A block's movements are derived from its governance events and the treasury's balance
 * before and after it ({@link TreasuryMovement#of}), and written in the transaction that persists
 * the block ({@link BlockPersisting}): a block is never stored without its movements. Stateless
 * and thread-safe.
 */
@ApplicationScoped
public class TreasuryLog {
    @Inject
    Database db;

    /**
     * Writes the movements of the block being persisted, in its transaction.
     *
     * @throws IllegalStateException if the block's events account for more than the treasury
     *                               moved: the block is not persisted then
     */
    void onBlockPersisting(@Observes BlockPersisting block) {
        Amount before = block.before().account(Balances.TREASURY).free();
        StateValue changed = block.changes().get(StateKey.account(Balances.TREASURY));
        boolean touched = block.changes().containsKey(StateKey.account(Balances.TREASURY));
        Amount after = !touched ? before : changed == null ? Amount.ZERO : ((Account) changed).free();
        List<GovernanceRules.Event> events = block.events().stream()
                .filter(GovernanceRules.Event.class::isInstance).map(GovernanceRules.Event.class::cast).toList();
        List<TreasuryMovement> moves = TreasuryMovement.of(before, after, events);
        BigInteger balance = before.units();
        for (int i = 0; i < moves.size(); i++) {
            TreasuryMovement m = moves.get(i);
            balance = m.kind().inflow() ? balance.add(m.amount().units()) : balance.subtract(m.amount().units());
            block.em().persist(new TreasuryMovementEntity(block.header().height(), i, block.header().timestampMillis(),
                    m.kind().name(), new BigDecimal(m.amount().units()), m.counterparty().map(Address::ss58).orElse(null),
                    m.proposal(), new BigDecimal(balance)));
        }
    }

    /** A logged movement of the treasury. */
    public record Entry(long height, long timestampMillis, String kind, Amount amount, Optional<String> counterparty,
                        long proposal, Amount balanceAfter) {
    }

    /** The treasury's movements, newest first: up to {@code limit} from blocks below {@code beforeHeight}. */
    public List<Entry> movements(long beforeHeight, int limit) {
        return db.read(em -> em.createNamedQuery("TreasuryMovement.before", TreasuryMovementEntity.class)
                .setParameter("height", beforeHeight).setMaxResults(limit).getResultList()).stream()
                .map(m -> new Entry(m.height(), m.timestampMillis(), m.kind(), new Amount(m.amount().toBigIntegerExact()),
                        Optional.ofNullable(m.counterparty()), m.proposal(),
                        new Amount(m.balanceAfter().toBigIntegerExact()))).toList();
    }
}
