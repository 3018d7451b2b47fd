package cess.platform;

import java.util.Optional;

/**
 * What a node does next to make the endpoint the chain records for one of its accounts (a
 * hosted miner, its gateway) the URL it is reached at. It compares the record with this node's
 * pending transactions applied against the final one: a change it has sent is awaited, not sent
 * twice. Pure (a rule of the node, not of the chain: every node may keep its records its own way);
 * {@link Rechecks} runs the passes that apply it.
 */
public enum EndpointStep {
    /** No record, even pending: register (or say that registering is the operator's to do). */
    ABSENT,
    /** The record names another endpoint: send the update. */
    MOVE,
    /** The change is pending: look again once it is final. */
    WAIT,
    /** The final record names the URL: nothing left to do. */
    DONE;

    /**
     * @param pending the endpoint recorded with this node's pending transactions applied, if any
     * @param settled the endpoint recorded at the final head, if any
     * @param url     the URL the node is reached at
     */
    public static EndpointStep of(Optional<String> pending, Optional<String> settled, String url) {
        if (pending.isEmpty()) {
            return ABSENT;
        }
        if (!pending.get().equals(url)) {
            return MOVE;
        }
        return settled.filter(url::equals).isPresent() ? DONE : WAIT;
    }
}
