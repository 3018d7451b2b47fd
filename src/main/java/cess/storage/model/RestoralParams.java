package cess.storage.model;

import cess.shared.Amount;

/**
 * The chain's parameters of repair, fixed by the genesis.
 *
 * @param claimBlocks how long a claim holds: a claimant that has not completed the order by
 *                    {@code claimed + claimBlocks} loses it, and another miner may claim it
 *                    (CESS: an order lives 250 blocks)
 * @param reward      what a completed order pays its restorer, from the storage pool
 *                    ({@link StorageParams#STORAGE_POOL}, which territory payments fill): the
 *                    network pays for the redundancy it regains, whoever lost it; a pool that
 *                    cannot pay leaves the completion valid and unpaid
 * @param exitCoolingBlocks how long after {@code exit_miner} a miner may withdraw its stake (once
 *                    all it held was rebuilt elsewhere): time for repair, and for its audits to
 *                    catch what it lost before it leaves
 * @param missesBeforeRepair the service challenge deadlines a miner must miss in a row before its
 *                    fragments are presumed lost ({@link MinerAbsence}): each then implies a
 *                    restoral order, written only when claimed; a passed proof lifts the
 *                    presumption (unclaimed orders lapse, claimed ones stand). At least 1; a
 *                    miner back from a restart within {@code missesBeforeRepair − 1} periods
 *                    loses nothing to repair
 */
public record RestoralParams(long claimBlocks, Amount reward, long exitCoolingBlocks, int missesBeforeRepair) {
    /** The most consecutive misses a genesis may wait for (CESS forces an exit at 100 misses in all). */
    public static final int MAX_MISSES_BEFORE_REPAIR = 1_000_000;
    /**
     * CESS's order life, 1 CESS a fragment, CESS's 15-day lock at 6 s blocks, and repair after 3
     * missed hours in a row (the 1st miss is CESS's free one, the 2nd and 3rd are slashed).
     */
    public static final RestoralParams DEFAULT = new RestoralParams(250, Amount.cess(1), 216_000, 3);

    public RestoralParams {
        if (claimBlocks < 1 || reward == null || exitCoolingBlocks < 0) {
            throw new IllegalArgumentException("a claim holds at least one block, a completion pays something or zero,"
                    + " and an exit cools for no negative time");
        }
        if (missesBeforeRepair < 1 || missesBeforeRepair > MAX_MISSES_BEFORE_REPAIR) {
            throw new IllegalArgumentException("missesBeforeRepair must be 1.." + MAX_MISSES_BEFORE_REPAIR + ", got "
                    + missesBeforeRepair);
        }
    }

    /** These parameters, but waiting for {@code misses} consecutive misses before repair. */
    public RestoralParams withMissesBeforeRepair(int misses) {
        return new RestoralParams(claimBlocks, reward, exitCoolingBlocks, misses);
    }

    /**
     * A local network's: a claim holds about a minute and an exit cools about two, at
     * {@code blockMillis} a block; a miner that misses 2 challenges in a row (about two minutes on
     * the devnet) is presumed to have lost its data.
     */
    public static RestoralParams local(long blockMillis) {
        long b = Math.max(1, blockMillis);
        return new RestoralParams(Math.max(10, 60_000 / b), Amount.cess(1), Math.max(20, 120_000 / b), 2);
    }
}
