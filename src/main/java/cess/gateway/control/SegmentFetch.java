package cess.gateway.control;

import cess.gateway.model.CorruptRead;
import cess.gateway.model.SegmentCodec;
import cess.gateway.model.SegmentRepair;
import cess.gateway.model.StoredRange;
import cess.gateway.model.StoredSegment;
import cess.shared.ChunkTree;
import cess.storage.control.FragmentStore;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The fetch of one segment: from the {@link SegmentSource} if it has it, else data fragments
 * first, parity fragments for any that fail or are slow. Each fragment is read into an array
 * from the pool, which goes back when the segment has been written (by way of the cache, which
 * may keep a copy), unless its fetch is still running (a timed-out miner): that one is left
 * to the collector, as something may still write into it.
 */
final class SegmentFetch {
    private static final Logger LOG = Logger.getLogger(SegmentFetch.class.getName());

    /**
     * What the fetches of a node share: its I/O, the segment source, the fragment timeout, the read
     * counters, the miners that just failed ({@link UnreachableMiners}), and where a fragment proved
     * corrupt is reported ({@link CorruptReports}).
     */
    record Context(FragmentIo io, FragmentTransport transport, SegmentSource source, int timeoutMillis,
                   AtomicLong corruptFragments, AtomicLong degradedSegments, AtomicLong rebuiltAfterTagFailure,
                   UnreachableMiners unreachable, Consumer<CorruptRead> corrupt) {
    }

    private final Context cx;
    private final FragmentIo io;
    private final SegmentSource source;
    private final Segment segment;
    private final FileLayout layout;
    private final int index;
    /** Which fragments were proved corrupt (not matching their hashes) and are yet to be reported. */
    private final boolean[] corrupt;
    private final SegmentCodec codec;
    private final int k;
    private final int size;
    private final byte[][] arrays;
    private final AtomicIntegerArray finished;
    private final boolean encrypted;
    /** Which fragments were hashed as they arrived (set by the fetch, read once it is awaited). */
    private final boolean[] hashed;
    /** Which data fragments are known to match their hashes, once {@link #fromFragments} returned. */
    private boolean[] dataVerified;
    /** Each fragment's fetch, by index; null until started. */
    private final CompletableFuture<byte[]>[] fetches;
    /** The source's answer; on a miss, the data fragments' fetches have started once it completes. */
    private final CompletableFuture<Optional<StoredSegment>> ready;
    /** Arrays the source read the segment's bytes into. Guarded by this. */
    private final List<byte[]> taken = new ArrayList<>();
    /** The segment as rebuilt from fragments, once {@link #result} returned it. */
    private StoredSegment rebuilt;
    private boolean released;

    SegmentFetch(Context cx, FileLayout layout, int index, StoredRange want) {
        this.cx = cx;
        this.io = cx.io();
        this.source = cx.source();
        this.segment = layout.segments().get(index);
        this.layout = layout;
        this.index = index;
        this.corrupt = new boolean[layout.k() + layout.m()];
        this.codec = io.codec(layout.k(), layout.m());
        this.k = layout.k();
        this.size = layout.fragmentSize(segment);
        this.arrays = new byte[k + layout.m()][];
        this.finished = new AtomicIntegerArray(k + layout.m());
        this.encrypted = layout.encrypted();
        this.hashed = new boolean[k + layout.m()];
        @SuppressWarnings("unchecked")
        CompletableFuture<byte[]>[] none = new CompletableFuture[k + layout.m()];
        this.fetches = none;
        Optional<StoredSegment> hit = source.cached(segment, want.from(), want.length(), want.head(), this::take);
        if (hit.isPresent() || !source.peersMayHold(segment)) {
            if (hit.isEmpty()) {
                startDataFetches();
            }
            ready = CompletableFuture.completedFuture(hit);
            return;
        }
        // A peer gateway announced the segment: ask it (off this thread, a short timeout), then the miners.
        ready = CompletableFuture.supplyAsync(() -> source.fromPeers(segment, k, want.from(), want.length(),
                        want.head(), this::take), io.executor())
                .exceptionally(e -> Optional.empty())
                .thenApply(got -> {
                    if (got.isEmpty()) {
                        startDataFetches();
                    }
                    return got;
                });
    }

    private synchronized byte[] take(int n) {
        byte[] b = io.buffers().take(n);
        taken.add(b);
        return b;
    }

    /**
     * Starts the data fragments' fetches; a data fragment whose miner just failed this gateway
     * ({@link UnreachableMiners}) is not asked: a parity fragment on another miner is, from the
     * start, so that a node that went away costs a timeout once, not once a segment.
     */
    private synchronized void startDataFetches() {
        if (released) {
            return;
        }
        java.util.Set<cess.shared.Address> avoided = cx.unreachable().avoided();
        int skipped = 0;
        for (int i = 0; i < k; i++) {
            if (avoided.contains(segment.fragments().get(i).miner())) {
                skipped++;
            } else {
                fetches[i] = fetch(i);
            }
        }
        for (int p = k; p < arrays.length && skipped > 0; p++) {
            if (!avoided.contains(segment.fragments().get(p).miner())) {
                fetches[p] = fetch(p);
                skipped--;
            }
        }
    }

    private CompletableFuture<byte[]> fetch(int i) {
        Fragment f = segment.fragments().get(i);
        byte[] into = io.buffers().take(size);
        arrays[i] = into;
        boolean verify = SegmentRepair.hashOnArrival(encrypted, i, k);
        return CompletableFuture.supplyAsync(() -> {
            try {
                cx.transport().read(f.miner(), f.hash(), into, size, verify);
                hashed[i] = verify;
                cx.unreachable().succeeded(f.miner());
                return into;
            } catch (FragmentTransport.MinerUnreachableException e) {
                cx.unreachable().failed(f.miner());
                throw new java.io.UncheckedIOException(e);
            } catch (FragmentStore.CorruptFragmentException e) {
                cx.corruptFragments().incrementAndGet();
                LOG.warning(() -> "corrupt fragment skipped: " + e.getMessage());
                if (i < k) {
                    corrupt[i] = true; // reported once the segment is rebuilt, with the chunks that differ
                } else {
                    report(i, List.of());
                }
                throw e;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                finished.set(i, 1);
            }
        }, io.executor());
    }

    StoredSegment result() {
        Optional<StoredSegment> found;
        try {
            found = ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            found = Optional.empty(); // not thrown: the source's failures are misses
        }
        if (found.isPresent()) {
            return found.get();
        }
        rebuilt = fromFragments();
        return rebuilt;
    }

    private StoredSegment fromFragments() {
        int total = arrays.length;
        byte[][] got = new byte[total][];
        int have = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            byte[] b = fetches[i] == null ? null : await(fetches[i], segment.fragments().get(i), problems);
            if (b != null) {
                got[i] = b;
                have++;
            }
        }
        if (have < k) {
            // Parity is needed: the data fragments that did arrive are inputs of the rebuild, and
            // only their hashes protect it.
            for (int i = 0; i < k; i++) {
                if (got[i] != null && !hashed[i] && !ChunkTree.root(got[i], 0, size).equals(segment.fragments().get(i).hash())) {
                    cx.corruptFragments().incrementAndGet();
                    problems.add(segment.fragments().get(i).miner() + ": corrupt");
                    corrupt[i] = true;
                    got[i] = null;
                    have--;
                }
            }
            cx.degradedSegments().incrementAndGet();
            // Parity on miners in good standing first (all asked at once), then parity on miners
            // that just failed, then data fragments left out for that reason: they may be back.
            java.util.Set<cess.shared.Address> avoided = cx.unreachable().avoided();
            List<Integer> order = new ArrayList<>();
            for (int p = k; p < total; p++) {
                if (!avoided.contains(segment.fragments().get(p).miner())) {
                    order.add(p);
                    if (fetches[p] == null) {
                        fetches[p] = fetch(p);
                    }
                }
            }
            for (int p = k; p < total; p++) {
                if (avoided.contains(segment.fragments().get(p).miner())) {
                    order.add(p);
                }
            }
            for (int i = 0; i < k; i++) {
                if (fetches[i] == null) {
                    order.add(i);
                }
            }
            for (int j = 0; j < order.size() && have < k; j++) {
                int f = order.get(j);
                if (fetches[f] == null) {
                    fetches[f] = fetch(f);
                }
                byte[] b = await(fetches[f], segment.fragments().get(f), problems);
                if (b != null && f < k && !hashed[f] && !ChunkTree.root(b, 0, size).equals(segment.fragments().get(f).hash())) {
                    cx.corruptFragments().incrementAndGet(); // a rebuild's input: only its hash protects it
                    problems.add(segment.fragments().get(f).miner() + ": corrupt");
                    corrupt[f] = true;
                    b = null;
                }
                if (b != null) {
                    got[f] = b;
                    have++;
                }
            }
        }
        if (have < k) {
            reportCorrupt(null);
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "only " + have + " of the " + k
                    + " fragments needed for segment " + segment.hash() + " could be read: " + problems);
        }
        // Every fragment read was checked against its hash. Data fragments rebuilt from parity
        // are checked by coding the segment again: its fragments must give the segment's hash.
        boolean fromParity = codec.rebuildData(got, size);
        if (fromParity && !codec.hashFromData(got, size).equals(segment.hash())) {
            throw new StorageException(StorageException.Kind.INTERNAL, "segment " + segment.hash()
                    + " does not rebuild to its hash; its deal describes other bytes");
        }
        reportCorrupt(got);
        dataVerified = new boolean[k];
        boolean all = true;
        for (int i = 0; i < k; i++) {
            dataVerified[i] = fromParity || hashed[i];
            all &= dataVerified[i];
        }
        // The fast path of an encrypted segment: its tags check every chunk read, and a chunk that
        // fails one has its fragments hashed, the corrupt one rebuilt from parity (SegmentRepair).
        SegmentRepair repair = all ? null : new SegmentRepair(segment, codec, size, dataVerified, this::parity, i -> {
            cx.corruptFragments().incrementAndGet();
            cx.rebuiltAfterTagFailure().incrementAndGet();
            report(i, List.of());
            LOG.warning(() -> "data fragment " + i + " of segment " + segment.hash() + " on miner "
                    + segment.fragments().get(i).miner() + " broke an AES-GCM tag and does not match its hash: "
                    + "rebuilt from the other fragments");
        });
        return new StoredSegment(java.util.Arrays.copyOf(got, k), size, segment.storedLength(), repair);
    }

    /**
     * Reports the data fragments proved corrupt so far; with {@code rebuilt} (the segment's data
     * fragments rebuilt and checked against the segment's hash) each report names the chunks in
     * which the bytes read differ from the rebuilt ones, which the chain's challenge samples first.
     */
    private void reportCorrupt(byte[][] rebuilt) {
        for (int i = 0; i < k; i++) {
            if (corrupt[i]) {
                corrupt[i] = false;
                report(i, rebuilt == null || rebuilt[i] == null || arrays[i] == null || rebuilt[i] == arrays[i] ? List.of()
                        : CorruptRead.differingChunks(arrays[i], rebuilt[i], size, CorruptRead.MAX_SUSPECTS));
            }
        }
    }

    private void report(int i, List<Long> suspects) {
        try {
            cx.corrupt().accept(new CorruptRead(layout.fid(), index, i, segment.fragments().get(i).miner(), suspects));
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not queue the report of a corrupt fragment: " + e);
        }
    }

    /** Parity fragment {@code p}, hashed as it arrives, or null if it cannot be read. */
    private byte[] parity(int p) {
        return await(fetch(p), segment.fragments().get(p), new ArrayList<>());
    }

    /**
     * Gives back the arrays whose fetches have finished; the caller reads none of them
     * afterwards. A segment rebuilt from fragments goes to the source first, which gives its
     * data arrays back once it has copied them.
     */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        taken.forEach(io.buffers()::give);
        byte[][] data = rebuilt == null ? new byte[0][] : rebuilt.dataArrays();
        java.util.Set<byte[]> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(java.util.Arrays.asList(data));
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] != null && finished.get(i) == 1 && !kept.contains(arrays[i])) {
                io.buffers().give(arrays[i]);
            }
        }
        if (rebuilt != null) {
            boolean verified = true;
            for (boolean v : dataVerified) {
                verified &= v;
            }
            source.offer(segment, data, size, verified, () -> io.buffers().give(data));
        }
    }

    private byte[] await(CompletableFuture<byte[]> f, Fragment which, List<String> problems) {
        try {
            return f.get(cx.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            problems.add(which.miner() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            problems.add(which.miner() + ": timed out"); // its transport's own timeout marks the miner unreachable
            f.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
        }
        return null;
    }
}
