package cess.audit.model;

import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a miner's answer to a challenge from the sampled blocks alone: for each sample it reads
 * the chunk's 64 KiB block and the fragment's block nodes (32 bytes per block) through a
 * {@link Blocks}, however large the fragment, and lets {@link ChunkTree#path} rebuild the path.
 * Pure: the reading is the caller's (the node's control service over its fragment store; a map
 * in tests). Stateless; thread-safe if the {@link Blocks} is.
 */
public final class Prover {
    /** What a void sample's entry carries: one zero byte, which the verifier does not look at. */
    static final byte[] VOID_CHUNK = new byte[1];

    private Prover() {
    }

    /** Where the prover reads a held fragment's bytes. */
    public interface Blocks {
        /** All of block {@code block} of the fragment ({@value ChunkTree#BLOCK_BYTES} bytes, the last block what is left). */
        byte[] block(Holding fragment, int block);

        /** The fragment's block nodes as {@link ChunkTree.Hasher#blockNodes()} gave them when it was stored. */
        byte[] blockNodes(Holding fragment);
    }

    /**
     * The proof of {@code challenge} over {@code holdings} as they stand now (void samples, whose
     * fragment is no longer at its position, get a placeholder).
     *
     * @throws IllegalStateException naming the fragment and block if the bytes read do not hash to
     *     the kept block nodes or the nodes not to the root: the data is lost or corrupt, and no
     *     proof can pass
     */
    public static ServiceProof prove(Challenge challenge, Holdings holdings, Blocks blocks) {
        Map<Hash, byte[]> nodes = new HashMap<>();
        List<ServiceProof.Entry> entries = new ArrayList<>(challenge.samples().size());
        long count = holdings.count(challenge.miner());
        for (Sample s : challenge.samples()) {
            Holding h = s.seq() < count ? holdings.at(challenge.miner(), s.seq()) : null;
            if (h == null || !h.root().equals(s.root()) || s.chunk() >= h.chunks()) {
                entries.add(new ServiceProof.Entry(s.seq(), s.chunk(), VOID_CHUNK, List.of()));
                continue;
            }
            entries.add(entry(h, s, blocks, nodes));
        }
        return new ServiceProof(challenge.id(), entries);
    }

    /**
     * A miner's answer, honest also about what it lost.
     *
     * @param proof the proof, with a placeholder of the right shape for each lost sample
     * @param lost  the indexes of the samples whose bytes could not be read or no longer match
     * @param why   what went wrong with the first lost sample (empty when none was lost)
     */
    public record Answer(ServiceProof proof, List<Integer> lost, String why) {
    }

    /**
     * Like {@link #prove}, but a sample whose bytes cannot be read or no longer match (the
     * {@link Blocks} throws, or the bytes do not hash to the kept nodes) gets a placeholder of the
     * right shape (a zero chunk of its length, a path of zero hashes of its length), which fails
     * verification: the miner tells the chain at once which fragments it lost, so that the proof
     * fails and repair learns of them, instead of staying silent until its deadline.
     */
    public static Answer answer(Challenge challenge, Holdings holdings, Blocks blocks) {
        Map<Hash, byte[]> nodes = new HashMap<>();
        List<ServiceProof.Entry> entries = new ArrayList<>(challenge.samples().size());
        List<Integer> lost = new ArrayList<>();
        String why = "";
        long count = holdings.count(challenge.miner());
        for (int i = 0; i < challenge.samples().size(); i++) {
            Sample s = challenge.samples().get(i);
            Holding h = s.seq() < count ? holdings.at(challenge.miner(), s.seq()) : null;
            if (h == null || !h.root().equals(s.root()) || s.chunk() >= h.chunks()) {
                entries.add(new ServiceProof.Entry(s.seq(), s.chunk(), VOID_CHUNK, List.of()));
                continue;
            }
            try {
                entries.add(entry(h, s, blocks, nodes));
            } catch (RuntimeException e) {
                if (lost.isEmpty()) {
                    why = describe(h) + ": " + e.getMessage();
                }
                lost.add(i);
                List<Hash> zeros = java.util.Collections.nCopies(ProofCheck.pathLength(h.length(), s.chunk()), Hash.ZERO);
                entries.add(new ServiceProof.Entry(s.seq(), s.chunk(), new byte[ChunkTree.chunkLength(h.length(), s.chunk())],
                        zeros));
            }
        }
        return new Answer(new ServiceProof(challenge.id(), entries), lost, why);
    }

    private static ServiceProof.Entry entry(Holding h, Sample s, Blocks blocks, Map<Hash, byte[]> nodes) {
        byte[] kept = nodes.computeIfAbsent(h.root(), r -> checkedNodes(h, blocks.blockNodes(h)));
        int b = (int) (s.chunk() / ChunkTree.BLOCK_CHUNKS);
        byte[] block = blocks.block(h, b);
        List<Hash> path;
        try {
            path = ChunkTree.path(h.length(), s.chunk(), block, block.length, kept);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(describe(h) + ", block " + b + ": " + e.getMessage(), e);
        }
        int from = (int) (s.chunk() % ChunkTree.BLOCK_CHUNKS) * ChunkTree.CHUNK;
        byte[] chunk = Arrays.copyOfRange(block, from, from + ChunkTree.chunkLength(h.length(), s.chunk()));
        return new ServiceProof.Entry(s.seq(), s.chunk(), chunk, path);
    }

    private static byte[] checkedNodes(Holding h, byte[] nodes) {
        int n = ChunkTree.blocks(h.length());
        if (nodes.length != n * Hash.LENGTH || !ChunkTree.rootOfBlocks(nodes, n).equals(h.root())) {
            throw new IllegalStateException(describe(h) + ": its kept block nodes do not give its root");
        }
        return nodes;
    }

    private static String describe(Holding h) {
        return "fragment " + h.fragment() + " of segment " + h.segment() + " of file " + h.fid();
    }
}
