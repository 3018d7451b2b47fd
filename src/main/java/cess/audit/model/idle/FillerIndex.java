package cess.audit.model.idle;

import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index a filler's holder keeps beside each unit: the nodes of the unit's tree
 * ({@link FillerCommitment}) from the level of its 128-label blocks up to just below the root,
 * about 1/64 of the unit, laid out so that a path costs few reads. Level {@code l} (0: the block
 * nodes) has {@code 2^(L − l)} nodes, {@code L = log2(labels / 128)}. The levels are cut into bands
 * of {@value #BAND}; each band is stored as its subtrees, one {@value #PAGE_BYTES}-byte page each
 * (126 nodes, level by level), so the siblings a path needs within a band lie in one page: a path
 * reads its block and {@code ceil(L / 6)} pages (4 at 1 GiB units) rather than {@code L} scattered
 * nodes. The layout is the holder's business (the chain sees only roots and paths); it is fixed
 * here so that every miner's files and the benchmark agree. Stateless and thread-safe.
 */
public final class FillerIndex {
    /** Bytes per index page: one device page. */
    public static final int PAGE_BYTES = 4096;
    /** Levels per page: 2^6 + ... + 2 = 126 nodes of 32 bytes fit in a page. */
    static final int BAND = 6;
    private static final int H = Hash.LENGTH;

    private FillerIndex() {
    }

    /** A unit's root and its index pages, {@link #pages} of {@value #PAGE_BYTES} bytes. */
    public record Built(Hash root, byte[] pages) {
        public Built {
            pages = pages.clone();
        }

        @Override
        public byte[] pages() {
            return pages.clone();
        }

        /** The node at {@code at}. */
        public Hash node(Location at) {
            int from = at.page() * PAGE_BYTES + at.offset();
            return Hash.of(Arrays.copyOfRange(pages, from, from + H));
        }
    }

    /** Where an index node lies: page, and byte offset within it. */
    public record Location(int page, int offset) {
        public Location {
            if (page < 0 || offset < 0 || offset > PAGE_BYTES - H) {
                throw new IllegalArgumentException("no index node at page " + page + ", byte " + offset);
            }
        }
    }

    /** The root and index of the unit whose labels are {@code labels}. */
    public static Built build(byte[] labels) {
        int n = FillerCommitment.labelsOf(labels.length);
        int levels = levels(n);
        byte[] pages = new byte[pages(n) * PAGE_BYTES];
        byte[] level = FillerCommitment.blockNodes(labels);
        for (int l = 0; l < levels; l++) {
            int width = level.length / H;
            for (int q = 0; q < width; q++) {
                Location at = locate(levels, l, q);
                System.arraycopy(level, q * H, pages, at.page() * PAGE_BYTES + at.offset(), H);
            }
            level = FillerCommitment.parents(level);
        }
        return new Built(Hash.of(level), pages);
    }

    /** Pages of the index of a unit of {@code labels} labels. */
    public static int pages(int labels) {
        int levels = levels(labels);
        int total = 0;
        for (int b = 0; b * BAND < levels; b++) {
            total += subtrees(levels, b);
        }
        return total;
    }

    /** The index nodes that prove label {@code index} above its block, bottom up ({@link FillerCommitment#path}). */
    public static List<Location> siblings(int labels, int index) {
        int levels = levels(labels);
        if (index < 0 || index >= labels) {
            throw new IllegalArgumentException("label " + index + " is outside 0.." + (labels - 1));
        }
        int q = index / FillerCommitment.BLOCK_LABELS;
        List<Location> out = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++, q >>>= 1) {
            out.add(locate(levels, l, q ^ 1));
        }
        return out;
    }

    /** The path of label {@code index} from memory (tests, and a prover that keeps a unit there). */
    public static List<Hash> path(byte[] labels, Built index, int at) {
        int n = FillerCommitment.labelsOf(labels.length);
        List<Hash> siblings = new ArrayList<>();
        for (Location l : siblings(n, at)) {
            siblings.add(index.node(l));
        }
        int from = at / FillerCommitment.BLOCK_LABELS * FillerCommitment.BLOCK_BYTES;
        return FillerCommitment.path(n, at, Arrays.copyOfRange(labels, from, from + FillerCommitment.BLOCK_BYTES), siblings);
    }

    /** Index levels of a unit: log2 of its blocks. */
    static int levels(int labels) {
        FillerCommitment.labelsOf((long) labels * FillerLabels.LABEL);
        return Integer.numberOfTrailingZeros(labels / FillerCommitment.BLOCK_LABELS);
    }

    /** Node {@code q} of level {@code l}: band {@code l / 6}, the subtree above it, the slot within. */
    private static Location locate(int levels, int l, int q) {
        int b = l / BAND;
        int h = height(levels, b);
        int j = l - b * BAND;
        int page = 0;
        for (int c = 0; c < b; c++) {
            page += subtrees(levels, c);
        }
        int slot = (1 << (h + 1)) - (1 << (h - j + 1)) + (q & ((1 << (h - j)) - 1));
        return new Location(page + (q >>> (h - j)), slot * H);
    }

    private static int height(int levels, int band) {
        return Math.min(BAND, levels - band * BAND);
    }

    private static int subtrees(int levels, int band) {
        return 1 << (levels - band * BAND - height(levels, band));
    }
}
