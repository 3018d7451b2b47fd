package cess.audit.model.idle;

import cess.shared.Address;
import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The filler labels of one unit: 32-byte labels, each depending on the one before and on
 * {@code d} pseudo-random earlier ones, so that producing label {@code i} without storing the
 * unit means recomputing (most of) the chain before it.
 *
 * <pre>
 * seed     = H("cess/idle/unit/v1" || network || miner || u64 unit)
 * label_0  = H(seed || 'L' || u32 0)
 * label_1  = H(seed || 'L' || u32 1 || label_0)
 * label_i  = H(seed || 'L' || u32 i || label_{i-1} || label_{p_1(i)} || ... || label_{p_d(i)})   (i ≥ 2)
 * </pre>
 *
 * The parents {@code p_j(i) ≤ i − 2} are drawn DRSample-style (Alwen, Blocki, Harsha, CCS 2017):
 * a distance scale {@code g} uniform in {@code 1..floor(log2 i)}, then a distance uniform in
 * {@code [2^g, min(2^(g+1) − 1, i)]}, from {@code H(seed || 'P' || u32 i || u8 c)}, six bytes per
 * parent (two for the scale, four for the distance; the modulo bias, below 0.4 %, does not matter:
 * the graph is public, only its depth counts). Parents at every scale keep the graph deep when a
 * cheater removes a fraction of its labels (keeps every k-th, or commits cheap wrong ones); uniform
 * parents, tried first, lose almost all depth (bench/README.md, "Idle-space proofs"). The network
 * in the seed keeps one disk from being certified on two chains; the miner and unit keep filler
 * from being shared or deduplicated.
 *
 * <p>Not thread-safe (it reuses one digest and buffers): one instance per thread.
 */
public final class FillerLabels {
    /** Bytes per label. */
    public static final int LABEL = 32;
    private static final byte[] DOMAIN = "cess/idle/unit/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte LABEL_TAG = 'L';
    private static final byte PARENT_TAG = 'P';
    private static final int PARENTS_PER_HASH = 5;
    private static final int[] NO_PARENTS = {};

    private final IdleParams params;
    private final MessageDigest md = Hash.newSha256();
    /** {@code seed || 'L' || u32 i}, then room for the predecessor and the parents. */
    private static final int HEADER = LABEL + 1 + 4;
    private final byte[] input;
    private final byte[] parentInput = new byte[LABEL + 1 + 4 + 1];
    private final byte[] parentBytes = new byte[LABEL];
    private final int[] parents;

    public FillerLabels(IdleParams params) {
        this.params = params;
        this.parents = new int[params.parents()];
        this.input = new byte[HEADER + (1 + params.parents()) * LABEL];
    }

    /** The seed of one unit of one miner on one network. */
    public static Hash unitSeed(Hash network, Address miner, long unit) {
        if (unit < 0) {
            throw new IllegalArgumentException("a unit index is not negative: " + unit);
        }
        byte[] u = new byte[8];
        for (int s = 0; s < 8; s++) {
            u[s] = (byte) (unit >>> (56 - 8 * s));
        }
        return Hash.sha256(DOMAIN, network.bytes(), miner.bytes(), u);
    }

    /** The parents of label {@code i} (none below 2), in order. */
    public int[] parents(Hash unitSeed, int i) {
        checkIndex(i);
        if (i < 2) {
            return new int[0];
        }
        setSeed(unitSeed.bytes());
        computeParents(i);
        return parents.clone();
    }

    /**
     * The labels a sample of label {@code i} opens, in a proof's order: {@code i}, then
     * {@code i − 1} (from 1), then its parents (from 2).
     */
    public int[] opened(Hash unitSeed, int i) {
        int[] p = parents(unitSeed, i);
        int[] out = new int[Math.min(i, 1) + 1 + p.length];
        out[0] = i;
        if (i > 0) {
            out[1] = i - 1;
        }
        System.arraycopy(p, 0, out, out.length - p.length, p.length);
        return out;
    }

    /**
     * Label {@code i} from its predecessor and its parents' labels (in {@link #parents} order): what
     * the verifier recomputes. {@code previous} is ignored (may be null) for label 0.
     */
    public Hash label(Hash unitSeed, int i, Hash previous, List<Hash> parentLabels) {
        checkIndex(i);
        int expected = i < 2 ? 0 : params.parents();
        if (parentLabels.size() != expected) {
            throw new IllegalArgumentException("label " + i + " has " + expected + " parents, got " + parentLabels.size());
        }
        setSeed(unitSeed.bytes());
        setIndex(input, LABEL + 1, i);
        md.update(input, 0, HEADER);
        if (i > 0) {
            previous.updateDigest(md);
        }
        for (Hash p : parentLabels) {
            p.updateDigest(md);
        }
        return Hash.of(md.digest());
    }

    /**
     * Writes all labels of the unit with seed {@code unitSeed} into {@code labels}
     * ({@link IdleParams#unitBytes()} bytes). This is the inner loop of filling and of a cheater's
     * regeneration: two SHA-256 calls per label and no allocation.
     */
    public void fill(Hash unitSeed, byte[] labels) {
        if (labels.length != params.unitBytes()) {
            throw new IllegalArgumentException("a unit has " + params.unitBytes() + " bytes, got " + labels.length);
        }
        fillRange(unitSeed, labels, 0, params.labels());
    }

    /**
     * Computes labels {@code from} (inclusive) to {@code to} (exclusive) into {@code labels}, whose
     * earlier labels (every parent and predecessor of the range) must already be in place: for a
     * filler that streams, and for a cheater regenerating part of a unit.
     */
    public void fillRange(Hash unitSeed, byte[] labels, int from, int to) {
        if (from < 0 || to > params.labels() || from > to || labels.length < (long) to * LABEL) {
            throw new IllegalArgumentException("labels " + from + ".." + to + " do not fit a unit of " + params.labels());
        }
        setSeed(unitSeed.bytes());
        for (int i = from; i < to; i++) {
            computeInto(labels, i, labels);
        }
    }

    /**
     * Computes label {@code i} into {@code into} at {@code i * 32}, reading its predecessor and
     * parents from {@code source} (which holds them at their positions); the unit's seed must have
     * been set by {@link #fillRange} or {@link #startUnit}. For regenerating only what is needed.
     */
    public void computeInto(byte[] source, int i, byte[] into) {
        if (i >= 2) {
            computeParents(i);
        }
        hashInto(source, i, i >= 2 ? parents : NO_PARENTS, into);
    }

    /**
     * As {@link #computeInto}, with the parents of {@code i} already known ({@link #parentsInto});
     * {@code parentsOfI} is ignored for labels 0 and 1.
     */
    public void computeInto(byte[] source, int i, int[] parentsOfI, byte[] into) {
        hashInto(source, i, i >= 2 ? parentsOfI : NO_PARENTS, into);
    }

    /** The hash of one label, its input gathered first: one digest update instead of d + 2 (measurably faster). */
    private void hashInto(byte[] source, int i, int[] ps, byte[] into) {
        setIndex(input, LABEL + 1, i);
        int len = HEADER;
        if (i > 0) {
            System.arraycopy(source, (i - 1) * LABEL, input, len, LABEL);
            len += LABEL;
        }
        for (int p : ps) {
            System.arraycopy(source, p * LABEL, input, len, LABEL);
            len += LABEL;
        }
        md.update(input, 0, len);
        try {
            md.digest(into, i * LABEL, LABEL);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 always writes 32 bytes", e);
        }
    }

    /** Sets the unit whose labels {@link #computeInto} and {@link #parentsInto} compute. */
    public void startUnit(Hash unitSeed) {
        setSeed(unitSeed.bytes());
    }

    /**
     * The parents of label {@code i ≥ 2} of the unit set by {@link #startUnit}, into {@code into}
     * (length {@code d}); no allocation, for regenerating.
     */
    public void parentsInto(int i, int[] into) {
        if (i < 2) {
            throw new IllegalArgumentException("labels 0 and 1 have no parents");
        }
        computeParents(i);
        System.arraycopy(parents, 0, into, 0, parents.length);
    }

    private void computeParents(int i) {
        int scales = 31 - Integer.numberOfLeadingZeros(i);
        setIndex(parentInput, LABEL + 1, i);
        for (int j = 0; j < parents.length; j++) {
            int k = j % PARENTS_PER_HASH;
            if (k == 0) {
                parentInput[LABEL + 5] = (byte) (j / PARENTS_PER_HASH);
                md.update(parentInput);
                try {
                    md.digest(parentBytes, 0, LABEL);
                } catch (DigestException e) {
                    throw new IllegalStateException("SHA-256 always writes 32 bytes", e);
                }
            }
            int o = 6 * k;
            int scaleBits = ((parentBytes[o] & 0xFF) << 8) | (parentBytes[o + 1] & 0xFF);
            long distanceBits = ((parentBytes[o + 2] & 0xFFL) << 24) | ((parentBytes[o + 3] & 0xFF) << 16)
                    | ((parentBytes[o + 4] & 0xFF) << 8) | (parentBytes[o + 5] & 0xFF);
            int g = 1 + ((scaleBits * scales) >>> 16);
            int lo = 1 << g;
            int hi = Math.min((1 << (g + 1)) - 1, i);
            parents[j] = i - (lo + (int) (distanceBits % (hi - lo + 1)));
        }
    }

    private void setSeed(byte[] seed) {
        System.arraycopy(seed, 0, input, 0, LABEL);
        input[LABEL] = LABEL_TAG;
        System.arraycopy(seed, 0, parentInput, 0, LABEL);
        parentInput[LABEL] = PARENT_TAG;
    }

    private static void setIndex(byte[] b, int at, int i) {
        b[at] = (byte) (i >>> 24);
        b[at + 1] = (byte) (i >>> 16);
        b[at + 2] = (byte) (i >>> 8);
        b[at + 3] = (byte) i;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= params.labels()) {
            throw new IllegalArgumentException("label " + i + " is outside 0.." + (params.labels() - 1));
        }
    }
}
