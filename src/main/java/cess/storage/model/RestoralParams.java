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
 */
public record RestoralParams(long claimBlocks, Amount reward, long exitCoolingBlocks) {
    /** CESS's order life, 1 CESS a fragment, and CESS's 15-day lock at 6 s blocks. */
    public static final RestoralParams DEFAULT = new RestoralParams(250, Amount.cess(1), 216_000);

    public RestoralParams {
        if (claimBlocks < 1 || reward == null || exitCoolingBlocks < 0) {
            throw new IllegalArgumentException("a claim holds at least one block, a completion pays something or zero,"
                    + " and an exit cools for no negative time");
        }
    }

    /** A local network's: a claim holds about a minute and an exit cools about two, at {@code blockMillis} a block. */
    public static RestoralParams local(long blockMillis) {
        long b = Math.max(1, blockMillis);
        return new RestoralParams(Math.max(10, 60_000 / b), Amount.cess(1), Math.max(20, 120_000 / b));
    }
}
