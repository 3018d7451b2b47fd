package cess.consensus.control;

import cess.ledger.model.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit for the database rows of admitted transactions. The node admits a transaction
 * to its pool under its lock and only queues the row there ({@link #enqueue}); the caller then
 * waits outside the lock ({@link #await}) until a write that took its rows has finished. The
 * first caller to find no write running writes every row queued so far, in one database
 * transaction; those arriving meanwhile wait for it, and one of them writes the next batch for
 * all of them. So one commit serves many admissions, and no commit is made under the node's lock.
 *
 * <p>Before a block is persisted, the node {@link #flush}es the queue under its lock, so that
 * every pool transaction the block includes already has its row. A write that fails fails
 * every caller whose rows it held; those rows are kept for the node ({@link #takeFailed}),
 * which then treats their transactions like ones gossiped by a peer (no row until a block
 * includes them). Thread-safe.
 */
public final class AdmissionLog {
    /** A pool transaction's row: its place in the pool's order and when it arrived. */
    public record Row(SignedTransaction tx, long seq, long receivedMs) {
    }

    /** What one admission call waits on: the write of its rows. */
    static final class Ticket {
        private final long lastSeq;
        private Throwable failure;

        private Ticket(long lastSeq) {
            this.lastSeq = lastSeq;
        }
    }

    private record Queued(List<Row> rows, Ticket ticket) {
    }

    private final Consumer<List<Row>> write;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    /** Guarded by {@link #lock}, as are the fields below. */
    private List<Queued> queue = new ArrayList<>();
    private boolean writing;
    /** The highest sequence number whose write has finished, well or not. */
    private long writtenUpTo = Long.MIN_VALUE;
    private final List<Row> failed = new ArrayList<>();
    private long writes;

    /** @param write writes rows in one database transaction, or throws and writes none */
    AdmissionLog(Consumer<List<Row>> write) {
        this.write = write;
    }

    /**
     * Queues the rows of one admission call, in sequence order and after every row queued before
     * (the node calls this under its lock, where it numbers the rows).
     */
    Ticket enqueue(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to queue");
        }
        Ticket t = new Ticket(rows.get(rows.size() - 1).seq());
        lock.lock();
        try {
            queue.add(new Queued(List.copyOf(rows), t));
        } finally {
            lock.unlock();
        }
        return t;
    }

    /**
     * Returns once the rows of {@code ticket} are committed, writing them (with every other row
     * queued) if no write running holds them.
     *
     * @throws RuntimeException what the write that held them threw: then none of them is stored
     */
    void await(Ticket ticket) {
        lock.lock();
        try {
            while (writtenUpTo < ticket.lastSeq) {
                if (writing) {
                    written.awaitUninterruptibly();
                } else {
                    writeQueued();
                }
            }
            if (ticket.failure != null) {
                throw ticket.failure instanceof RuntimeException r ? r
                        : new IllegalStateException("storing admitted transactions failed", ticket.failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes every queued row now, after any write already running; returns when none is
     * queued or being written. The node calls this under its lock, so nothing is queued meanwhile.
     * A failed write is not thrown: its callers hear of it, and its rows wait in {@link #takeFailed}.
     */
    void flush() {
        lock.lock();
        try {
            while (writing) {
                written.awaitUninterruptibly();
            }
            if (!queue.isEmpty()) {
                writeQueued();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The rows of failed writes since the last call, which are stored nowhere. */
    List<Row> takeFailed() {
        lock.lock();
        try {
            List<Row> out = List.copyOf(failed);
            failed.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Database transactions written so far (each carries one or more admission calls' rows). */
    long writes() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the whole queue and writes it outside the lock; the caller holds the lock, and no write is running. */
    private void writeQueued() {
        List<Queued> batch = queue;
        queue = new ArrayList<>();
        writing = true;
        List<Row> rows = new ArrayList<>();
        batch.forEach(q -> rows.addAll(q.rows()));
        Throwable failure = null;
        lock.unlock();
        try {
            write.accept(rows);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            lock.lock();
            writing = false;
            writes++;
            for (Queued q : batch) {
                q.ticket().failure = failure;
                writtenUpTo = Math.max(writtenUpTo, q.ticket().lastSeq);
            }
            if (failure != null) {
                failed.addAll(rows);
            }
            written.signalAll();
        }
    }
}
