package cess.storage.control;

import cess.shared.ChunkTree;
import cess.shared.Hash;
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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One miner's fragments on disk, content-addressed by their commitment ({@link ChunkTree} root):
 * {@code <dir>/<first two hex>/<hash hex>}, and beside each its block nodes
 * ({@code <hash hex>.nodes}, 32 bytes per 64 KiB), which let the miner prove any chunk by reading
 * only that chunk's block ({@link #prove}). A fragment is written to a temporary file in the same
 * directory, forced to disk, renamed into place atomically and the directory is forced too, so it
 * is either wholly there or absent after a crash. Its block nodes are written the same way just
 * before it, but not forced: they are derived from the fragment and checked against its hash on
 * every use, and rebuilt from it when a crash left them missing or torn, so forcing them would
 * only double the synchronous writes of an upload (one fsync of the file and one of the directory
 * per fragment, as before storage proofs). Every read checks the bytes against the hash.
 * Thread-safe.
 */
public final class FragmentStore {
    /** A stored fragment whose bytes no longer match its hash. */
    public static final class CorruptFragmentException extends RuntimeException {
        public CorruptFragmentException(String message) {
            super(message, null, false, false);
        }
    }

    /** A fragment on disk: its hash, size and when it was written. */
    public record Stored(Hash hash, long size, long modifiedMillis) {
    }

    /** One chunk of a stored fragment and the siblings that prove it against the fragment's hash. */
    public record ChunkProof(byte[] chunk, List<Hash> siblings) {
    }

    private static final String NODES = ".nodes";

    /** Bytes read and hashed at a time: small enough to stay in the L2 cache between the two. */
    static final int READ_STEP = 256 * 1024;

    private final Path dir;

    public FragmentStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create fragment directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    private Path path(Hash h) {
        String hex = h.hex().substring(2);
        return dir.resolve(hex.substring(0, 2)).resolve(hex);
    }

    public boolean has(Hash h) {
        return Files.exists(path(h));
    }

    /**
     * Stores {@code data} under {@code expected}, durably.
     *
     * @throws IllegalArgumentException if the bytes do not hash to {@code expected}; nothing is written then
     */
    public void put(Hash expected, byte[] data) throws IOException {
        ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(data, 0, data.length);
        Hash actual = hasher.finish();
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("fragment bytes hash to " + actual + ", not " + expected);
        }
        putHashed(expected, data, hasher.blockNodes());
    }

    /**
     * Stores {@code data} under {@code expected} with its block nodes, durably, without hashing
     * the bytes again: for a caller in this process that computed both from these very bytes (the
     * gateway storing on a miner it hosts). Bytes from elsewhere go through {@link #put}.
     *
     * @throws IllegalArgumentException if the block nodes do not give {@code expected}; nothing is written then
     */
    public void putHashed(Hash expected, byte[] data, byte[] blockNodes) throws IOException {
        if (data.length == 0 || blockNodes.length != ChunkTree.blocks(data.length) * Hash.LENGTH
                || !ChunkTree.rootOfBlocks(blockNodes, blockNodes.length / Hash.LENGTH).equals(expected)) {
            throw new IllegalArgumentException("the block nodes given for fragment " + expected + " do not give its hash");
        }
        Path target = path(expected);
        if (Files.exists(target)) {
            // Content-addressed: a copy already here is as good as a new one, but only if it is intact.
            // A rotten copy is replaced, never trusted, or a new upload would be acknowledged on bad bytes.
            if (ChunkTree.root(Files.readAllBytes(target)).equals(expected)) {
                writeAtomically(nodesPath(expected), blockNodes, false);
                Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
                return;
            }
            java.util.logging.Logger.getLogger(FragmentStore.class.getName()).warning(
                    () -> "replacing corrupt copy of fragment " + expected + " in " + dir);
        }
        // The fragment's directory force below also makes the nodes' rename durable.
        writeAtomically(nodesPath(expected), blockNodes, false);
        writeAtomically(target, data, true);
    }

    /**
     * Writes {@code data} to {@code target} by a rename from a temporary file, so that readers
     * see the old bytes or the new ones; {@code durable} forces the file and its directory first.
     * Shared with the other files a miner keeps beside its fragments (its filler).
     */
    public static void writeAtomically(Path target, byte[] data, boolean durable) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the fragment directory does not support atomic renames", e);
            }
            if (durable) {
                forceDirectory(parent);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The fragment's bytes, verified.
     *
     * @return empty if this store does not hold it
     * @throws CorruptFragmentException if the stored bytes do not match the hash
     */
    public Optional<byte[]> get(Hash h) throws IOException {
        long size;
        try {
            size = Files.size(path(h));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new CorruptFragmentException("fragment " + h + " in " + dir + " is corrupt: " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        return read(h, bytes, bytes.length) ? Optional.of(bytes) : Optional.empty();
    }

    /**
     * Reads fragment {@code h}, which must be exactly {@code length} bytes, into
     * {@code into[0..length)}, verified: the bytes are hashed as they arrive, a step at a time,
     * while they are still in the processor's cache, instead of in a second pass over memory.
     *
     * @return false if this store does not hold it
     * @throws CorruptFragmentException if the stored bytes have another length or do not match the hash
     */
    public boolean read(Hash h, byte[] into, int length) throws IOException {
        return read(h, into, length, true);
    }

    /**
     * {@link #read(Hash, byte[], int)}, hashing the bytes only if {@code verify}: a reader whose
     * bytes are authenticated otherwise (an encrypted segment's AES-GCM tags) need not pay for it.
     * The length is checked either way.
     */
    public boolean read(Hash h, byte[] into, int length, boolean verify) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path(h), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        try (ch) {
            long size = ch.size();
            if (size != length) {
                throw new CorruptFragmentException("fragment " + h + " in " + dir + " is corrupt: it holds " + size
                        + " bytes, not " + length);
            }
            ChunkTree.Hasher digest = verify ? new ChunkTree.Hasher() : null;
            ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
            int at = 0;
            while (at < length) {
                buf.limit(Math.min(length, at + READ_STEP));
                int n = ch.read(buf);
                if (n < 0) {
                    throw new CorruptFragmentException("fragment " + h + " in " + dir + " ended after " + at + " bytes");
                }
                if (verify) {
                    digest.update(into, at, n);
                }
                at += n;
            }
            if (!verify) {
                return true;
            }
            Hash actual = length == 0 ? null : digest.finish();
            if (!h.equals(actual)) {
                throw new CorruptFragmentException("fragment " + h + " in " + dir + " is corrupt: its bytes hash to " + actual);
            }
            return true;
        }
    }

    public boolean delete(Hash h) throws IOException {
        boolean had = Files.deleteIfExists(path(h));
        Files.deleteIfExists(nodesPath(h));
        return had;
    }

    private Path nodesPath(Hash h) {
        Path p = path(h);
        return p.resolveSibling(p.getFileName() + NODES);
    }

    /**
     * Chunk {@code index} of fragment {@code h} with its path to {@code h}, reading only the
     * chunk's 64 KiB block and the block nodes: what a storage proof samples, at a cost that does
     * not grow with the fragment. Block nodes that are missing or do not give {@code h} are rebuilt
     * from the whole fragment once (verified), and kept.
     *
     * @return empty if this store does not hold the fragment
     * @throws CorruptFragmentException if the stored fragment has another length than
     *                                  {@code length}, or its block no longer matches the hash
     * @throws IllegalArgumentException if {@code index} is not a chunk of a fragment of {@code length} bytes
     */
    public Optional<ChunkProof> prove(Hash h, long length, long index) throws IOException {
        ChunkTree.chunkLength(length, index);
        int b = (int) (index / ChunkTree.BLOCK_CHUNKS);
        byte[] block;
        byte[] nodes;
        try {
            block = block(h, length, b);
            nodes = blockNodes(h, length);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        List<Hash> siblings;
        try {
            siblings = ChunkTree.path(length, index, block, block.length, nodes);
        } catch (IllegalArgumentException e) {
            throw new CorruptFragmentException("fragment " + h + " in " + dir + " is corrupt: " + e.getMessage());
        }
        int from = (int) (index % ChunkTree.BLOCK_CHUNKS) * ChunkTree.CHUNK;
        return Optional.of(new ChunkProof(java.util.Arrays.copyOfRange(block, from, from + ChunkTree.chunkLength(length, index)),
                siblings));
    }

    /**
     * All of block {@code block} (64 KiB, the last what is left) of fragment {@code h} of
     * {@code length} bytes, read from the disk and not checked: the caller checks it against the
     * block nodes ({@link ChunkTree#path} does).
     *
     * @throws NoSuchFileException if this store does not hold the fragment
     * @throws CorruptFragmentException if the stored fragment has another length
     */
    public byte[] block(Hash h, long length, int block) throws IOException {
        try (FileChannel ch = FileChannel.open(path(h), StandardOpenOption.READ)) {
            if (ch.size() != length) {
                throw new CorruptFragmentException("fragment " + h + " in " + dir + " is corrupt: it holds " + ch.size()
                        + " bytes, not " + length);
            }
            long start = (long) block * ChunkTree.BLOCK_BYTES;
            if (block < 0 || start >= length) {
                throw new IllegalArgumentException("fragment " + h + " has no block " + block);
            }
            byte[] out = new byte[(int) Math.min(ChunkTree.BLOCK_BYTES, length - start)];
            ByteBuffer buf = ByteBuffer.wrap(out);
            while (buf.hasRemaining()) {
                if (ch.read(buf, start + buf.position()) < 0) {
                    throw new CorruptFragmentException("fragment " + h + " in " + dir + " ended inside block " + block);
                }
            }
            return out;
        }
    }

    /**
     * The kept block nodes of {@code h}, checked against it; rebuilt from the fragment when absent
     * or wrong.
     *
     * @throws NoSuchFileException if this store does not hold the fragment
     * @throws CorruptFragmentException if the fragment itself no longer matches its hash
     */
    public byte[] blockNodes(Hash h, long length) throws IOException {
        Path p = nodesPath(h);
        int count = ChunkTree.blocks(length);
        try {
            byte[] nodes = Files.readAllBytes(p);
            if (nodes.length == count * Hash.LENGTH && ChunkTree.rootOfBlocks(nodes, count).equals(h)) {
                return nodes;
            }
        } catch (NoSuchFileException e) {
            // rebuilt below
        }
        java.util.logging.Logger.getLogger(FragmentStore.class.getName()).warning(
                () -> "rebuilding the block nodes of fragment " + h + " in " + dir);
        byte[] data = new byte[(int) length];
        if (!read(h, data, data.length)) {
            throw new NoSuchFileException(path(h).toString());
        }
        ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(data, 0, data.length);
        hasher.finish();
        byte[] nodes = hasher.blockNodes();
        writeAtomically(p, nodes, false);
        return nodes;
    }

    /** Every fragment held, with its size and write time. */
    public List<Stored> list() throws IOException {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (name.length() == 64 && name.matches("[0-9a-f]{64}")) {
                    out.add(new Stored(Hash.parse(name), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                }
            }
        }
        return out;
    }

    /** Removes temporary files a crash left behind (older than {@code olderThanMillis}). */
    public int removeStaleTemporaries(long olderThanMillis) throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".tmp")
                        && Files.getLastModifiedTime(p).toMillis() < olderThanMillis) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories; the rename is still atomic there.
        }
    }
}
