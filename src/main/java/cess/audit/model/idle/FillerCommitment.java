package cess.audit.model.idle;

import cess.shared.Hash;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commitment to one filler unit: a binary Merkle tree whose leaves are the unit's labels, with
 * {@link cess.shared.Merkle}'s rules (leaf {@code H(0x00 || label)}, node {@code H(0x01 || left || right)});
 * labels are a power of two, so the tree is perfect and every path has exactly
 * {@link IdleParams#pathLength()} siblings.
 *
 * <p>Why not {@link cess.shared.ChunkTree}: its leaves are 1 KiB chunks (32 labels), so each of the
 * 7 labels a sample opens would carry a whole chunk, 1,024 + 32·log2(labels/32) bytes instead of
 * 32 + 32·log2(labels): about twice the proof (1,536 against 704 bytes an opening at 64 MiB units).
 *
 * <p>The holder keeps an <em>index</em>: the tree's nodes from the level of {@value #BLOCK_LABELS}-label
 * blocks (4 KiB, one page) up to just below the root, about 1/64 of the unit. A path then reads one
 * block of labels and {@code log2(labels / 128)} index nodes ({@link #indexOffsets}). The index is
 * laid out level by level, bottom up, 32 bytes a node. Keeping it gives a cheater nothing: it is
 * derived from the labels and opens none of them.
 *
 * <p>Stateless and thread-safe.
 */
public final class FillerCommitment {
    /** Labels per block, the unit a path reads from the disk. */
    public static final int BLOCK_LABELS = 128;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = BLOCK_LABELS * FillerLabels.LABEL;
    private static final int H = Hash.LENGTH;
    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private FillerCommitment() {
    }

    /** A unit's root and the index its holder keeps. */
    public record Index(Hash root, byte[] nodes) {
        public Index {
            nodes = nodes.clone();
        }

        @Override
        public byte[] nodes() {
            return nodes.clone();
        }
    }

    /** The root and index of the unit whose labels are {@code labels} (a power of two of labels, at least one block). */
    public static Index index(byte[] labels) {
        int n = labelsOf(labels.length);
        int blocks = n / BLOCK_LABELS;
        byte[] index = new byte[(2 * blocks - 1) * H];
        MessageDigest md = Hash.newSha256();
        byte[] level = new byte[BLOCK_LABELS * H];
        for (int b = 0; b < blocks; b++) {
            blockLeaves(md, labels, b * BLOCK_BYTES, level);
            climb(md, level, BLOCK_LABELS, 0, null);
            System.arraycopy(level, 0, index, b * H, H);
        }
        int at = 0;
        int width = blocks;
        while (width > 1) {
            int next = at + width * H;
            for (int k = 0; k < width / 2; k++) {
                node(md, index, at + 2 * k * H, index, at + (2 * k + 1) * H, index, next + k * H);
            }
            at = next;
            width /= 2;
        }
        Hash root = Hash.of(Arrays.copyOfRange(index, at, at + H));
        return new Index(root, Arrays.copyOf(index, at));
    }

    /** Bytes of the index of a unit of {@code labels} labels: every level from the blocks up to just below the root. */
    public static int indexBytes(int labels) {
        return Math.max(2 * (labels / BLOCK_LABELS) - 2, 0) * H;
    }

    /**
     * The byte offsets, into the index of a unit of {@code labels} labels, of the siblings that
     * prove label {@code index} above its block, bottom up: what the holder reads besides the block.
     */
    public static long[] indexOffsets(int labels, int index) {
        int n = labelsOf((long) labels * FillerLabels.LABEL);
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("label " + index + " is outside 0.." + (n - 1));
        }
        int width = n / BLOCK_LABELS;
        long[] out = new long[Integer.numberOfTrailingZeros(width)];
        long at = 0;
        int pos = index / BLOCK_LABELS;
        for (int k = 0; k < out.length; k++) {
            out[k] = (at + (pos ^ 1)) * H;
            at += width;
            width /= 2;
            pos /= 2;
        }
        return out;
    }

    /**
     * The path (siblings bottom up) of label {@code index} from the labels of its block
     * ({@code block}, {@value #BLOCK_BYTES} bytes: block {@code index / 128} of the unit) and the
     * index nodes at {@link #indexOffsets}, in that order.
     */
    public static List<Hash> path(int labels, int index, byte[] block, List<Hash> indexSiblings) {
        long[] offsets = indexOffsets(labels, index);
        if (block.length != BLOCK_BYTES) {
            throw new IllegalArgumentException("a block has " + BLOCK_BYTES + " bytes, got " + block.length);
        }
        if (indexSiblings.size() != offsets.length) {
            throw new IllegalArgumentException("label " + index + " needs " + offsets.length + " index nodes, got " + indexSiblings.size());
        }
        MessageDigest md = Hash.newSha256();
        byte[] level = new byte[BLOCK_LABELS * H];
        blockLeaves(md, block, 0, level);
        List<Hash> out = new ArrayList<>(offsets.length + 7);
        climb(md, level, BLOCK_LABELS, index % BLOCK_LABELS, out);
        out.addAll(indexSiblings);
        return out;
    }

    /** The path of label {@code index} of the unit {@code labels}, from memory (tests, and a prover that keeps a unit there). */
    public static List<Hash> path(byte[] labels, Index idx, int index) {
        int n = labelsOf(labels.length);
        long[] offsets = indexOffsets(n, index);
        byte[] nodes = idx.nodes;
        List<Hash> siblings = new ArrayList<>(offsets.length);
        for (long o : offsets) {
            siblings.add(Hash.of(Arrays.copyOfRange(nodes, (int) o, (int) o + H)));
        }
        int from = index / BLOCK_LABELS * BLOCK_BYTES;
        return path(n, index, Arrays.copyOfRange(labels, from, from + BLOCK_BYTES), siblings);
    }

    /** Whether {@code label} is label {@code index} of the unit of {@code labels} labels whose root is {@code root}. */
    public static boolean verify(Hash root, int labels, int index, Hash label, List<Hash> path) {
        if (index < 0 || index >= labels || Integer.bitCount(labels) != 1
                || path.size() != Integer.numberOfTrailingZeros(labels)) {
            return false;
        }
        MessageDigest md = Hash.newSha256();
        byte[] h = new byte[H];
        md.update(LEAF);
        label.updateDigest(md);
        finish(md, h, 0);
        int pos = index;
        for (Hash s : path) {
            md.update(NODE);
            if ((pos & 1) == 1) {
                s.updateDigest(md);
                md.update(h);
            } else {
                md.update(h);
                s.updateDigest(md);
            }
            finish(md, h, 0);
            pos >>>= 1;
        }
        return MessageDigest.isEqual(h, root.bytes());
    }

    private static int labelsOf(long bytes) {
        long n = bytes / FillerLabels.LABEL;
        if (bytes % FillerLabels.LABEL != 0 || n < BLOCK_LABELS || Long.bitCount(n) != 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a unit is a power of two of labels, at least " + BLOCK_LABELS + ", not " + bytes + " bytes");
        }
        return (int) n;
    }

    /** The leaf hashes of the block at {@code off} of {@code labels}, into {@code level}. Hot: one per block. */
    private static void blockLeaves(MessageDigest md, byte[] labels, int off, byte[] level) {
        for (int i = 0; i < BLOCK_LABELS; i++) {
            md.update(LEAF);
            md.update(labels, off + i * FillerLabels.LABEL, FillerLabels.LABEL);
            finish(md, level, i * H);
        }
    }

    /** Replaces the {@code width} nodes of {@code level} (a power of two) by their root, in place, adding the siblings of {@code pos} to {@code out}. */
    private static void climb(MessageDigest md, byte[] level, int width, int pos, List<Hash> out) {
        while (width > 1) {
            if (out != null) {
                int s = pos ^ 1;
                out.add(Hash.of(Arrays.copyOfRange(level, s * H, (s + 1) * H)));
            }
            for (int k = 0; k < width / 2; k++) {
                node(md, level, 2 * k * H, level, (2 * k + 1) * H, level, k * H);
            }
            width /= 2;
            pos /= 2;
        }
    }

    private static void node(MessageDigest md, byte[] l, int lo, byte[] r, int ro, byte[] into, int at) {
        md.update(NODE);
        md.update(l, lo, H);
        md.update(r, ro, H);
        finish(md, into, at);
    }

    private static void finish(MessageDigest md, byte[] into, int at) {
        try {
            md.digest(into, at, H);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 always writes 32 bytes", e);
        }
    }
}
