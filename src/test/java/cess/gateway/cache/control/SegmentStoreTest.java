package cess.gateway.cache.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.gateway.cache.model.SegmentFile;
import cess.gateway.model.StoredSegment;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentStoreTest {
    static final int K = 4;
    @TempDir
    Path dir;
    final List<Hash> evicted = new CopyOnWriteArrayList<>();

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Segment segmentOf(byte[] stored) {
        byte[][] shards = new cess.gateway.model.SegmentCodec(K, 2).encode(stored, stored.length);
        List<Fragment> fragments = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            fragments.add(new Fragment(ChunkTree.root(shards[i]), KeyPair.dev("//Miner" + (i + 1)).address()));
        }
        return new Segment(Segment.hashOf(fragments.stream().map(Fragment::hash).toList()), stored.length, fragments);
    }

    SegmentStore store(long capacity) throws IOException {
        return new SegmentStore(dir, capacity, evicted::add);
    }

    static boolean fill(SegmentStore s, Segment seg, byte[] bytes, boolean verified) throws IOException {
        Optional<SegmentStore.Fill> f = s.begin(seg, K, verified);
        if (f.isEmpty()) {
            return false;
        }
        try (SegmentStore.Fill fill = f.get()) {
            for (int at = 0; at < bytes.length; at += 100_000) {
                fill.write(bytes, at, Math.min(100_000, bytes.length - at));
            }
            return fill.commit();
        }
    }

    static byte[] bytesOf(StoredSegment w, int from, int n) {
        byte[] out = new byte[n];
        w.copy(from, out, 0, n);
        return out;
    }

    @Test
    void aFilledSegmentIsReadBackByRangeReadingOnlyTheBlocksNeeded() throws IOException {
        SegmentStore s = store(100 << 20);
        byte[] data = random(1_000_000, 1);
        Segment seg = segmentOf(data);
        assertTrue(fill(s, seg, data, false));
        assertTrue(s.contains(seg.hash()));
        assertEquals(1, s.entries());
        assertEquals(SegmentFile.headerLength(data.length) + (long) data.length, s.usedBytes());
        List<Integer> asked = new ArrayList<>();
        StoredSegment w = s.read(seg.hash(), 200_000, 10, true, n -> {
            asked.add(n);
            return new byte[n];
        }).orElseThrow();
        assertEquals(List.of(SegmentFile.BLOCK), asked, "a 10-byte range reads one block");
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 200_000, 200_010), bytesOf(w, 200_000, 10));
        assertArrayEquals(java.util.Arrays.copyOf(data, 12), bytesOf(w, 0, 12), "the head (nonce) comes along");
        assertEquals(data.length, w.length());
        StoredSegment all = s.read(seg.hash(), 0, data.length, false, byte[]::new).orElseThrow();
        assertArrayEquals(data, bytesOf(all, 0, data.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(s.copyTo(seg.hash(), out));
        assertArrayEquals(data, out.toByteArray());
        assertEquals(data.length, s.storedLength(seg.hash()).getAsInt());
        assertFalse(fill(s, seg, data, true), "a segment held is not written again");
    }

    @Test
    void bytesThatAreNotTheSegmentsAreNotKept() throws IOException {
        SegmentStore s = store(100 << 20);
        byte[] data = random(300_000, 2);
        Segment seg = segmentOf(data);
        byte[] bad = data.clone();
        bad[123_456] ^= 1;
        assertFalse(fill(s, seg, bad, false));
        assertFalse(s.contains(seg.hash()));
        assertEquals(1, s.fillsRefused());
        assertFalse(fill(s, seg, java.util.Arrays.copyOf(data, 1000), false), "short");
        try (var files = Files.walk(dir)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "no file is left behind");
        }
    }

    @Test
    void aCorruptedOrMissingFileIsDroppedNeverServed() throws IOException {
        SegmentStore s = store(100 << 20);
        byte[] data = random(500_000, 3);
        Segment seg = segmentOf(data);
        assertTrue(fill(s, seg, data, true));
        Path file = s.path(seg.hash());
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length - 1000] ^= 0x40;
        Files.write(file, raw);
        // A range far from the flipped byte still reads (only its blocks are checked)...
        assertTrue(s.read(seg.hash(), 0, 100, false, byte[]::new).isPresent());
        // ...the range over it fails, and the file is gone.
        assertTrue(s.read(seg.hash(), data.length - 100, 100, false, byte[]::new).isEmpty());
        assertEquals(1, s.verificationFailures());
        assertFalse(s.contains(seg.hash()));
        assertFalse(Files.exists(file));
        assertEquals(List.of(seg.hash()), evicted, "peers hear that it is gone");

        assertTrue(fill(s, seg, data, true));
        Files.delete(s.path(seg.hash()));
        assertTrue(s.read(seg.hash(), 0, 100, false, byte[]::new).isEmpty());
        assertFalse(s.contains(seg.hash()));

        assertTrue(fill(s, seg, data, true));
        raw = Files.readAllBytes(s.path(seg.hash()));
        Files.write(s.path(seg.hash()), java.util.Arrays.copyOf(raw, raw.length - 1));
        assertTrue(s.read(seg.hash(), 0, 100, false, byte[]::new).isEmpty(), "a torn file");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(s.copyTo(seg.hash(), out));
    }

    @Test
    void evictionDeletesFilesAndTellsTheListener() throws IOException {
        byte[][] data = new byte[6][];
        Segment[] segs = new Segment[6];
        long file = SegmentFile.headerLength(200_000) + 200_000L;
        SegmentStore s = store(4 * file);
        for (int i = 0; i < 6; i++) {
            data[i] = random(200_000, 10 + i);
            segs[i] = segmentOf(data[i]);
            assertTrue(fill(s, segs[i], data[i], true));
        }
        assertEquals(4, s.entries());
        assertEquals(2, s.evictions());
        assertEquals(List.of(segs[0].hash(), segs[1].hash()), evicted);
        assertFalse(Files.exists(s.path(segs[0].hash())));
        assertTrue(s.usedBytes() <= s.capacity());
    }

    @Test
    void theIndexIsRebuiltFromTheFilesAfterARestart() throws IOException {
        SegmentStore s = store(100 << 20);
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] d = random(100_000 + i, 20 + i);
            segs.add(segmentOf(d));
            assertTrue(fill(s, segs.get(i), d, true));
        }
        Path stray = dir.resolve("tmp").resolve("left-by-a-crash.tmp");
        Files.write(stray, new byte[10]);
        Path junk = dir.resolve("ab").resolve("ab" + "0".repeat(62) + ".seg");
        Files.createDirectories(junk.getParent());
        Files.write(junk, new byte[100]);
        SegmentStore again = store(100 << 20);
        List<Hash> held = again.rebuild(1000);
        assertEquals(3, held.size());
        assertTrue(held.containsAll(segs.stream().map(Segment::hash).toList()));
        assertEquals(s.usedBytes(), again.usedBytes());
        assertFalse(Files.exists(stray));
        assertFalse(Files.exists(junk), "a file that is not a cached segment is removed");
        assertTrue(again.read(segs.get(1).hash(), 0, 10, false, byte[]::new).isPresent());
        SegmentStore small = store(100 << 20);
        assertEquals(2, small.rebuild(2).size(), "at most maxFiles are read back");
    }

    @Test
    void readersAreUndisturbedByConcurrentFillsAndEvictions() throws Exception {
        long file = SegmentFile.headerLength(150_000) + 150_000L;
        SegmentStore s = store(4 * file);
        byte[] hot = random(150_000, 99);
        Segment hotSeg = segmentOf(hot);
        assertTrue(fill(s, hotSeg, hot, true));
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] readers = new Thread[3];
        for (int t = 0; t < readers.length; t++) {
            readers[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        s.read(hotSeg.hash(), 1000, 5000, false, byte[]::new).ifPresent(w -> {
                            if (!java.util.Arrays.equals(bytesOf(w, 1000, 5000), java.util.Arrays.copyOfRange(hot, 1000, 6000))) {
                                failures.add(new AssertionError("a read returned other bytes"));
                            }
                        });
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            readers[t].start();
        }
        for (int i = 0; i < 12; i++) {
            byte[] d = random(150_000, 200 + i);
            fill(s, segmentOf(d), d, true);
        }
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(0, s.verificationFailures());
    }
}
