package cess.ledger.model;

import cess.shared.Encoder;
import cess.shared.Hash;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commitment to the chain state that goes into every block header: a binary Merkle
 * Patricia trie over the SHA-256 of each entry's key. A leaf commits to one entry,
 * {@code H(0x00 ‖ key ‖ value)}; a branch splits its leaves on the first bit where their paths
 * differ and commits to {@code H(0x01 ‖ bit ‖ left ‖ right)}. Only branching nodes exist, so a
 * state of n entries has n leaves and n - 1 branches, and a path is about log2(n) deep.
 *
 * <p>The trie's shape, and so its root, depends only on the set of entries, never on the order
 * they were written in: two replicas with equal roots hold equal states, however each got there.
 *
 * <p>Immutable and persistent: {@link #with} returns a new trie that shares every untouched
 * subtree with this one, and a new node's hash is computed once, when first asked for. So a
 * block's root costs a leaf hash per changed entry and a branch hash per node on the changed
 * paths: O(changes × log n), not O(n). Safe to share between threads (a node's hash may be
 * computed twice by racing readers, always to the same value).
 */
public final class StateTrie {
    public static final StateTrie EMPTY = new StateTrie(null, 0);
    private static final byte LEAF = 0;
    private static final byte BRANCH = 1;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(StateTrie::newDigest);

    private final Node root;
    private final int size;

    private StateTrie(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The trie of {@code entries}, built in one pass over their sorted paths: O(n) hashes. */
    public static StateTrie of(Map<StateKey, StateValue> entries) {
        Leaf[] leaves = new Leaf[entries.size()];
        int i = 0;
        for (Map.Entry<StateKey, StateValue> e : entries.entrySet()) {
            leaves[i++] = leaf(e.getKey(), e.getValue());
        }
        Arrays.sort(leaves, (a, b) -> Arrays.compareUnsigned(a.path, b.path));
        return new StateTrie(leaves.length == 0 ? null : build(leaves, 0, leaves.length), leaves.length);
    }

    /** This trie with {@code changes} laid over it (a null value removes the entry). */
    public StateTrie with(Map<StateKey, StateValue> changes) {
        Node r = root;
        int n = size;
        for (Map.Entry<StateKey, StateValue> e : changes.entrySet()) {
            byte[] path = path(e.getKey());
            boolean had = r != null && find(r, path) != null;
            if (e.getValue() == null) {
                if (had) {
                    r = remove(r, path);
                    n--;
                }
            } else {
                r = insert(r, leaf(path, e.getKey(), e.getValue()));
                if (!had) {
                    n++;
                }
            }
        }
        return new StateTrie(r, n);
    }

    /** The root hash; {@link Hash#ZERO} for an empty state. */
    public Hash root() {
        return root == null ? Hash.ZERO : root.hash();
    }

    /** How many entries the trie commits to. */
    public int size() {
        return size;
    }

    /**
     * The proof that {@code key} is in the state, or empty when it is not: the sibling hashes from
     * the leaf up to the root, each with the bit its branch splits on.
     */
    public Optional<Proof> prove(StateKey key) {
        byte[] path = path(key);
        List<Step> steps = new ArrayList<>();
        Node n = root;
        while (n instanceof Branch b) {
            boolean right = bit(path, b.bit);
            steps.add(new Step(b.bit, (right ? b.left : b.right).hash()));
            n = right ? b.right : b.left;
        }
        if (!(n instanceof Leaf l) || !Arrays.equals(l.path, path)) {
            return Optional.empty();
        }
        List<Step> upward = new ArrayList<>(steps.size());
        for (int i = steps.size() - 1; i >= 0; i--) {
            upward.add(steps.get(i));
        }
        return Optional.of(new Proof(upward));
    }

    /** One level of a proof: the split bit of a branch and the hash of the side the entry is not on. */
    public record Step(int bit, Hash sibling) {
        public Step {
            if (bit < 0 || bit >= 256 || sibling == null) {
                throw new IllegalArgumentException("a proof step has a bit 0..255 and a sibling hash");
            }
        }
    }

    /** An inclusion proof, leaf to root. Checking it needs only the key, the value and a root. */
    public record Proof(List<Step> steps) {
        public Proof {
            steps = List.copyOf(steps);
        }

        /** Whether {@code key} holds {@code value} in the state whose trie root is {@code root}. */
        public boolean verifies(Hash root, StateKey key, StateValue value) {
            byte[] path = path(key);
            Hash h = leafHash(key, value);
            int below = 256;
            for (Step s : steps) {
                if (s.bit() >= below) {
                    return false; // splits get shallower towards the root; anything else is forged
                }
                below = s.bit();
                h = bit(path, s.bit()) ? branchHash(s.bit(), s.sibling(), h) : branchHash(s.bit(), h, s.sibling());
            }
            return h.equals(root);
        }
    }

    // ------------------------------------------------------------------ the stored form

    /**
     * Writes the trie with every node's hash, in pre-order: a leaf as {@code 0, path, hash}, a
     * branch as {@code 1, bit, hash} followed by its left and right subtrees. Reading it back costs
     * no hashing, so a node's start need not rebuild the trie from the state.
     */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(size);
        if (root != null) {
            write(root, out);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. The shape is checked as it is read (every branch splits
     * its leaves on its bit, bits grow downwards, the leaf count is the one stored); the hashes are
     * taken as written: whoever reads a trie that it did not write itself checks its root.
     *
     * @throws IOException on a short, malformed or inconsistent stream
     */
    public static StateTrie readFrom(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative entry count " + n);
        }
        if (n == 0) {
            return EMPTY;
        }
        int[] leaves = {0};
        Node r = read(in, -1, leaves);
        if (leaves[0] != n) {
            throw new IOException("the trie holds " + leaves[0] + " leaves, its header says " + n);
        }
        return new StateTrie(r, n);
    }

    private static void write(Node n, DataOutputStream out) throws IOException {
        if (n instanceof Leaf l) {
            out.writeByte(LEAF);
            out.write(l.path);
            out.write(l.hash.bytes());
        } else {
            Branch b = (Branch) n;
            out.writeByte(BRANCH);
            out.writeByte(b.bit);
            out.write(b.hash().bytes());
            write(b.left, out);
            write(b.right, out);
        }
    }

    private static Node read(DataInputStream in, int parentBit, int[] leaves) throws IOException {
        int tag = in.readUnsignedByte();
        if (tag == LEAF) {
            byte[] path = new byte[Hash.LENGTH];
            in.readFully(path);
            leaves[0]++;
            return new Leaf(path, readHash(in));
        }
        if (tag != BRANCH) {
            throw new IOException("unknown node tag " + tag);
        }
        int bit = in.readUnsignedByte();
        if (bit <= parentBit) {
            throw new IOException("a branch on bit " + bit + " below one on bit " + parentBit);
        }
        Hash hash = readHash(in);
        Node left = read(in, bit, leaves);
        Node right = read(in, bit, leaves);
        if (firstDifference(left.anyPath(), right.anyPath()) != bit || bit(left.anyPath(), bit)) {
            throw new IOException("a branch on bit " + bit + " whose sides do not split on it");
        }
        Branch b = new Branch(bit, left, right);
        b.hash = hash;
        return b;
    }

    private static Hash readHash(DataInputStream in) throws IOException {
        byte[] h = new byte[Hash.LENGTH];
        in.readFully(h);
        return Hash.of(h);
    }

    // ------------------------------------------------------------------ nodes

    private sealed interface Node permits Leaf, Branch {
        Hash hash();

        /** The path of a leaf below: every leaf of a subtree shares its prefix above the split. */
        byte[] anyPath();
    }

    private record Leaf(byte[] path, Hash hash) implements Node {
        @Override
        public byte[] anyPath() {
            return path;
        }
    }

    private static final class Branch implements Node {
        final int bit;
        final Node left;
        final Node right;
        private Hash hash; // computed on first use: a benign race, always the same value

        Branch(int bit, Node left, Node right) {
            this.bit = bit;
            this.left = left;
            this.right = right;
        }

        @Override
        public Hash hash() {
            Hash h = hash;
            if (h == null) {
                h = branchHash(bit, left.hash(), right.hash());
                hash = h;
            }
            return h;
        }

        @Override
        public byte[] anyPath() {
            return left.anyPath();
        }
    }

    private static Node build(Leaf[] leaves, int from, int to) {
        if (to - from == 1) {
            return leaves[from];
        }
        int split = firstDifference(leaves[from].path, leaves[to - 1].path);
        int mid = from + 1;
        while (!bit(leaves[mid].path, split)) { // sorted: the zeros come first, and there is a one
            mid++;
        }
        return new Branch(split, build(leaves, from, mid), build(leaves, mid, to));
    }

    private static Leaf find(Node n, byte[] path) {
        while (n instanceof Branch b) {
            n = bit(path, b.bit) ? b.right : b.left;
        }
        Leaf l = (Leaf) n;
        return Arrays.equals(l.path, path) ? l : null;
    }

    private static Node insert(Node n, Leaf leaf) {
        if (n == null) {
            return leaf;
        }
        int d = firstDifference(leaf.path, n.anyPath());
        if (d < 0 && n instanceof Leaf) {
            return leaf; // the same key: the new value replaces the old
        }
        if (n instanceof Branch b && (d < 0 || d >= b.bit)) {
            // Within the subtree's common prefix: its split bit decides the side.
            return bit(leaf.path, b.bit)
                    ? new Branch(b.bit, b.left, insert(b.right, leaf))
                    : new Branch(b.bit, insert(b.left, leaf), b.right);
        }
        // The leaf leaves the subtree's common prefix above its split: a new branch on top.
        return bit(leaf.path, d) ? new Branch(d, n, leaf) : new Branch(d, leaf, n);
    }

    /** Removes the leaf at {@code path}, which is known to be there. */
    private static Node remove(Node n, byte[] path) {
        if (n instanceof Leaf) {
            return null;
        }
        Branch b = (Branch) n;
        if (bit(path, b.bit)) {
            Node r = remove(b.right, path);
            return r == null ? b.left : new Branch(b.bit, b.left, r);
        }
        Node l = remove(b.left, path);
        return l == null ? b.right : new Branch(b.bit, l, b.right);
    }

    // ------------------------------------------------------------------ hashing

    /** This is the hot path of every block's commitment: one digest per thread, no copies but the result. */
    static Hash leafHash(StateKey key, StateValue value) {
        byte[] k = key.encode();
        byte[] v = value.encode();
        MessageDigest md = SHA256.get();
        md.update(LEAF);
        md.update(new Encoder().u32(k.length).toBytes());
        md.update(k);
        md.update(v);
        return Hash.of(md.digest());
    }

    static Hash branchHash(int bit, Hash left, Hash right) {
        MessageDigest md = SHA256.get();
        md.update(BRANCH);
        md.update((byte) bit);
        left.updateDigest(md);
        right.updateDigest(md);
        return Hash.of(md.digest());
    }

    static byte[] path(StateKey key) {
        return SHA256.get().digest(key.encode());
    }

    private static Leaf leaf(StateKey key, StateValue value) {
        return leaf(path(key), key, value);
    }

    private static Leaf leaf(byte[] path, StateKey key, StateValue value) {
        return new Leaf(path, leafHash(key, value));
    }

    /** Bit {@code i} of a 256-bit path, most significant first. */
    static boolean bit(byte[] path, int i) {
        return (path[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }

    /** The first bit where two paths differ, or -1 when they are equal. */
    static int firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int x = (a[i] ^ b[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return -1;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
