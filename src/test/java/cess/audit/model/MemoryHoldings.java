package cess.audit.model;

import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Holdings in memory, with the fragments' bytes, for tests: the dense index the storage module
 * will keep (removal moves the last fragment into the hole), and the miner's disk for the
 * {@link Prover}. {@code maxChunks} is the largest fragment held now unless a bound is forced.
 */
final class MemoryHoldings implements Holdings, Prover.Blocks {
    private record Stored(Holding holding, byte[] bytes, byte[] blockNodes) {
    }

    private final Map<Address, List<Stored>> byMiner = new HashMap<>();
    private final Map<Hash, Stored> byRoot = new HashMap<>();
    private final Map<Address, Long> forcedMax = new HashMap<>();
    private int next;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Stores {@code bytes} as the next fragment of {@code miner}. */
    Holding add(Address miner, byte[] bytes) {
        ChunkTree.Hasher h = new ChunkTree.Hasher().update(bytes, 0, bytes.length);
        Hash root = h.finish();
        int n = next++;
        Holding holding = new Holding(Hash.sha256(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16)}), n / 12, n % 12,
                root, bytes.length);
        Stored s = new Stored(holding, bytes.clone(), h.blockNodes());
        byMiner.computeIfAbsent(miner, m -> new ArrayList<>()).add(s);
        byRoot.put(root, s);
        return holding;
    }

    /** Stores a random fragment of {@code length} bytes. */
    Holding addRandom(Address miner, int length, long seed) {
        return add(miner, random(length, seed));
    }

    /** Removes position {@code seq}: the last fragment takes its place, as a dense index does. */
    void remove(Address miner, long seq) {
        List<Stored> l = byMiner.get(miner);
        Stored last = l.remove(l.size() - 1);
        if (seq < l.size()) {
            l.set((int) seq, last);
        }
    }

    /** Flips one byte of the stored fragment at {@code seq} on the miner's "disk". */
    void corrupt(Address miner, long seq, int offset) {
        byMiner.get(miner).get((int) seq).bytes()[offset] ^= 0x5A;
    }

    /** Reports {@code bound} as the miner's largest fragment. */
    void forceMaxChunks(Address miner, long bound) {
        forcedMax.put(miner, bound);
    }

    @Override
    public long count(Address miner) {
        return byMiner.getOrDefault(miner, List.of()).size();
    }

    @Override
    public Holding at(Address miner, long seq) {
        List<Stored> l = byMiner.getOrDefault(miner, List.of());
        if (seq < 0 || seq >= l.size()) {
            throw new IllegalArgumentException("no fragment " + seq + " of " + miner);
        }
        return l.get((int) seq).holding();
    }

    @Override
    public long maxChunks(Address miner) {
        Long forced = forcedMax.get(miner);
        if (forced != null) {
            return forced;
        }
        return byMiner.getOrDefault(miner, List.of()).stream().mapToLong(s -> s.holding().chunks()).max().orElse(0);
    }

    @Override
    public byte[] block(Holding fragment, int block) {
        byte[] b = byRoot.get(fragment.root()).bytes();
        int from = block * ChunkTree.BLOCK_BYTES;
        return Arrays.copyOfRange(b, from, Math.min(b.length, from + ChunkTree.BLOCK_BYTES));
    }

    @Override
    public byte[] blockNodes(Holding fragment) {
        return byRoot.get(fragment.root()).blockNodes().clone();
    }
}
