package cess.consensus.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionLogTest {
    private static final KeyPair ALICE = KeyPair.dev("//Alice");
    private static final KeyPair BOB = KeyPair.dev("//Bob");

    private static AdmissionLog.Row row(long seq) {
        return new AdmissionLog.Row(new Transaction(ALICE.address(), seq, Amount.ofUnits(1),
                new Transfer(BOB.address(), Amount.ofUnits(1))).sign(ALICE, Hash.ZERO), seq, 1000 + seq);
    }

    @Test
    void aCallerReturnsOnceItsRowsAreWrittenInOrder() {
        List<List<AdmissionLog.Row>> writes = new ArrayList<>();
        AdmissionLog log = new AdmissionLog(rows -> writes.add(List.copyOf(rows)));
        AdmissionLog.Ticket first = log.enqueue(List.of(row(1), row(2)));
        AdmissionLog.Ticket second = log.enqueue(List.of(row(3)));
        log.await(second);
        assertEquals(1, writes.size(), "one write took both calls' rows");
        assertEquals(List.of(1L, 2L, 3L), writes.get(0).stream().map(AdmissionLog.Row::seq).toList());
        log.await(first);
        assertEquals(1, log.writes(), "rows already written need no other write");
        log.flush();
        assertEquals(1, log.writes(), "nothing queued, nothing to flush");
        assertThrows(IllegalArgumentException.class, () -> log.enqueue(List.of()));
    }

    @Test
    void callersArrivingDuringAWriteShareTheNextOne() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        List<List<AdmissionLog.Row>> writes = Collections.synchronizedList(new ArrayList<>());
        AdmissionLog log = new AdmissionLog(rows -> {
            if (writes.isEmpty()) {
                firstWriteStarted.countDown();
                await(releaseFirstWrite);
            }
            writes.add(List.copyOf(rows));
        });
        AtomicLong seq = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread leader = new Thread(() -> log.await(log.enqueue(List.of(row(seq.incrementAndGet())))));
        leader.start();
        assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS));
        int followers = 12;
        CountDownLatch queued = new CountDownLatch(followers);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < followers; i++) {
            Thread t = new Thread(() -> {
                try {
                    AdmissionLog.Ticket mine;
                    synchronized (seq) { // the node numbers and queues rows under its lock
                        mine = log.enqueue(List.of(row(seq.incrementAndGet())));
                    }
                    queued.countDown();
                    log.await(mine);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        assertTrue(queued.await(10, TimeUnit.SECONDS));
        releaseFirstWrite.countDown();
        leader.join(10_000);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(2, writes.size(), "the twelve callers that came during the first write shared the second");
        assertEquals(1, writes.get(0).size());
        assertEquals(followers, writes.get(1).size());
        List<Long> written = writes.stream().flatMap(List::stream).map(AdmissionLog.Row::seq).sorted().toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, followers + 1).boxed().toList(), written,
                "every row written exactly once");
    }

    @Test
    void aFailedWriteFailsItsCallersAndKeepsItsRowsForTheNode() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException diskFull = new IllegalStateException("disk full");
        AdmissionLog log = new AdmissionLog(rows -> {
            if (calls.incrementAndGet() == 1) {
                throw diskFull;
            }
        });
        AdmissionLog.Ticket a = log.enqueue(List.of(row(1)));
        AdmissionLog.Ticket b = log.enqueue(List.of(row(2), row(3)));
        assertSame(diskFull, assertThrows(IllegalStateException.class, () -> log.await(a)));
        assertSame(diskFull, assertThrows(IllegalStateException.class, () -> log.await(b)),
                "every call whose rows the failed write held hears of it");
        assertEquals(List.of(1L, 2L, 3L), log.takeFailed().stream().map(AdmissionLog.Row::seq).toList());
        assertEquals(List.of(), log.takeFailed(), "taken once");
        AdmissionLog.Ticket c = log.enqueue(List.of(row(4)));
        log.await(c); // the next write works
        assertEquals(2, calls.get());
    }

    @Test
    void flushWritesWhatIsQueuedAfterTheWriteRunning() throws Exception {
        CountDownLatch writeStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> written = Collections.synchronizedList(new ArrayList<>());
        AdmissionLog log = new AdmissionLog(rows -> {
            if (written.isEmpty()) {
                writeStarted.countDown();
                await(release);
            }
            rows.forEach(r -> written.add(r.seq()));
        });
        Thread caller = new Thread(() -> log.await(log.enqueue(List.of(row(1)))));
        caller.start();
        assertTrue(writeStarted.await(10, TimeUnit.SECONDS));
        log.enqueue(List.of(row(2))); // nobody waits for this one: the block about to be stored needs it
        Thread flusher = new Thread(log::flush);
        flusher.start();
        Thread.sleep(50);
        assertTrue(flusher.isAlive(), "flush waits for the write already running");
        release.countDown();
        flusher.join(10_000);
        caller.join(10_000);
        assertEquals(List.of(1L, 2L), written);
        assertEquals(2, log.writes());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
