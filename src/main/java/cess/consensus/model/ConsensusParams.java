package cess.consensus.model;

/**
 * Consensus parameters from the genesis.
 *
 * @param blockTimeMillis how often a block is produced when transactions are waiting
 * @param maxBlockTxs     the most transactions one block carries
 * @param epochBlocks     blocks per epoch (the validator set may change at epoch boundaries)
 */
public record ConsensusParams(long blockTimeMillis, int maxBlockTxs, long epochBlocks) {
    public ConsensusParams {
        if (blockTimeMillis < 10 || blockTimeMillis > 600_000) {
            throw new IllegalArgumentException("blockTimeMillis must be 10..600000, got " + blockTimeMillis);
        }
        if (maxBlockTxs < 1 || maxBlockTxs > 100_000) {
            throw new IllegalArgumentException("maxBlockTxs must be 1..100000, got " + maxBlockTxs);
        }
        if (epochBlocks < 1) {
            throw new IllegalArgumentException("epochBlocks must be positive, got " + epochBlocks);
        }
    }

    public long epochOf(long height) {
        return height / epochBlocks;
    }
}
