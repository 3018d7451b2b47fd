package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a gateway reports of its corrupt reads: deduplicated, bounded, and which chunks differ. */
class ReportQueueTest {
    static final Hash FID = Hash.sha256(new byte[] {3});

    static CorruptRead read(int segment, int fragment) {
        return new CorruptRead(FID, segment, fragment, KeyPair.dev("//Miner1").address(), List.of());
    }

    @Test
    void aFragmentIsReportedOncePerWindowAndTheQueueIsBounded() {
        ReportQueue q = new ReportQueue(2, 4, 1_000);
        assertEquals(ReportQueue.Offer.QUEUED, q.offer(read(0, 1), 0));
        assertEquals(ReportQueue.Offer.DUPLICATE, q.offer(read(0, 1), 10), "many reads of one broken fragment, one report");
        assertEquals(ReportQueue.Offer.QUEUED, q.offer(read(0, 2), 10));
        assertEquals(ReportQueue.Offer.FULL, q.offer(read(0, 3), 20), "at most two waiting");
        assertEquals(read(0, 1), q.next().orElseThrow(), "oldest first");
        assertEquals(ReportQueue.Offer.DUPLICATE, q.offer(read(0, 1), 500), "sent, and still remembered");
        assertEquals(ReportQueue.Offer.QUEUED, q.offer(read(0, 1), 1_000), "forgotten after the window: reported again");
        assertEquals(2, q.pending());
        q.next();
        q.next();
        assertTrue(q.next().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new ReportQueue(0, 1, 1));
    }

    @Test
    void theChunksThatDifferFromTheRebuiltFragmentAreTheSuspects() {
        byte[] good = new byte[5 * ChunkTree.CHUNK + 100];
        for (int i = 0; i < good.length; i++) {
            good[i] = (byte) i;
        }
        byte[] read = java.util.Arrays.copyOf(good, good.length + 64); // a pooled array is longer
        read[ChunkTree.CHUNK + 7] ^= 1;
        read[5 * ChunkTree.CHUNK + 99] ^= 1; // in the short last chunk
        read[good.length + 3] ^= 1; // past the fragment: not compared
        assertEquals(List.of(1L, 5L), CorruptRead.differingChunks(read, good, good.length, 16));
        assertEquals(List.of(1L), CorruptRead.differingChunks(read, good, good.length, 1));
        assertEquals(List.of(), CorruptRead.differingChunks(good, good, good.length, 16));
        List<Long> many = LongStream.range(0, 40).boxed().toList();
        assertEquals(CorruptRead.MAX_SUSPECTS, new CorruptRead(FID, 0, 0, KeyPair.dev("//Miner1").address(), many)
                .suspects().size(), "a report carries at most 16");
    }
}
