package cess.gateway.control;

import cess.gateway.model.Placement;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SegmentCodec;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.storage.control.FragmentGc;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * One segment being sealed, coded and sent while the next one is read: the thread reading the
 * body only places its fragments (placement is its own state); a pooled thread seals and codes
 * the segment, and its fragments go out in parallel, each hashed by the thread sending it.
 */
final class SegmentUpload {
    private static final Logger LOG = Logger.getLogger(SegmentUpload.class.getName());
    /** Segments from this size on are sealed and coded by several threads at once. */
    private static final int PARALLEL_MIN = 4 << 20;
    private static final int PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /**
     * What the segments of one upload share: the node's buffers, pool and transport, and the
     * upload's own ledger of the space it planned on each miner and of the fragments it wrote
     * (added to by the send tasks; read by the uploading thread once they have finished).
     *
     * @param sendTimeoutMillis how long one fragment's send may take before it goes elsewhere
     * @param candidates        the miners that take new fragments, as the gateway sees the chain now
     * @param cache             where a segment goes once all its fragments are stored (the segment cache)
     * @param unreachable       the miners that just failed to take a fragment, told of each failure and success
     */
    record Upload(FragmentIo io, FragmentTransport transport, FragmentGc gc, SecureRandom random,
                  long sendTimeoutMillis, Supplier<List<Placement.Candidate>> candidates,
                  Map<Address, Long> planned, List<Fragment> written, SegmentSource cache,
                  UnreachableMiners unreachable) {
    }

    private final int storedLength;
    private final int k;
    private final byte[][] fragments;
    private final Hash[] hashes;
    /** Each fragment's block nodes, computed with its hash, for a miner this node hosts. */
    private final byte[][] blockNodes;
    private final Address[] miners;
    /** Sealing and coding, then every send started: done before {@link #sends} is read. */
    private final CompletableFuture<Void> prepared;
    private final List<CompletableFuture<Void>> sends = new ArrayList<>();
    private final Upload up;
    private boolean released;

    /**
     * @param plain    the segment's bytes, from the pool: given back once they are coded and
     *                 {@code md5Done} (their share of the object's MD5) has completed
     */
    SegmentUpload(Upload up, SegmentCodec codec, int index, byte[] plain, int length, Optional<byte[]> key,
                  CompletableFuture<Void> md5Done) {
        this.up = up;
        this.storedLength = key.isPresent() ? FileLayout.sealedLength(length) : length;
        this.k = codec.k();
        FragmentIo io = up.io();
        int total = codec.k() + codec.m();
        int size = Segment.fragmentSize(storedLength, codec.k());
        fragments = new byte[total][];
        hashes = new Hash[total]; // computed by the send tasks, in parallel, off the thread reading the body
        blockNodes = new byte[total][];
        miners = place(total, size, Set.of(), List.of()).toArray(new Address[0]);
        // Sealing and coding a large segment are split over the processors (chunks are sealed
        // independently, parity is computed over separate byte ranges), without blocking a
        // pooled thread on another: each step starts the next when it completes.
        int parts = storedLength >= PARALLEL_MIN ? PARALLELISM : 1;
        CompletableFuture<byte[]> sealed;
        if (key.isPresent()) {
            byte[] nonce = new byte[SegmentCipher.NONCE_BYTES];
            up.random().nextBytes(nonce);
            byte[] out = io.buffers().take(storedLength);
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            int chunks = FileLayout.cipherChunks(length);
            sealed = inParts(parts, chunks, (from, to) -> SegmentCipher.sealChunks(key.get(), nonce, index, plain,
                    length, out, from, to)).thenApply(x -> out);
        } else {
            sealed = CompletableFuture.completedFuture(plain);
        }
        prepared = sealed.thenApplyAsync(stored -> {
            for (int i = 0; i < total; i++) {
                fragments[i] = io.buffers().take(size);
            }
            codec.layOut(stored, storedLength, fragments);
            if (stored != plain) {
                io.buffers().give(stored); // the fragments hold copies of its bytes
            }
            return stored;
        }, io.executor()).thenCompose(x -> inParts(parts, size, (from, to) -> codec.parity(fragments, from, to - from)))
                .thenRun(() -> {
                    for (int i = 0; i < total; i++) {
                        sends.add(send(i));
                    }
                });
        prepared.runAfterBoth(md5Done, () -> io.buffers().give(plain));
    }

    /** Runs {@code work} over {@code parts} consecutive slices of {@code [0, n)} on the pool, at once. */
    private CompletableFuture<Void> inParts(int parts, int n, BiConsumer<Integer, Integer> work) {
        return CompletableFuture.allOf(IntStream.range(0, parts).mapToObj(p -> CompletableFuture.runAsync(
                () -> work.accept((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)), up.io().executor()))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Places {@code count} fragments of {@code size} bytes on miners not in {@code exclude}; the
     * segment's fragments already on miners {@code kept} count against their domains' share.
     */
    private List<Address> place(int count, long size, Set<Address> exclude, Collection<Address> kept) {
        List<Placement.Candidate> adjusted = new ArrayList<>();
        Map<Address, String> domains = new HashMap<>();
        for (Placement.Candidate c : up.candidates().get()) {
            adjusted.add(new Placement.Candidate(c.miner(), c.freeBytes() - up.planned().getOrDefault(c.miner(), 0L),
                    c.domain()));
            domains.put(c.miner(), c.domain());
        }
        Map<String, Integer> placed = new HashMap<>();
        for (Address a : kept) {
            placed.merge(domains.getOrDefault(a, a.ss58()), 1, Integer::sum);
        }
        List<Address> chosen;
        try {
            chosen = Placement.choose(adjusted, count, size, exclude, placed, up.random());
        } catch (IllegalStateException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, e.getMessage());
        }
        chosen.forEach(a -> up.planned().merge(a, size, Long::sum));
        return chosen;
    }

    /**
     * Hashes fragment i (once), holds it against the orphan sweep, and stores it on its miner.
     * {@code hashes[i]} is read by the uploading thread only after this task completed.
     */
    private CompletableFuture<Void> send(int i) {
        byte[] data = fragments[i];
        Address miner = miners[i];
        return CompletableFuture.runAsync(() -> {
            if (hashes[i] == null) {
                ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(data, 0, data.length);
                Hash root = hasher.finish();
                blockNodes[i] = hasher.blockNodes();
                hashes[i] = root;
            }
            Hash h = hashes[i]; // written by the first task, so whoever awaits a later one sees it
            Fragment f = new Fragment(h, miner);
            up.gc().hold(f);
            up.written().add(f);
            try {
                up.transport().put(f.miner(), f.hash(), data, blockNodes[i]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            up.unreachable().succeeded(f.miner());
        }, up.io().executor());
    }

    /** Waits for every fragment; a fragment a miner failed to take goes to another miner once. */
    Segment finish() {
        awaitPrepared();
        List<Fragment> out = new ArrayList<>(fragments.length);
        Set<Address> used = new HashSet<>(Arrays.asList(miners));
        for (int i = 0; i < fragments.length; i++) {
            try {
                sends.get(i).get(up.sendTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Address failed = miners[i];
                up.unreachable().failed(failed);
                Throwable why = e.getCause() != null ? e.getCause() : e;
                if (why instanceof UncheckedIOException io && io.getCause() instanceof FragmentTransport.FragmentUnavailableException) {
                    why = io.getCause(); // the network's doing, said in one line: no stack trace for it
                    LOG.warning("miner " + failed + " did not take fragment " + hashes[i] + " (" + why.getMessage()
                            + "); placing it elsewhere, and no more fragments on it for a while");
                } else {
                    LOG.log(Level.WARNING, "miner " + failed + " did not take fragment " + hashes[i]
                            + "; placing it elsewhere, and no more fragments on it for a while", why);
                }
                List<Address> kept = new ArrayList<>(Arrays.asList(miners));
                kept.remove(i);
                miners[i] = place(1, fragments[i].length, used, kept).get(0);
                used.add(miners[i]);
                try {
                    send(i).get(up.sendTimeoutMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException again) {
                    up.unreachable().failed(miners[i]);
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "could not store fragment "
                            + hashes[i] + " on any miner: " + again.getMessage());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
            }
            out.add(new Fragment(hashes[i], miners[i]));
        }
        // Every send has finished (the retries were awaited in turn): nothing else reads the fragments
        // now. The data fragments go to the segment cache, which writes them in the background (or
        // declines) and gives them back; this upload does not wait for it.
        Segment segment = new Segment(Segment.hashOf(Arrays.asList(hashes)), storedLength, out);
        if (!released) {
            released = true;
            byte[][] data = Arrays.copyOf(fragments, k);
            up.io().buffers().give(Arrays.copyOfRange(fragments, k, fragments.length));
            up.cache().offer(segment, data, fragments[0].length, true, () -> up.io().buffers().give(data));
        }
        return segment;
    }

    private void awaitPrepared() {
        try {
            prepared.join();
        } catch (CompletionException e) {
            throw new StorageException(StorageException.Kind.INTERNAL, "could not seal and code a segment: "
                    + e.getCause());
        }
    }

    void abandon() {
        try {
            awaitPrepared();
        } catch (StorageException e) {
            return; // nothing was sent; the arrays are left to the collector
        }
        for (CompletableFuture<Void> f : sends) {
            try {
                f.get(up.sendTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // failed sends leave nothing behind; finished ones are discarded by the caller
            }
        }
        if (sends.stream().allMatch(CompletableFuture::isDone)) {
            releaseFragments();
        }
    }

    /** Gives the fragment arrays back to the pool, once: a finished segment may still be abandoned after. */
    private void releaseFragments() {
        if (!released) {
            released = true;
            up.io().buffers().give(fragments);
        }
    }
}
