package cess.consensus.control;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether, and why, this node's chain has diverged from the network's: another node holds a
 * different final block at a height this node has (the chain forked, or another process signs
 * with this node's key), or the stored state does not hash to the head. Once reported it stays:
 * the node stops producing and finalizes nothing more. The first report stands. Thread-safe.
 */
final class Divergence {
    /** Logs as the node: operators read these lines as the chain's. */
    private static final Logger LOG = Logger.getLogger(ChainNode.class.getName());

    private volatile String why;

    /** Records {@code why} unless a divergence was reported before; says so in the log every time. */
    void report(String why) {
        synchronized (this) {
            if (this.why == null) {
                this.why = why;
            }
        }
        LOG.severe(() -> "CHAIN DIVERGED, block production stopped: " + why);
    }

    /** Why the chain diverged, if it did. */
    Optional<String> why() {
        return Optional.ofNullable(why);
    }

    boolean happened() {
        return why != null;
    }
}
