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
 *                    cannot pay leaves the completion valid and unpaid, and says so
 */
public record RestoralParams(long claimBlocks, Amount reward) {
    /** CESS's order life, and 1 CESS a fragment. */
    public static final RestoralParams DEFAULT = new RestoralParams(250, Amount.cess(1));

    public RestoralParams {
        if (claimBlocks < 1 || reward == null) {
            throw new IllegalArgumentException("a claim holds at least one block and a completion pays something or zero");
        }
    }
}
