package cess.audit.model;

import java.util.List;

/**
 * Why a service proof was not accepted, and what follows from it.
 *
 * <p>Two kinds, and the difference decides who pays. A <b>refused</b> proof
 * ({@link Reason#failsProof()} false) is a transaction that does not count: sent by someone
 * else, for another or an already judged challenge, too late, or not shaped like an answer to
 * the drawn samples. It changes nothing and punishes no one: the challenge stays open and the
 * miner may still answer before the deadline (a miner that never does is punished for the
 * missed deadline, not for the refusal). A <b>failed</b> proof ({@link Reason#BAD_PATH}) is
 * a well-formed answer from the challenged miner, in time, to exactly the drawn samples, whose
 * chunk does not hash to the committed root: evidence the data is lost or corrupt. It closes the
 * challenge and is punished.
 *
 * @param reason  what is wrong
 * @param message the reason in words, naming the sample and the numbers involved
 * @param samples the indexes (in the challenge's order) of the samples at fault: every one that
 *                failed for {@link Reason#BAD_PATH} (what repair acts on), the first one for a
 *                refusal about a sample, none otherwise
 */
public record Refusal(Reason reason, String message, List<Integer> samples) {
    public enum Reason {
        /** The sender is not the challenged miner. Refused. */
        NOT_CHALLENGED(false),
        /** The proof names another challenge. Refused. */
        WRONG_CHALLENGE(false),
        /** The challenge was already answered (a replay, or a second answer). Refused. */
        ALREADY_ANSWERED(false),
        /** The deadline has passed; the missed deadline is punished on its own. Refused. */
        LATE(false),
        /** The proof is larger than the parameters allow. Refused. */
        TOO_LARGE(false),
        /** Not one entry per drawn sample. Refused. */
        WRONG_SAMPLE_COUNT(false),
        /** An entry's position or chunk index is not the drawn sample's, in order. Refused. */
        WRONG_SAMPLE(false),
        /** An entry's chunk has not the length that chunk of the fragment has. Refused. */
        BAD_CHUNK_LENGTH(false),
        /** An entry's path has not the number of siblings the tree's shape gives. Refused. */
        BAD_PATH_LENGTH(false),
        /** An entry's chunk and path do not hash to the fragment's root. The proof FAILED. */
        BAD_PATH(true);

        private final boolean failsProof;

        Reason(boolean failsProof) {
            this.failsProof = failsProof;
        }

        /** Whether this is a failed proof (punished) rather than a refused transaction (nothing changes). */
        public boolean failsProof() {
            return failsProof;
        }
    }

    public Refusal {
        if (reason == null || message == null || samples == null) {
            throw new IllegalArgumentException("a refusal needs a reason, a message and its samples");
        }
        samples = List.copyOf(samples);
    }

    /** Whether the proof failed (evidence of lost data) rather than being refused. */
    public boolean failsProof() {
        return reason.failsProof();
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
