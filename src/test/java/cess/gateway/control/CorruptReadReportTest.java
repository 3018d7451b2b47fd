package cess.gateway.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cess.gateway.model.CorruptRead;
import cess.gateway.model.SegmentCodec;
import cess.gateway.model.StoredRange;
import cess.gateway.model.StoredSegment;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.control.FragmentStore;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A read that meets a corrupt fragment: the segment comes back whole (rebuilt from parity) and the
 * fragment is handed on for a report, naming its miner and the chunks that differ. Miners in
 * memory; no container.
 */
class CorruptReadReportTest {
    static final int K = 4;
    static final int M = 2;
    /** 8 KiB fragments: 8 chunks each. */
    static final int STORED = K * 8 * ChunkTree.CHUNK;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<Hash, byte[]> disks = new HashMap<>();
    private final List<CorruptRead> reported = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private final FragmentIo io = new FragmentIo() {
        @Override
        public ExecutorService executor() {
            return pool;
        }
    };

    private final FragmentTransport transport = new FragmentTransport() {
        @Override
        public void read(Address miner, Hash hash, byte[] into, int length, boolean verify) {
            byte[] b = disks.get(hash);
            System.arraycopy(b, 0, into, 0, length);
            if (verify && !ChunkTree.root(into, 0, length).equals(hash)) {
                throw new FragmentStore.CorruptFragmentException("miner " + miner + " served corrupt bytes for " + hash);
            }
        }
    };

    private final SegmentSource none = new SegmentSource() {
        public Optional<StoredSegment> cached(Segment s, int from, int n, boolean head, IntFunction<byte[]> take) {
            return Optional.empty();
        }

        public boolean peersMayHold(Segment s) {
            return false;
        }

        public Optional<StoredSegment> fromPeers(Segment s, int k, int from, int n, boolean head, IntFunction<byte[]> take) {
            return Optional.empty();
        }

        public void offer(Segment s, byte[][] data, int fragmentSize, boolean verified, Runnable release) {
            release.run();
        }
    };

    private static byte[] plain(long seed) {
        byte[] plain = new byte[STORED];
        new Random(seed).nextBytes(plain);
        return plain;
    }

    /** One segment of {@code plain}, RS 4+2, fragment i on //Miner(i+1), each on its miner's disk. */
    private FileLayout stored(byte[] plain) {
        byte[][] shards = new SegmentCodec(K, M).encode(plain, STORED);
        List<Fragment> frags = new ArrayList<>();
        for (int i = 0; i < K + M; i++) {
            Hash root = ChunkTree.root(shards[i]);
            disks.put(root, shards[i].clone());
            frags.add(new Fragment(root, KeyPair.dev("//Miner" + (i + 1)).address()));
        }
        Segment seg = new Segment(Segment.hashOf(frags.stream().map(Fragment::hash).toList()), STORED, frags);
        return new FileLayout(STORED, K, M, false, List.of(seg));
    }

    @Test
    void aCorruptDataFragmentIsReadAroundAndReportedWithTheChunksThatDiffer() {
        byte[] plain = plain(4);
        FileLayout layout = stored(plain);
        List<Fragment> frags = layout.segments().get(0).fragments();
        disks.get(frags.get(1).hash())[3 * ChunkTree.CHUNK + 17] ^= 1; // fragment 1 rots in chunk 3

        SegmentFetch.Context cx = new SegmentFetch.Context(io, transport, none, 5_000, new AtomicLong(), new AtomicLong(),
                new AtomicLong(), UnreachableMiners.of(30_000), reported::add);
        SegmentFetch fetch = new SegmentFetch(cx, layout, 0, new StoredRange(0, STORED, false));
        StoredSegment got = fetch.result();
        byte[] out = new byte[STORED];
        got.copy(0, out, 0, STORED);
        fetch.release();
        assertArrayEquals(plain, out, "read around the corrupt fragment");
        assertEquals(List.of(new CorruptRead(layout.fid(), 0, 1, frags.get(1).miner(), List.of(3L))), reported);
        assertEquals(1, cx.corruptFragments().get());
    }

    @Test
    void aCorruptParityFragmentThatARebuildNeedsIsReportedWithoutSuspects() {
        byte[] plain = plain(5);
        FileLayout layout = stored(plain);
        List<Fragment> frags = layout.segments().get(0).fragments();
        disks.get(frags.get(0).hash())[5] ^= 1;
        disks.get(frags.get(4).hash())[5] ^= 1; // the first parity fragment too: the rebuild takes the second

        SegmentFetch.Context cx = new SegmentFetch.Context(io, transport, none, 5_000, new AtomicLong(), new AtomicLong(),
                new AtomicLong(), UnreachableMiners.of(30_000), reported::add);
        SegmentFetch fetch = new SegmentFetch(cx, layout, 0, new StoredRange(0, STORED, false));
        byte[] out = new byte[STORED];
        fetch.result().copy(0, out, 0, STORED);
        fetch.release();
        assertArrayEquals(plain, out);
        assertEquals(List.of(new CorruptRead(layout.fid(), 0, 4, frags.get(4).miner(), List.of()),
                new CorruptRead(layout.fid(), 0, 0, frags.get(0).miner(), List.of(0L))), reported);
    }
}
