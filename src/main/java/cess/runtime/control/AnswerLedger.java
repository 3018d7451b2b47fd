package cess.runtime.control;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which challenges a responder answered, and at which block, until they leave the state. A
 * proof admitted to the pool can still be lost before a block includes it (dropped with the
 * transactions after one that failed at execution: a later nonce no longer fits), so a challenge
 * the chain still shows unanswered {@link #RESUBMIT_BLOCKS} blocks after its answer is answered
 * again; a second proof for a challenge already answered is refused, at no harm. Thread-safe.
 */
final class AnswerLedger {
    /** Blocks after an answer before a challenge still open on chain is answered again. */
    static final long RESUBMIT_BLOCKS = 4;

    private final Map<Long, Long> answeredAt = new ConcurrentHashMap<>();

    /** Whether challenge {@code id}, open and unanswered on chain at {@code height}, should be answered (again). */
    boolean due(long id, long height) {
        Long at = answeredAt.get(id);
        return at == null || height - at >= RESUBMIT_BLOCKS;
    }

    /** Challenge {@code id} was answered (its proof admitted) at {@code height}. */
    void answered(long id, long height) {
        answeredAt.put(id, height);
    }

    /** Forgets every challenge not in {@code open}. */
    void retain(Set<Long> open) {
        answeredAt.keySet().retainAll(open);
    }
}
