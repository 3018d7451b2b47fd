package cess.incentive.model;

import cess.shared.Amount;

/**
 * The genesis parameters of incentives. Immutable; every component is checked here.
 *
 * @param eraBlocks          blocks in an era, at whose end the era's pools are minted and paid
 * @param blocksPerYear      blocks in a year of the issuance schedule (a whole number of eras)
 * @param firstYearIssuance  what the first year mints, storage and consensus together
 * @param decayPpm           each year mints this many millionths of the year before (CESS: 841,000)
 * @param years              years that mint at all; none after
 * @param storageParts       the storage pool's parts of an era's mint ...
 * @param consensusParts     ... and the consensus pool's (CESS: 2 to 1)
 * @param capacityBps        the share of a storage pool paid for capacity, in basis points; the rest pays bandwidth
 * @param idlePowerBps       the weight of certified idle space in power, in basis points; service space weighs the rest (CESS: 500)
 * @param bandwidthCap       the most bytes served counted for a miner in an era, as a multiple of the bytes it holds
 * @param immediateBps       the share of a reward paid at once, in basis points; the rest vests (CESS: 5,000)
 * @param vestingSteps       the equal steps the rest is released in (CESS: 90)
 * @param vestingStepBlocks  blocks between two steps (CESS: a day, 14,400)
 */
public record IncentiveParams(long eraBlocks, long blocksPerYear, Amount firstYearIssuance, int decayPpm, int years,
                              int storageParts, int consensusParts, int capacityBps, int idlePowerBps, int bandwidthCap,
                              int immediateBps, int vestingSteps, long vestingStepBlocks) {
    public static final int PPM = 1_000_000;
    public static final int BPS = 10_000;

    public IncentiveParams {
        if (eraBlocks < 1 || blocksPerYear < eraBlocks || blocksPerYear % eraBlocks != 0) {
            throw new IllegalArgumentException("a year must be a whole number of eras of at least one block: eraBlocks "
                    + eraBlocks + ", blocksPerYear " + blocksPerYear);
        }
        if (firstYearIssuance == null) {
            throw new IllegalArgumentException("firstYearIssuance is required");
        }
        if (decayPpm < 0 || decayPpm > PPM) {
            throw new IllegalArgumentException("decayPpm must be 0.." + PPM + ", got " + decayPpm);
        }
        if (years < 0) {
            throw new IllegalArgumentException("years must not be negative, got " + years);
        }
        if (storageParts < 0 || consensusParts < 0 || storageParts + consensusParts == 0) {
            throw new IllegalArgumentException("storageParts and consensusParts must be non-negative, not both 0");
        }
        for (int bps : new int[] {capacityBps, idlePowerBps, immediateBps}) {
            if (bps < 0 || bps > BPS) {
                throw new IllegalArgumentException("basis points must be 0.." + BPS + ", got " + bps);
            }
        }
        if (bandwidthCap < 0) {
            throw new IllegalArgumentException("bandwidthCap must not be negative, got " + bandwidthCap);
        }
        if (vestingSteps < 1 || vestingStepBlocks < 1) {
            throw new IllegalArgumentException("vesting needs at least one step of at least one block");
        }
    }

    /** Eras in a year of the schedule. */
    public long erasPerYear() {
        return blocksPerYear / eraBlocks;
    }

    /**
     * CESS's schedule at 6 s blocks: eras of 6 hours, about 715.5 M CESS in the first year (477 M
     * storage, 238.5 M consensus), ×0.841 a year for 30 years, power 5 % idle + 95 % service,
     * half at once and half over 90 daily steps; bandwidth 20 % of the storage pool, capped at
     * ten times the bytes held per era.
     */
    public static IncentiveParams production() {
        return new IncentiveParams(3_600, 5_256_000, Amount.cess(715_500_000), 841_000, 30, 2, 1, 8_000, 500, 10,
                5_000, 90, 14_400);
    }

    /** A devnet's: eras of a minute at 1 s blocks, the same shares, vesting in 5 steps of a minute. */
    public static IncentiveParams devnet() {
        return new IncentiveParams(60, 31_536_000, Amount.cess(715_500_000), 841_000, 30, 2, 1, 8_000, 500, 10,
                5_000, 5, 60);
    }
}
