package cess.consensus.model;

/**
 * Round timeouts of the BFT engine: each step waits {@code base + round * increment} so that
 * after the network settles some round lasts long enough for a quorum to hear each other.
 */
public record BftParams(long proposeMillis, long prevoteMillis, long precommitMillis, long incrementMillis) {
    public BftParams {
        if (proposeMillis <= 0 || prevoteMillis <= 0 || precommitMillis <= 0 || incrementMillis < 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public long timeout(Bft.Step step, int round) {
        long base = switch (step) {
            case PROPOSE -> proposeMillis;
            case PREVOTE -> prevoteMillis;
            case PRECOMMIT -> precommitMillis;
        };
        return base + (long) round * incrementMillis;
    }
}
