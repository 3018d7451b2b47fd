package cess.gateway.control;

import cess.gateway.model.ByteRange;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SegmentCodec;
import cess.gateway.model.StoredSegment;
import cess.platform.NodeConfig;
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
import java.util.concurrent.atomic.AtomicIntegerArray;
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
     * Opens {@code range} of a file for reading. The first segment is fetched (and its first
     * chunk decrypted) before this returns, so that a wrong key or an unreadable file is
     * reported before any byte is sent.
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

    /**
     * Streams a byte range of a file, one segment at a time, fetching the next segment's fragments
     * ahead. Data fragments are written (or decrypted chunk by chunk) straight from the arrays they
     * were read into, which go back to the pool once written.
     */
    public final class ObjectReader {
        private final FileLayout layout;
        private final ByteRange range;
        private final Optional<byte[]> key;
        private final int firstSegment;
        private final int lastSegment;
        private final byte[] plain;
        private final byte[] scratch;
        private SegmentFetch current;
        private StoredSegment first;
        private SegmentCipher.Opener firstOpener;
        private int primed = -1;
        private SegmentFetch ahead;

        ObjectReader(FileLayout layout, ByteRange range, Optional<byte[]> key) {
            this.layout = layout;
            this.range = range;
            this.key = key;
            this.firstSegment = range.length() == 0 ? 0 : (int) (range.first() / layout.segmentSize());
            this.lastSegment = range.length() == 0 ? -1 : (int) (range.last() / layout.segmentSize());
            this.plain = layout.encrypted() ? new byte[FileLayout.CIPHER_CHUNK] : null;
            this.scratch = layout.encrypted() ? new byte[FileLayout.CIPHER_CHUNK + FileLayout.CIPHER_TAG] : null;
            if (lastSegment < firstSegment) {
                return;
            }
            current = new SegmentFetch(layout, firstSegment);
            if (firstSegment + 1 <= lastSegment) {
                ahead = new SegmentFetch(layout, firstSegment + 1);
            }
            try {
                first = current.result();
                if (layout.encrypted()) {
                    firstOpener = opener(first, firstSegment);
                    primed = firstOpener.chunkOf(firstByte(firstSegment) - (long) firstSegment * layout.segmentSize());
                    first.open(firstOpener, primed, scratch, plain);
                }
            } catch (SegmentCipher.WrongKeyException e) {
                release();
                throw new StorageException(StorageException.Kind.WRONG_KEY, e.getMessage());
            } catch (RuntimeException e) {
                release();
                throw e;
            }
        }

        public void writeTo(OutputStream out) throws IOException {
            try {
                for (int i = firstSegment; i <= lastSegment; i++) {
                    StoredSegment segment;
                    SegmentCipher.Opener opener;
                    if (i == firstSegment) {
                        segment = first;
                        opener = firstOpener;
                    } else {
                        current.release();
                        current = ahead;
                        ahead = i + 1 <= lastSegment ? new SegmentFetch(layout, i + 1) : null;
                        segment = current.result();
                        opener = layout.encrypted() ? opener(segment, i) : null;
                    }
                    long segStart = (long) i * layout.segmentSize();
                    segment.writePlain(opener, firstByte(i) - segStart, lastByte(i) - segStart, out, scratch, plain,
                            i == firstSegment ? primed : -1);
                }
                out.flush();
            } catch (SegmentCipher.WrongKeyException e) {
                // The first chunk opened with this key, and every fragment matched its hash: a chunk
                // that does not authenticate now means the stored bytes were altered after they were hashed.
                throw new StorageException(StorageException.Kind.INTERNAL, "a chunk of the object does not "
                        + "authenticate although its fragments match their hashes: " + e.getMessage());
            } finally {
                release();
            }
        }

        private long firstByte(int segment) {
            return Math.max(range.first(), (long) segment * layout.segmentSize());
        }

        private long lastByte(int segment) {
            return Math.min(range.last(), (long) (segment + 1) * layout.segmentSize() - 1);
        }

        private SegmentCipher.Opener opener(StoredSegment segment, int index) {
            // A stored segment too short to hold a nonce is refused by the opener.
            byte[] head = new byte[Math.min(SegmentCipher.NONCE_BYTES, segment.length())];
            segment.copy(0, head, 0, head.length);
            return new SegmentCipher.Opener(key.get(), index, head, segment.length());
        }

        private void release() {
            if (current != null) {
                current.release();
            }
            if (ahead != null) {
                ahead.release();
            }
        }
    }

    /**
     * The fetch of one segment: data fragments first, parity fragments for any that fail or are
     * slow. Each fragment is read into an array from the pool, which goes back when the segment
     * has been written, unless its fetch is still running (a timed-out miner): that one is left
     * to the collector, as something may still write into it.
     */
    private final class SegmentFetch {
        private final Segment segment;
        private final SegmentCodec codec;
        private final int k;
        private final int size;
        private final byte[][] arrays;
        private final AtomicIntegerArray finished;
        private final List<CompletableFuture<byte[]>> fetches = new ArrayList<>();
        private boolean released;

        SegmentFetch(FileLayout layout, int index) {
            this.segment = layout.segments().get(index);
            this.codec = io.codec(layout.k(), layout.m());
            this.k = layout.k();
            this.size = layout.fragmentSize(segment);
            this.arrays = new byte[k + layout.m()][];
            this.finished = new AtomicIntegerArray(k + layout.m());
            for (int i = 0; i < k; i++) {
                fetches.add(fetch(i));
            }
        }

        private CompletableFuture<byte[]> fetch(int i) {
            Fragment f = segment.fragments().get(i);
            byte[] into = io.buffers().take(size);
            arrays[i] = into;
            return CompletableFuture.supplyAsync(() -> {
                try {
                    transport.read(f.miner(), f.hash(), into, size);
                    return into;
                } catch (FragmentStore.CorruptFragmentException e) {
                    corruptFragments.incrementAndGet();
                    LOG.warning(() -> "corrupt fragment skipped: " + e.getMessage());
                    throw e;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    finished.set(i, 1);
                }
            }, io.executor());
        }

        StoredSegment result() {
            int total = arrays.length;
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
                for (int p = k; p < total; p++) {
                    fetches.add(fetch(p));
                }
                for (int p = k; p < total && have < k; p++) {
                    byte[] b = await(fetches.get(p), segment.fragments().get(p), problems);
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
            // Every fragment read was checked against its hash. Data fragments rebuilt from parity
            // are checked by coding the segment again: its fragments must give the segment's hash.
            if (codec.rebuildData(got, size) && !codec.hashFromData(got, size).equals(segment.hash())) {
                throw new StorageException(StorageException.Kind.INTERNAL, "segment " + segment.hash()
                        + " does not rebuild to its hash; its deal describes other bytes");
            }
            return new StoredSegment(java.util.Arrays.copyOf(got, k), size, segment.storedLength());
        }

        /** Gives back the arrays whose fetches have finished; the caller reads none of them afterwards. */
        void release() {
            if (released) {
                return;
            }
            released = true;
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] != null && finished.get(i) == 1) {
                    io.buffers().give(arrays[i]);
                }
            }
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
