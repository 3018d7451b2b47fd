package cess.storage.model;

import cess.ledger.model.Balances;
import cess.ledger.model.Currency;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateView;
import cess.shared.Address;
import cess.shared.Amount;
import java.util.Optional;

/**
 * What another part of the chain may do to a miner's stake and standing, through the runtime:
 * read its collateral, slash it into the punishment pool (freezing a miner whose stake no longer
 * covers its declared space) and force it to exit. Storage proofs punish through this and
 * nothing else. Pure and stateless.
 */
public final class MinerPenalties {
    private MinerPenalties() {
    }

    /**
     * The miner's collateral: the stake its declared space requires (CESS's collateral limit,
     * {@link StorageParams#stakeFor}), which a punishment's share is taken of; zero for an
     * account that is no miner.
     */
    public static Amount collateral(StateView s, Address miner, StorageParams p) {
        return s.find(Miner.key(miner), Miner.class).map(m -> p.stakeFor(m.declaredBytes())).orElse(Amount.ZERO);
    }

    /**
     * Takes {@code amount}, or what is left of the miner's stake if less, into the punishment
     * pool; a miner left under-staked is frozen (it takes no new fragments until it adds stake).
     *
     * @return what was taken
     */
    public static Amount slash(StateOverlay s, Currency cur, Address miner, Amount amount, StorageParams p) {
        Optional<Miner> m = s.find(Miner.key(miner), Miner.class);
        if (m.isEmpty() || amount.isZero()) {
            return Amount.ZERO;
        }
        Amount taken = amount.compareTo(m.get().stake()) <= 0 ? amount : m.get().stake();
        Miner after = m.get().withStake(m.get().stake().minus(taken));
        s.put(Miner.key(miner), after.withState(MinerRules.stateFor(after, p)));
        cur.slashInto(Balances.PUNISHMENT_POOL, taken);
        return taken;
    }

    /** Sets the miner exiting: it takes no new fragments and keeps serving what it holds until repair moves it. */
    /**
     * Forces {@code miner} out at {@code height}: exiting, its fragments rebuilt elsewhere; what
     * is left of its stake may be withdrawn after the cooling period once nothing is left on it.
     */
    public static void forceExit(StateOverlay s, Address miner, long height, RestoralParams p) {
        s.find(Miner.key(miner), Miner.class).filter(m -> m.state() != Miner.State.EXITING).ifPresent(m -> {
            s.put(Miner.key(miner), m.withState(Miner.State.EXITING));
            s.put(MinerExit.key(miner), new MinerExit(height, height + p.exitCoolingBlocks(), true));
        });
    }
}
