package cess.gateway.control;

import cess.gateway.model.ByteRange;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SegmentRepair;
import cess.gateway.model.StoredRange;
import cess.gateway.model.StoredSegment;
import cess.platform.NodeConfig;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Segment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DeOSS gateway's read side: rebuilds a byte range of a file segment by segment from any k
 * of its k+m fragments, data fragments first, parity on failure, corruption or timeout, and
 * fetches the next segment's fragments while the current one is written out. Memory: one
 * segment plus the fetches of the next.
 *
 * <p>Fragments are hashed as they arrive where their hash is the only protection (see
 * {@link SegmentRepair}): every fragment of a plain object and every parity fragment; the data
 * fragments of an encrypted segment are authenticated by its AES-GCM tags instead, and hashed
 * only to rebuild from parity or to find which one broke a tag.
 *
 * <p>Before its fragments, each segment is looked for in the {@link SegmentSource} (the segment
 * cache: this gateway's, then its peers'), which serves just the stored bytes the range needs;
 * a segment rebuilt from fragments is offered to it once written out.
 *
 * <p>A fragment proved corrupt (its bytes do not match its commitment) is reported to the chain
 * ({@link CorruptReports}), which checks it with a targeted challenge of its miner.
 */
@ApplicationScoped
public class ObjectReads {

    @Inject
    NodeConfig config;
    @Inject
    FragmentTransport transport;
    @Inject
    FragmentIo io;
    @Inject
    SegmentSource source;
    @Inject
    UnreachableMiners unreachable;
    @Inject
    CorruptReports reports;

    private final AtomicLong corruptFragments = new AtomicLong();
    private final AtomicLong degradedSegments = new AtomicLong();
    private final AtomicLong rebuiltAfterTagFailure = new AtomicLong();
    private SegmentFetch.Context context;

    @jakarta.annotation.PostConstruct
    void start() {
        context = new SegmentFetch.Context(io, transport, source, config.fragmentTimeoutMillis(), corruptFragments,
                degradedSegments, rebuiltAfterTagFailure, unreachable, reports::found);
    }

    public long corruptFragments() {
        return corruptFragments.get();
    }

    public long degradedSegments() {
        return degradedSegments.get();
    }

    /** Data fragments of encrypted segments found corrupt when a chunk failed its tag, and rebuilt from the others. */
    public long rebuiltAfterTagFailure() {
        return rebuiltAfterTagFailure.get();
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
            current = fetch(firstSegment);
            if (firstSegment + 1 <= lastSegment) {
                ahead = fetch(firstSegment + 1);
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
            } catch (SegmentRepair.UnrepairableException e) {
                release();
                throw new StorageException(StorageException.Kind.UNAVAILABLE, e.getMessage());
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
                        ahead = i + 1 <= lastSegment ? fetch(i + 1) : null;
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
            } catch (SegmentRepair.UnrepairableException e) {
                throw new StorageException(StorageException.Kind.UNAVAILABLE, e.getMessage());
            } finally {
                release();
            }
        }

        private SegmentFetch fetch(int segment) {
            long start = (long) segment * layout.segmentSize();
            Segment s = layout.segments().get(segment);
            return new SegmentFetch(context, layout, segment, StoredRange.of(layout.encrypted(), s.storedLength(),
                    firstByte(segment) - start, lastByte(segment) - start));
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
}
