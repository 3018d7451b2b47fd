package cess.gateway.cache.control;

import cess.gateway.cache.model.CachePolicy;
import cess.gateway.cache.model.SegmentCheck;
import cess.gateway.cache.model.SegmentFile;
import cess.gateway.model.StoredSegment;
import cess.shared.Hash;
import cess.storage.model.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The segment cache's files: one {@link SegmentFile} per segment under
 * {@code <dir>/<first two hex digits>/<hash>.seg}, which entries the {@link CachePolicy} keeps.
 *
 * <p>A file is written to {@code <dir>/tmp} and renamed into place only once all of it is written
 * and its bytes were verified against the segment hash, so a reader sees a whole verified file or
 * none. Files are not forced to disk: a file torn by a crash fails its block checksums when read
 * and is dropped, like any file that fails them, and the reader goes to the fragments.
 * {@link #rebuild} restores the index from the files after a restart.
 *
 * <p>Thread-safe. The policy is guarded by a lock held for memory work only; files are read,
 * written and deleted outside it. A reader keeps reading a file evicted meanwhile (its open
 * channel holds the unlinked file), so eviction never disturbs a read in progress.
 */
public final class SegmentStore {
    private static final Logger LOG = Logger.getLogger(SegmentStore.class.getName());
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final Path tmp;
    private final CachePolicy<Hash> policy;
    private final Set<Hash> filling = new HashSet<>();
    private final Consumer<Hash> onEvicted;
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong verificationFailures = new AtomicLong();
    private final AtomicLong fillsRefused = new AtomicLong();

    /**
     * @param onEvicted told of each segment evicted or dropped (outside the lock)
     */
    public SegmentStore(Path dir, long capacityBytes, Consumer<Hash> onEvicted) throws IOException {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        this.policy = new CachePolicy<>(capacityBytes);
        this.onEvicted = onEvicted;
        Files.createDirectories(tmp);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Restores the index from the files: removes temporary files left by a crash, then admits
     * the files in the order they were last written, oldest first, reading only their headers.
     * At most {@code maxFiles} are considered (the newest); older ones, files whose header is
     * bad or whose length disagrees with it, and whatever the capacity cannot hold are deleted.
     *
     * @return the segments held now
     */
    public List<Hash> rebuild(int maxFiles) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 2)) {
            s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && !p.startsWith(tmp)).forEach(files::add);
        }
        files.sort(Comparator.comparingLong(SegmentStore::modified));
        int skip = Math.max(0, files.size() - maxFiles);
        for (int i = 0; i < skip; i++) {
            Files.deleteIfExists(files.get(i));
        }
        List<Hash> held = new ArrayList<>();
        for (Path p : files.subList(skip, files.size())) {
            Optional<SegmentFile.Header> h = header(p);
            String name = p.getFileName().toString();
            if (h.isEmpty() || !name.equals(fileName(h.get().hash()))) {
                Files.deleteIfExists(p);
                continue;
            }
            if (admit(h.get().hash(), h.get().fileLength())) {
                held.add(h.get().hash());
            } else {
                Files.deleteIfExists(p);
            }
        }
        held.removeIf(x -> !contains(x)); // evicted by later ones
        return held;
    }

    public boolean contains(Hash segment) {
        synchronized (policy) {
            return policy.contains(segment);
        }
    }

    /** Whether a segment of {@code storedLength} bytes would be kept. */
    public boolean admissible(int storedLength) {
        return storedLength > 0 && storedLength <= SegmentFile.MAX_STORED
                && policy.admissible(SegmentFile.headerLength(storedLength) + (long) storedLength);
    }

    /**
     * Starts writing {@code segment}; empty if it is held already, being written, or would not be
     * kept.
     *
     * @param verified whether the caller knows the bytes to be the chain's (it hashed them, or
     *                 read them from fragments that matched their hashes); if not, they are
     *                 checked as they are written ({@link SegmentCheck})
     */
    public Optional<Fill> begin(Segment segment, int k, boolean verified) throws IOException {
        if (!admissible(segment.storedLength())) {
            return Optional.empty();
        }
        synchronized (policy) {
            if (policy.contains(segment.hash()) || !filling.add(segment.hash())) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new Fill(segment, verified ? null : new SegmentCheck(segment, k)));
        } catch (IOException | RuntimeException e) {
            done(segment.hash());
            throw e;
        }
    }

    private void done(Hash h) {
        synchronized (policy) {
            filling.remove(h);
        }
    }

    /**
     * Stored bytes {@code [from, from + n)} of a held segment, checked against their blocks'
     * checksums, read into an array from {@code take}; with {@code head}, the segment's first
     * {@value #HEAD} bytes too (an encrypted segment's nonce). Empty on a miss: not held, or its
     * file is gone or fails a check (then it is dropped and counted).
     */
    public Optional<StoredSegment> read(Hash segment, int from, int n, boolean head, IntFunction<byte[]> take)
            throws IOException {
        synchronized (policy) {
            if (!policy.hit(segment)) {
                return Optional.empty();
            }
        }
        Path p = path(segment);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            SegmentFile.Header h = header(ch).orElse(null);
            if (h == null || !h.hash().equals(segment) || ch.size() != h.fileLength() || from < 0 || n < 1
                    || from + (long) n > h.storedLength()) {
                return bad(segment, h == null ? "a bad header" : "another shape than asked for");
            }
            int firstBlock = from / SegmentFile.BLOCK;
            int start = firstBlock * SegmentFile.BLOCK;
            int end = Math.min(h.storedLength(), ((from + n - 1) / SegmentFile.BLOCK + 1) * SegmentFile.BLOCK);
            byte[] bytes = take.apply(end - start);
            if (!readBlocks(ch, h, start, end, bytes, 0)) {
                return bad(segment, "a block that fails its checksum");
            }
            byte[] first = new byte[0];
            if (head && start > 0) {
                int len = Math.min(SegmentFile.BLOCK, h.storedLength());
                byte[] block = new byte[len];
                if (!readBlocks(ch, h, 0, len, block, 0)) {
                    return bad(segment, "a block that fails its checksum");
                }
                first = java.util.Arrays.copyOf(block, Math.min(HEAD, len));
            }
            return Optional.of(StoredSegment.window(bytes, start, end - start, h.storedLength(), first));
        } catch (NoSuchFileException e) {
            forget(segment);
            return Optional.empty();
        }
    }

    /** The stored length of a held segment, from its file's header; empty if not held or unreadable. */
    public java.util.OptionalInt storedLength(Hash segment) {
        if (!contains(segment)) {
            return java.util.OptionalInt.empty();
        }
        return header(path(segment)).filter(h -> h.hash().equals(segment))
                .map(h -> java.util.OptionalInt.of(h.storedLength())).orElse(java.util.OptionalInt.empty());
    }

    /**
     * Writes a held segment's stored bytes to {@code out}, a run of blocks at a time, each
     * checked before it is written. False if it is not held; if a block fails, what was written
     * is a prefix (the receiver, which verifies, drops it) and the file is dropped.
     */
    public boolean copyTo(Hash segment, java.io.OutputStream out) throws IOException {
        synchronized (policy) {
            if (!policy.hit(segment)) {
                return false;
            }
        }
        try (FileChannel ch = FileChannel.open(path(segment), StandardOpenOption.READ)) {
            SegmentFile.Header h = header(ch).orElse(null);
            if (h == null || !h.hash().equals(segment) || ch.size() != h.fileLength()) {
                return bad(segment, "a bad header").isPresent();
            }
            byte[] buf = new byte[16 * SegmentFile.BLOCK];
            for (int at = 0; at < h.storedLength(); at += buf.length) {
                int end = Math.min(h.storedLength(), at + buf.length);
                if (!readBlocks(ch, h, at, end, buf, 0)) {
                    return bad(segment, "a block that fails its checksum").isPresent();
                }
                out.write(buf, 0, end - at);
            }
            return true;
        } catch (NoSuchFileException e) {
            forget(segment);
            return false;
        }
    }

    /** The bytes a window's head holds: an encrypted segment's nonce. */
    public static final int HEAD = cess.storage.model.FileLayout.CIPHER_NONCE;

    /** Reads stored bytes {@code [start, end)} (block-aligned start) into {@code into[off..)}, checking each block. */
    private static boolean readBlocks(FileChannel ch, SegmentFile.Header h, int start, int end, byte[] into, int off)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into, off, end - start);
        long pos = h.dataOffset() + (long) start;
        while (buf.hasRemaining()) {
            int got = ch.read(buf, pos);
            if (got < 0) {
                return false;
            }
            pos += got;
        }
        for (int at = start; at < end; at += SegmentFile.BLOCK) {
            int len = Math.min(SegmentFile.BLOCK, end - at);
            if (SegmentFile.crc(into, off + at - start, len) != h.crcs()[at / SegmentFile.BLOCK]) {
                return false;
            }
        }
        return true;
    }

    private Optional<StoredSegment> bad(Hash segment, String why) throws IOException {
        verificationFailures.incrementAndGet();
        LOG.warning(() -> "cached segment " + segment + " has " + why + ": dropped, read from the miners instead");
        Files.deleteIfExists(path(segment));
        forget(segment);
        return Optional.empty();
    }

    /** Drops a held segment and its file. */
    public void remove(Hash segment) throws IOException {
        Files.deleteIfExists(path(segment));
        forget(segment);
    }

    private void forget(Hash segment) {
        boolean was;
        synchronized (policy) {
            was = policy.remove(segment);
        }
        if (was) {
            onEvicted.accept(segment);
        }
    }

    private boolean admit(Hash segment, long fileBytes) throws IOException {
        CachePolicy.Admission<Hash> a;
        synchronized (policy) {
            a = policy.admit(segment, fileBytes);
        }
        for (Hash gone : a.evicted()) {
            evictions.incrementAndGet();
            Files.deleteIfExists(path(gone));
            onEvicted.accept(gone);
        }
        return a.admitted();
    }

    public long usedBytes() {
        synchronized (policy) {
            return policy.used();
        }
    }

    public int entries() {
        synchronized (policy) {
            return policy.entries();
        }
    }

    public long capacity() {
        return policy.capacity();
    }

    public long evictions() {
        return evictions.get();
    }

    /** Cached files that failed a check when read, and were dropped. */
    public long verificationFailures() {
        return verificationFailures.get();
    }

    /** Segments whose bytes did not match their hash when written, and were not kept. */
    public long fillsRefused() {
        return fillsRefused.get();
    }

    Path path(Hash segment) {
        String name = fileName(segment);
        return dir.resolve(name.substring(0, 2)).resolve(name);
    }

    /** The name of a segment's file: its hash in hex, without the {@code 0x}. */
    static String fileName(Hash segment) {
        return segment.hex().substring(2) + SUFFIX;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<SegmentFile.Header> header(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            Optional<SegmentFile.Header> h = header(ch);
            return h.filter(x -> sizeOf(ch) == x.fileLength());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(FileChannel ch) {
        try {
            return ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<SegmentFile.Header> header(FileChannel ch) throws IOException {
        byte[] prefix = new byte[SegmentFile.PREFIX];
        if (readFully(ch, prefix, 0) < prefix.length) {
            return Optional.empty();
        }
        try {
            byte[] all = new byte[SegmentFile.headerLength(SegmentFile.storedLength(prefix))];
            if (readFully(ch, all, 0) < all.length) {
                return Optional.empty();
            }
            return Optional.of(SegmentFile.parse(all));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int readFully(FileChannel ch, byte[] into, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                break;
            }
        }
        return b.position();
    }

    /**
     * One segment being written: its stored bytes fed in order, then {@link #commit} or
     * {@link #abort}. Not thread-safe (one writer).
     */
    public final class Fill implements AutoCloseable {
        private final Segment segment;
        private final SegmentCheck check;
        private final SegmentFile.Checksums crcs;
        private final Path file;
        private final FileChannel ch;
        private final int dataOffset;
        private long written;
        private boolean finished;

        private Fill(Segment segment, SegmentCheck check) throws IOException {
            this.segment = segment;
            this.check = check;
            this.crcs = new SegmentFile.Checksums(segment.storedLength());
            this.dataOffset = SegmentFile.headerLength(segment.storedLength());
            this.file = tmp.resolve(fileName(segment.hash()) + "." + UUID.randomUUID() + ".tmp");
            this.ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        public Segment segment() {
            return segment;
        }

        /** The next {@code len} stored bytes. */
        public void write(byte[] b, int off, int len) throws IOException {
            crcs.update(b, off, len);
            if (check != null) {
                check.update(b, off, len);
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                written += ch.write(buf, dataOffset + written);
            }
        }

        /**
         * Checks the bytes (if the caller had not), writes the header and puts the file in place.
         * False if the bytes are not the segment's (nothing is kept) or the policy would not keep it.
         */
        public boolean commit() throws IOException {
            try {
                if (written != segment.storedLength() || (check != null && !check.matches())) {
                    fillsRefused.incrementAndGet();
                    return false;
                }
                ByteBuffer header = ByteBuffer.wrap(SegmentFile.header(segment.hash(), segment.storedLength(),
                        crcs.finish()));
                long at = 0;
                while (header.hasRemaining()) {
                    at += ch.write(header, at);
                }
                ch.close();
                Path target = path(segment.hash());
                Files.createDirectories(target.getParent());
                try {
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the cache directory does not support atomic renames", e);
                }
                if (!admit(segment.hash(), (long) dataOffset + segment.storedLength())) {
                    Files.deleteIfExists(target);
                    return false;
                }
                return true;
            } finally {
                close();
            }
        }

        /** Drops what was written. */
        public void abort() {
            close();
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                ch.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.fine(() -> "cannot remove " + file + ": " + e.getMessage());
            }
            done(segment.hash());
        }
    }
}
