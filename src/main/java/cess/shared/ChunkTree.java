package cess.shared;

import java.security.MessageDigest;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commitment to a byte string (a fragment): a Merkle tree over its bytes in chunks of
 * {@value #CHUNK} bytes, the last one shorter, with {@link Merkle}'s rules: a leaf is
 * {@code H(0x00 || chunk)}, an inner node {@code H(0x01 || left || right)}, an odd node at the end
 * of a level is promoted unchanged. Its root stands for the whole string (reads check a fragment
 * against it, as they did against its SHA-256) and proves any one chunk with a path of about
 * {@code log2(length / CHUNK)} hashes: what a storage proof samples.
 *
 * <p>The holder of the bytes keeps the tree's nodes over each run of {@value #BLOCK_CHUNKS}
 * chunks (a <em>block</em>; 32 bytes per 64 KiB, 1/2,048 of the data): a path then needs only the
 * sampled chunk's block read from the disk ({@link #path}), however large the string. Those block
 * nodes are exactly a level of the tree: every block but the last is a full subtree of 64 leaves,
 * the last a subtree of what is left, and the root is the tree over the block nodes.
 *
 * <p>Cost against one SHA-256 over the bytes: each 1 KiB leaf takes 17 compression blocks
 * instead of 16 and the inner nodes about one more pair each, about 19 % more hashing, and each of
 * the ~2 digests per chunk costs a call of its own: measured, 1.35× the time of a plain SHA-256
 * (1,407 against 1,896 MB/s on 8 MiB, {@code bench/proofs}). The chunk size is a protocol
 * constant (changing it changes every fragment's commitment).
 */
public final class ChunkTree {
    /** Bytes per chunk, the unit a proof samples. */
    public static final int CHUNK = 1024;
    /** Chunks under one block node the holder keeps. */
    public static final int BLOCK_CHUNKS = 64;
    /** Bytes under one block node. */
    public static final int BLOCK_BYTES = CHUNK * BLOCK_CHUNKS;

    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private ChunkTree() {
    }

    /** Chunks of a string of {@code length} bytes (at least one byte). */
    public static long chunks(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("a chunk tree commits to at least one byte, not " + length);
        }
        return (length + CHUNK - 1) / CHUNK;
    }

    /** Blocks of a string of {@code length} bytes: how many block nodes its holder keeps. */
    public static int blocks(long length) {
        long n = (chunks(length) + BLOCK_CHUNKS - 1) / BLOCK_CHUNKS;
        if (n > Integer.MAX_VALUE / Hash.LENGTH) {
            throw new IllegalArgumentException("a string of " + length + " bytes has too many blocks for a chunk tree");
        }
        return (int) n;
    }

    /** The length of chunk {@code index} of a string of {@code length} bytes. */
    public static int chunkLength(long length, long index) {
        long n = chunks(length);
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("chunk " + index + " is outside 0.." + (n - 1));
        }
        return index < n - 1 ? CHUNK : (int) (length - (n - 1) * CHUNK);
    }

    /** The root over {@code data}. */
    public static Hash root(byte[] data) {
        return root(data, 0, data.length);
    }

    /** The root over {@code len} bytes of {@code data} from {@code off}. */
    public static Hash root(byte[] data, int off, int len) {
        Hasher h = new Hasher();
        h.update(data, off, len);
        return h.finish();
    }

    /**
     * The root over block nodes as {@link Hasher#blockNodes} gives them ({@code count} of 32 bytes).
     */
    public static Hash rootOfBlocks(byte[] blockNodes, int count) {
        if (count < 1 || blockNodes.length < count * Hash.LENGTH) {
            throw new IllegalArgumentException("need " + count + " block nodes of 32 bytes, got " + blockNodes.length + " bytes");
        }
        byte[] level = Arrays.copyOf(blockNodes, count * Hash.LENGTH);
        climb(level, count, 0, null, Hash.newSha256());
        return Hash.of(Arrays.copyOf(level, Hash.LENGTH));
    }

    /**
     * The siblings, bottom up, that prove chunk {@code index} of a string of {@code length} bytes
     * against its root: from the bytes of the chunk's block ({@code block}, {@code blockLength}
     * bytes: all of block {@code index / 64}) and the holder's block nodes.
     *
     * @throws IllegalArgumentException if the block's length or the block nodes do not fit {@code length}
     */
    public static List<Hash> path(long length, long index, byte[] block, int blockLength, byte[] blockNodes) {
        long n = chunks(length);
        chunkLength(length, index);
        int blocks = blocks(length);
        int b = (int) (index / BLOCK_CHUNKS);
        long first = (long) b * BLOCK_CHUNKS;
        long expected = Math.min(length, (first + BLOCK_CHUNKS) * CHUNK) - first * CHUNK;
        if (blockLength != expected || block.length < blockLength) {
            throw new IllegalArgumentException("block " + b + " has " + expected + " bytes, got " + blockLength);
        }
        if (blockNodes.length != blocks * Hash.LENGTH) {
            throw new IllegalArgumentException("a string of " + length + " bytes has " + blocks + " block nodes, got "
                    + blockNodes.length / Hash.LENGTH);
        }
        MessageDigest md = Hash.newSha256();
        int leaves = (int) Math.min(BLOCK_CHUNKS, n - first);
        byte[] level = new byte[leaves * Hash.LENGTH];
        for (int i = 0; i < leaves; i++) {
            int from = i * CHUNK;
            leaf(md, block, from, Math.min(CHUNK, blockLength - from), level, i * Hash.LENGTH);
        }
        List<Hash> out = new ArrayList<>();
        climb(level, leaves, (int) (index - first), out, md);
        if (!Arrays.equals(level, 0, Hash.LENGTH, blockNodes, b * Hash.LENGTH, (b + 1) * Hash.LENGTH)) {
            throw new IllegalArgumentException("block " + b + " does not hash to the kept block node: the bytes changed");
        }
        climb(blockNodes.clone(), blocks, b, out, md);
        return out;
    }

    /**
     * Whether {@code chunk} is chunk {@code index} of the string of {@code length} bytes whose
     * root is {@code root}, as {@code siblings} (bottom up) prove. A chunk of the wrong length, an
     * index outside the string, or a path with a sibling too many or too few is refused.
     */
    public static boolean verify(Hash root, long length, long index, byte[] chunk, List<Hash> siblings) {
        long n;
        try {
            n = chunks(length);
            if (index < 0 || index >= n || chunk.length != chunkLength(length, index)) {
                return false;
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        MessageDigest md = Hash.newSha256();
        byte[] h = new byte[Hash.LENGTH];
        leaf(md, chunk, 0, chunk.length, h, 0);
        long pos = index;
        long width = n;
        int used = 0;
        while (width > 1) {
            boolean right = (pos & 1) == 1;
            if (right || pos + 1 < width) {
                if (used == siblings.size()) {
                    return false;
                }
                byte[] s = siblings.get(used++).bytes();
                node(md, right ? s : h, 0, right ? h : s, 0, h, 0);
            }
            pos >>= 1;
            width = (width + 1) >> 1;
        }
        return used == siblings.size() && MessageDigest.isEqual(h, root.bytes());
    }

    /**
     * Replaces {@code level} (the first {@code width} nodes of 32 bytes) by the levels above it,
     * in place, until its first node is the root; on the way adds to {@code out} (when given) the
     * sibling of the node at {@code pos} at each level where it has one.
     */
    private static void climb(byte[] level, int width, int pos, List<Hash> out, MessageDigest md) {
        while (width > 1) {
            if (out != null) {
                int sibling = (pos & 1) == 1 ? pos - 1 : pos + 1;
                if (sibling < width) {
                    out.add(Hash.of(Arrays.copyOfRange(level, sibling * Hash.LENGTH, (sibling + 1) * Hash.LENGTH)));
                }
            }
            int next = 0;
            for (int i = 0; i + 1 < width; i += 2) {
                node(md, level, i * Hash.LENGTH, level, (i + 1) * Hash.LENGTH, level, next * Hash.LENGTH);
                next++;
            }
            if ((width & 1) == 1) {
                System.arraycopy(level, (width - 1) * Hash.LENGTH, level, next * Hash.LENGTH, Hash.LENGTH);
                next++;
            }
            width = next;
            pos >>= 1;
        }
    }

    private static void leaf(MessageDigest md, byte[] data, int off, int len, byte[] into, int at) {
        md.update(LEAF);
        md.update(data, off, len);
        finish(md, into, at);
    }

    private static void node(MessageDigest md, byte[] l, int lo, byte[] r, int ro, byte[] into, int at) {
        md.update(NODE);
        md.update(l, lo, Hash.LENGTH);
        md.update(r, ro, Hash.LENGTH);
        finish(md, into, at);
    }

    private static void finish(MessageDigest md, byte[] into, int at) {
        try {
            md.digest(into, at, Hash.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 always writes 32 bytes", e);
        }
    }

    /**
     * Computes a root while the bytes go by, in pieces of any size, keeping only one chunk, one
     * block's leaves and the block nodes. Not thread-safe; one string per instance.
     */
    public static final class Hasher {
        private final MessageDigest md = Hash.newSha256();
        private final byte[] chunk = new byte[CHUNK];
        private int fill;
        private final byte[] leaves = new byte[BLOCK_CHUNKS * Hash.LENGTH];
        private int leafCount;
        private byte[] blockNodes = new byte[8 * Hash.LENGTH];
        private int blockCount;
        private long length;
        private Hash root;

        /** Feeds {@code len} bytes of {@code b} from {@code off}. */
        public Hasher update(byte[] b, int off, int len) {
            if (root != null) {
                throw new IllegalStateException("the hasher has finished");
            }
            length += len;
            int end = off + len;
            if (fill > 0) {
                int n = Math.min(CHUNK - fill, end - off);
                System.arraycopy(b, off, chunk, fill, n);
                fill += n;
                off += n;
                if (fill < CHUNK) {
                    return this;
                }
                addLeaf(chunk, 0, CHUNK);
                fill = 0;
            }
            while (end - off >= CHUNK) {
                addLeaf(b, off, CHUNK);
                off += CHUNK;
            }
            if (off < end) {
                System.arraycopy(b, off, chunk, 0, end - off);
                fill = end - off;
            }
            return this;
        }

        /** Bytes fed so far. */
        public long length() {
            return length;
        }

        /**
         * The root over every byte fed; then the hasher takes no more.
         *
         * @throws IllegalStateException if no byte was fed
         */
        public Hash finish() {
            if (root != null) {
                return root;
            }
            if (length == 0) {
                throw new IllegalStateException("a chunk tree commits to at least one byte");
            }
            if (fill > 0) {
                addLeaf(chunk, 0, fill);
                fill = 0;
            }
            if (leafCount > 0) {
                closeBlock();
            }
            root = rootOfBlocks(blockNodes, blockCount);
            return root;
        }

        /** The block nodes, 32 bytes each in order, once {@link #finish} has run: what the holder keeps. */
        public byte[] blockNodes() {
            if (root == null) {
                throw new IllegalStateException("finish the hasher first");
            }
            return Arrays.copyOf(blockNodes, blockCount * Hash.LENGTH);
        }

        private void addLeaf(byte[] b, int off, int len) {
            leaf(md, b, off, len, leaves, leafCount * Hash.LENGTH);
            if (++leafCount == BLOCK_CHUNKS) {
                closeBlock();
            }
        }

        private void closeBlock() {
            climb(leaves, leafCount, 0, null, md);
            if ((blockCount + 1) * Hash.LENGTH > blockNodes.length) {
                blockNodes = Arrays.copyOf(blockNodes, blockNodes.length * 2);
            }
            System.arraycopy(leaves, 0, blockNodes, blockCount * Hash.LENGTH, Hash.LENGTH);
            blockCount++;
            leafCount = 0;
        }
    }
}
