package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupSyncTest {
    @Test
    void aCallerReturnsOnlyAfterASyncThatBeganAfterItsCommit() {
        AtomicLong durable = new AtomicLong(); // commits on the disk, as the fake sync sees them
        AtomicLong done = new AtomicLong();    // commits returned
        GroupSync g = new GroupSync(() -> durable.set(done.get()));
        g.await();
        assertEquals(0, g.syncs(), "nothing committed, nothing to sync");
        done.incrementAndGet();
        g.committed();
        g.await();
        assertEquals(1, durable.get());
        g.await();
        assertEquals(1, g.syncs(), "a second wait with no new commit needs no sync");
        done.incrementAndGet();
        g.committed();
        g.await();
        assertEquals(2, durable.get());
        assertEquals(2, g.syncs());
    }

    @Test
    void concurrentCallersShareSyncsAndEveryOneFindsItsCommitDurable() throws Exception {
        AtomicLong durable = new AtomicLong();
        AtomicLong done = new AtomicLong();
        GroupSync g = new GroupSync(() -> {
            long upTo = done.get();
            try {
                Thread.sleep(2); // a disk flush takes time: callers pile up meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            durable.accumulateAndGet(upTo, Math::max);
        });
        int threads = 16;
        int each = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        long mine;
                        synchronized (done) {
                            mine = done.incrementAndGet(); // the commit
                            g.committed();
                        }
                        g.await();
                        if (durable.get() < mine) {
                            failures.add(new AssertionError("commit " + mine + " returned before it was durable ("
                                    + durable.get() + ")"));
                        }
                    }
                } catch (InterruptedException e) {
                    failures.add(e);
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(g.syncs() < threads * each / 2, "syncs were shared: " + g.syncs() + " for " + threads * each + " commits");
    }
}
