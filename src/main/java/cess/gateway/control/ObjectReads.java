package cess.gateway.control;

import cess.gateway.model.ByteRange;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SegmentCodec;
import cess.platform.NodeConfig;
import cess.shared.Hash;
import cess.storage.control.FragmentStore;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The DeOSS gateway's read side: rebuilds a byte range of a file segment by segment from any k
 * of its k+m fragments, data fragments first, parity on failure, corruption or timeout, and
 * fetches the next segment's fragments while the current one is written out. Memory: one
 * segment plus the fetches of the next.
 */
@ApplicationScoped
public class ObjectReads {
    private static final Logger LOG = Logger.getLogger(ObjectReads.class.getName());
    private static final byte[] EMPTY = new byte[0];

    @Inject
    NodeConfig config;
    @Inject
    FragmentTransport transport;
    @Inject
    FragmentIo io;

    private final AtomicLong corruptFragments = new AtomicLong();
    private final AtomicLong degradedSegments = new AtomicLong();

    public long corruptFragments() {
        return corruptFragments.get();
    }

    public long degradedSegments() {
        return degradedSegments.get();
    }

    /**
     * Opens {@code range} of a file for reading. The first segment is fetched (and decrypted)
     * before this returns, so that a wrong key or an unreadable file is reported before any byte
     * is sent.
     */
    public ObjectReader open(FileLayout layout, ByteRange range, Optional<byte[]> key) {
        if (layout.encrypted() && key.isEmpty()) {
            throw new StorageException(StorageException.Kind.KEY_REQUIRED, "the object is encrypted: supply its key");
        }
        if (!layout.encrypted() && key.isPresent()) {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, "the object is not encrypted: send no key");
        }
        return new ObjectReader(layout, range, key);
    }

    /** Streams a byte range of a file, one segment at a time, fetching the next segment's fragments ahead. */
    public final class ObjectReader {
        private final FileLayout layout;
        private final ByteRange range;
        private final Optional<byte[]> key;
        private final int firstSegment;
        private final int lastSegment;
        private final byte[] first;
        private SegmentFetch ahead;

        ObjectReader(FileLayout layout, ByteRange range, Optional<byte[]> key) {
            this.layout = layout;
            this.range = range;
            this.key = key;
            this.firstSegment = range.length() == 0 ? 0 : (int) (range.first() / layout.segmentSize());
            this.lastSegment = range.length() == 0 ? -1 : (int) (range.last() / layout.segmentSize());
            if (lastSegment >= firstSegment) {
                SegmentFetch f = new SegmentFetch(layout, firstSegment);
                if (firstSegment + 1 <= lastSegment) {
                    ahead = new SegmentFetch(layout, firstSegment + 1);
                }
                first = plain(f, firstSegment);
            } else {
                first = EMPTY;
            }
        }

        public void writeTo(OutputStream out) throws IOException {
            for (int i = firstSegment; i <= lastSegment; i++) {
                byte[] data;
                if (i == firstSegment) {
                    data = first;
                } else {
                    SegmentFetch f = ahead;
                    ahead = i + 1 <= lastSegment ? new SegmentFetch(layout, i + 1) : null;
                    data = plain(f, i);
                }
                long segStart = (long) i * layout.segmentSize();
                long from = Math.max(range.first(), segStart) - segStart;
                long to = Math.min(range.last(), segStart + data.length - 1) - segStart;
                out.write(data, (int) from, (int) (to - from + 1));
            }
            out.flush();
        }

        private byte[] plain(SegmentFetch f, int index) {
            byte[] stored = f.result();
            if (!layout.encrypted()) {
                return stored;
            }
            try {
                return SegmentCipher.open(key.get(), index, stored, stored.length);
            } catch (SegmentCipher.WrongKeyException e) {
                throw new StorageException(StorageException.Kind.WRONG_KEY, e.getMessage());
            }
        }
    }

    /** The fetch of one segment: data fragments first, parity fragments for any that fail or are slow. */
    private final class SegmentFetch {
        private final FileLayout layout;
        private final Segment segment;
        private final SegmentCodec codec;
        private final List<CompletableFuture<byte[]>> fetches = new ArrayList<>();

        SegmentFetch(FileLayout layout, int index) {
            this.layout = layout;
            this.segment = layout.segments().get(index);
            this.codec = io.codec(layout.k(), layout.m());
            for (int i = 0; i < layout.k(); i++) {
                fetches.add(fetch(segment.fragments().get(i)));
            }
        }

        private CompletableFuture<byte[]> fetch(Fragment f) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return transport.get(f.miner(), f.hash());
                } catch (FragmentStore.CorruptFragmentException e) {
                    corruptFragments.incrementAndGet();
                    LOG.warning(() -> "corrupt fragment skipped: " + e.getMessage());
                    throw e;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, io.executor());
        }

        byte[] result() {
            int k = layout.k();
            int total = k + layout.m();
            byte[][] got = new byte[total][];
            int have = 0;
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                byte[] b = await(fetches.get(i), segment.fragments().get(i), problems);
                if (b != null) {
                    got[i] = b;
                    have++;
                }
            }
            if (have < k) {
                degradedSegments.incrementAndGet();
                List<CompletableFuture<byte[]>> parity = new ArrayList<>();
                for (int p = k; p < total; p++) {
                    parity.add(fetch(segment.fragments().get(p)));
                }
                for (int p = k; p < total && have < k; p++) {
                    byte[] b = await(parity.get(p - k), segment.fragments().get(p), problems);
                    if (b != null) {
                        got[p] = b;
                        have++;
                    }
                }
            }
            if (have < k) {
                throw new StorageException(StorageException.Kind.UNAVAILABLE, "only " + have + " of the " + k
                        + " fragments needed for segment " + segment.hash() + " could be read: " + problems);
            }
            byte[] stored = codec.decode(got, segment.storedLength());
            // Every fragment read was checked against its hash. Data fragments rebuilt from parity
            // are checked by coding the segment again: its fragments must give the segment's hash.
            if (java.util.stream.IntStream.range(0, k).anyMatch(i -> got[i] == null)) {
                List<Hash> again = java.util.Arrays.stream(codec.encode(stored, stored.length)).map(Hash::sha256).toList();
                if (!Segment.hashOf(again).equals(segment.hash())) {
                    throw new StorageException(StorageException.Kind.INTERNAL, "segment " + segment.hash()
                            + " does not rebuild to its hash; its deal describes other bytes");
                }
            }
            return stored;
        }

        private byte[] await(CompletableFuture<byte[]> f, Fragment which, List<String> problems) {
            try {
                return f.get(config.fragmentTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                problems.add(which.miner() + ": " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                problems.add(which.miner() + ": timed out");
                f.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
            }
            return null;
        }
    }
}
