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
 * <p>A path is built from the 4 KiB block of {@value #BLOCK_LABELS} labels around the label (the
 * siblings inside the block) and the nodes above the block, which the holder keeps in its
 * {@link FillerIndex} (about 1/64 of the unit). Keeping the index gives a cheater nothing: it is
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

    /**
     * The path (siblings bottom up) of label {@code index} of a unit of {@code labels} labels, from
     * the labels of its block ({@code block}, {@value #BLOCK_BYTES} bytes: block {@code index / 128})
     * and the index nodes above it ({@link FillerIndex#siblings}), in that order.
     */
    public static List<Hash> path(int labels, int index, byte[] block, List<Hash> indexSiblings) {
        int levels = FillerIndex.levels(labels);
        if (index < 0 || index >= labels) {
            throw new IllegalArgumentException("label " + index + " is outside 0.." + (labels - 1));
        }
        if (block.length != BLOCK_BYTES) {
            throw new IllegalArgumentException("a block has " + BLOCK_BYTES + " bytes, got " + block.length);
        }
        if (indexSiblings.size() != levels) {
            throw new IllegalArgumentException("label " + index + " needs " + levels + " index nodes, got " + indexSiblings.size());
        }
        MessageDigest md = Hash.newSha256();
        byte[] level = new byte[BLOCK_LABELS * H];
        blockLeaves(md, block, 0, level);
        List<Hash> out = new ArrayList<>(levels + 7);
        climb(md, level, BLOCK_LABELS, index % BLOCK_LABELS, out);
        out.addAll(indexSiblings);
        return out;
    }

    /** The root over the labels of a unit (what the miner commits); its holder wants {@link FillerIndex#build}, which also gives the index. */
    public static Hash root(byte[] labels) {
        labelsOf(labels.length);
        byte[] level = blockNodes(labels);
        while (level.length > H) {
            level = parents(level);
        }
        return Hash.of(level);
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

    static int labelsOf(long bytes) {
        long n = bytes / FillerLabels.LABEL;
        if (bytes % FillerLabels.LABEL != 0 || n < BLOCK_LABELS || Long.bitCount(n) != 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a unit is a power of two of labels, at least " + BLOCK_LABELS + ", not " + bytes + " bytes");
        }
        return (int) n;
    }

    /** The node over each block of {@code labels}, 32 bytes each in order. Hot: 255 hashes a block. */
    static byte[] blockNodes(byte[] labels) {
        int blocks = labels.length / BLOCK_BYTES;
        byte[] out = new byte[blocks * H];
        MessageDigest md = Hash.newSha256();
        byte[] level = new byte[BLOCK_LABELS * H];
        for (int b = 0; b < blocks; b++) {
            blockLeaves(md, labels, b * BLOCK_BYTES, level);
            climb(md, level, BLOCK_LABELS, 0, null);
            System.arraycopy(level, 0, out, b * H, H);
        }
        return out;
    }

    /** The level above {@code level} (an even number of nodes of 32 bytes). */
    static byte[] parents(byte[] level) {
        MessageDigest md = Hash.newSha256();
        byte[] out = new byte[level.length / 2];
        for (int k = 0; k < out.length / H; k++) {
            node(md, level, 2 * k * H, level, (2 * k + 1) * H, out, k * H);
        }
        return out;
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
