package cess.consensus.control;

import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's replica of the chain: the {@link Head} it has persisted last. Readers take the
 * current head with {@link #head()} and read it without any lock; the node moves it with
 * {@link #advance} only once the block is in the database, so a reader never sees a block a
 * crash could take back. Thread-safe; the node's writers (block commit, sync, late precommits)
 * serialize among themselves before they move it.
 */
public final class Replica {
    private final AtomicReference<Head> head;

    Replica(Head initial) {
        head = new AtomicReference<>(initial);
    }

    /** The last persisted head: a snapshot that stays as it is. */
    public Head head() {
        return head.get();
    }

    /**
     * Makes {@code next} the head: the block after the current one (persisted already), or the
     * current block with a fuller commit.
     *
     * @throws IllegalStateException if {@code next} is neither
     */
    void advance(Head next) {
        Head was = head.get();
        boolean child = next.header().parent().equals(was.header().hash())
                && next.height() == was.height() + 1;
        boolean same = next.header().hash().equals(was.header().hash());
        if (!child && !same) {
            throw new IllegalStateException("block " + next.height() + " " + next.header().hash()
                    + " does not follow the head " + was.height() + " " + was.header().hash());
        }
        if (!head.compareAndSet(was, next)) {
            throw new IllegalStateException("the head moved while block " + next.height() + " was being made final:"
                    + " its writers must serialize");
        }
    }
}
