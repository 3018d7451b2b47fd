package cess.platform;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for disk syncs: callers that each need "everything I committed is on the disk"
 * share one sync instead of queueing one each. Every commit is counted when it returns
 * ({@link #committed}); {@link #await} returns once a sync that began after the caller's last
 * commit has finished, running one itself if none has. While one sync runs, the callers that
 * arrive meanwhile wait for it and then find the next one covers them all. Thread-safe.
 */
final class GroupSync {
    private final Runnable sync;
    private final AtomicLong commits = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Commits counted before the last finished sync began. Guarded by {@link #lock}. */
    private long synced;
    private boolean running;
    private long syncs;

    GroupSync(Runnable sync) {
        this.sync = sync;
    }

    /** Counts a commit that has returned. */
    void committed() {
        commits.incrementAndGet();
    }

    /**
     * Returns once every commit counted before this call is on the disk: after a sync that began
     * later has finished. The caller that finds no sync running runs one, outside the lock, for
     * every commit counted so far; those arriving meanwhile wait for it, and if it began too
     * early for them, one of them runs the next for all of them.
     *
     * @throws RuntimeException what the sync threw (the next caller tries again)
     */
    void await() {
        long mine = commits.get();
        lock.lock();
        try {
            while (synced < mine) {
                if (running) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                running = true;
                long upTo = commits.get();
                boolean ok = false;
                lock.unlock();
                try {
                    sync.run();
                    ok = true;
                } finally {
                    lock.lock();
                    running = false;
                    if (ok) {
                        synced = Math.max(synced, upTo);
                        syncs++;
                    }
                    finished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Syncs run so far. */
    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
