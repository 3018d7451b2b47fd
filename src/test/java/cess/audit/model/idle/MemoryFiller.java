package cess.audit.model.idle;

import cess.shared.Address;
import cess.shared.Hash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A miner's filler held in memory, for tests: the labels of each unit, its index and its root. */
public final class MemoryFiller implements FillerStore {
    final Map<Long, byte[]> labels = new HashMap<>();
    final Map<Long, FillerIndex.Built> indexes = new HashMap<>();

    /** Honest filler: units {@code 0 .. units − 1} of {@code miner} on {@code network}. */
    public static MemoryFiller honest(IdleParams p, Hash network, Address miner, int units) {
        MemoryFiller f = new MemoryFiller();
        FillerLabels fl = new FillerLabels(p);
        for (long u = 0; u < units; u++) {
            byte[] l = new byte[p.unitBytes()];
            fl.fill(FillerLabels.unitSeed(network, miner, u), l);
            f.put(u, l);
        }
        return f;
    }

    /** Stores {@code unitLabels} as unit {@code unit} and commits to them. */
    public void put(long unit, byte[] unitLabels) {
        labels.put(unit, unitLabels);
        indexes.put(unit, FillerIndex.build(unitLabels));
    }

    public Hash root(long unit) {
        FillerIndex.Built i = indexes.get(unit);
        return i == null ? null : i.root();
    }

    @Override
    public byte[] block(long unit, int block) {
        int from = block * FillerCommitment.BLOCK_BYTES;
        return Arrays.copyOfRange(labels.get(unit), from, from + FillerCommitment.BLOCK_BYTES);
    }

    @Override
    public byte[] indexPage(long unit, int page) {
        byte[] pages = indexes.get(unit).pages();
        return Arrays.copyOfRange(pages, page * FillerIndex.PAGE_BYTES, (page + 1) * FillerIndex.PAGE_BYTES);
    }
}
