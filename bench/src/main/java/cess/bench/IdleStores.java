package cess.bench;

import cess.audit.model.idle.FillerCommitment;
import cess.audit.model.idle.FillerIndex;
import cess.audit.model.idle.FillerLabels;
import cess.audit.model.idle.FillerStore;
import cess.audit.model.idle.IdleParams;
import cess.shared.Address;
import cess.shared.Hash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The filler stores {@link IdleSpaceBench} proves from: an honest miner's files (through the page
 * cache, or with O_DIRECT so that every read reaches the device), and three cheaters that kept less
 * and regenerate on demand what a proof reads. Each counts the labels it had to recompute and the
 * depth of that recomputation (the longest chain of labels that depend on each other, which no
 * number of cores shortens).
 */
final class IdleStores {
    private IdleStores() {
    }

    static Path labelsFile(Path dir, long unit) {
        return dir.resolve("unit-" + unit + ".labels");
    }

    static Path indexFile(Path dir, long unit) {
        return dir.resolve("unit-" + unit + ".index");
    }

    /** The honest miner: a unit's labels and its index in two files, read with positional reads. */
    static final class MinerFiles implements FillerStore, AutoCloseable {
        private final Path dir;
        private final boolean direct;
        private final Map<Long, FileChannel[]> open = new HashMap<>();
        private final ByteBuffer page;
        private final int align;

        MinerFiles(Path dir, boolean direct) throws IOException {
            this.dir = dir;
            this.direct = direct;
            this.align = direct ? (int) Files.getFileStore(dir).getBlockSize() : 1;
            this.page = direct ? ByteBuffer.allocateDirect(2 * Math.max(align, FillerCommitment.BLOCK_BYTES)).alignedSlice(align)
                    : ByteBuffer.allocate(FillerCommitment.BLOCK_BYTES);
        }

        private FileChannel[] channels(long unit) throws IOException {
            FileChannel[] c = open.get(unit);
            if (c == null) {
                c = new FileChannel[] {open(labelsFile(dir, unit)), open(indexFile(dir, unit))};
                open.put(unit, c);
            }
            return c;
        }

        private FileChannel open(Path p) throws IOException {
            return direct ? FileChannel.open(p, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT)
                    : FileChannel.open(p, StandardOpenOption.READ);
        }

        private byte[] read(FileChannel c, long pos, int len) throws IOException {
            long from = pos / align * align;
            int span = (int) (((pos + len - from) + align - 1) / align * align);
            page.clear().limit(span);
            int got = c.read(page, from); // one read: O_DIRECT reads whole aligned pages, short only at the end of the file
            if (got < pos - from + len) {
                throw new IOException("short read at " + pos + " of " + len + " bytes");
            }
            page.flip();
            byte[] out = new byte[len];
            page.get((int) (pos - from), out);
            return out;
        }

        @Override
        public byte[] block(long unit, int block) throws IOException {
            return read(channels(unit)[0], (long) block * FillerCommitment.BLOCK_BYTES, FillerCommitment.BLOCK_BYTES);
        }

        @Override
        public byte[] indexPage(long unit, int page) throws IOException {
            return read(channels(unit)[1], (long) page * FillerIndex.PAGE_BYTES, FillerIndex.PAGE_BYTES);
        }

        @Override
        public void close() throws IOException {
            for (FileChannel[] c : open.values()) {
                c[0].close();
                c[1].close();
            }
        }
    }

    /**
     * A cheater that regenerates. {@code keepEvery = 0}: it kept only the roots, so it refills each
     * unit it is asked about whole (labels and index; the index needs every label). Otherwise it kept
     * the index and every {@code keepEvery}-th label ({@link #INDEX_ONLY}: the index alone) and
     * recomputes only what a requested block needs, memoised. The same cost is paid by a cheater
     * that committed cheap wrong labels at those positions instead of keeping them: it stores nothing
     * but fails any challenge that samples one. Call {@link #prepare} before timing (it loads what
     * the cheater kept), {@link #newRound} at each round to measure that round's critical path.
     */
    static final class Cheater implements FillerStore {
        static final int ROOTS_ONLY = 0;
        static final int INDEX_ONLY = Integer.MAX_VALUE;
        private final IdleParams params;
        private final Path dir;
        private final Hash network;
        private final Address miner;
        private final int keepEvery;
        private final FillerLabels labels;
        private final int[] parents;
        private final Map<Long, Unit> units = new HashMap<>();
        /** Labels recomputed so far. */
        long recomputed;
        /** The longest chain of labels recomputed since the round began, each waiting for the one before. */
        int depth;

        Cheater(IdleParams params, Path dir, Hash network, Address miner, int keepEvery) {
            this.params = params;
            this.dir = dir;
            this.network = network;
            this.miner = miner;
            this.keepEvery = keepEvery;
            this.labels = new FillerLabels(params);
            this.parents = new int[params.parents()];
        }

        /** Loads what the cheater kept of units {@code 0 .. count − 1} (not part of its cost). */
        void prepare(long count) throws IOException {
            for (long u = 0; u < count; u++) {
                Unit unit = new Unit(u);
                if (keepEvery != ROOTS_ONLY) {
                    unit.index = Files.readAllBytes(indexFile(dir, u));
                    if (keepEvery != INDEX_ONLY) {
                        byte[] kept = Files.readAllBytes(labelsFile(dir, u)); // stands for the labels it kept
                        for (int i = 0; i < params.labels(); i += keepEvery) {
                            System.arraycopy(kept, i * 32, unit.values, i * 32, 32);
                            unit.known.set(i);
                        }
                    }
                }
                units.put(u, unit);
            }
        }

        void newRound() {
            depth = 0;
            for (Unit u : units.values()) {
                Arrays.fill(u.depthOf, 0);
            }
        }

        /** What the cheater holds of one unit: the labels known so far, their depth this round, the index. */
        private final class Unit {
            final Hash seed;
            final byte[] values = new byte[params.unitBytes()];
            final BitSet known = new BitSet(params.labels());
            final int[] depthOf = new int[params.labels()];
            byte[] index;

            Unit(long u) {
                seed = FillerLabels.unitSeed(network, miner, u);
            }

            /** Refills the whole unit, as a cheater that kept only the roots must before it can open anything. */
            void refill() {
                labels.fill(seed, values);
                index = FillerIndex.build(values).pages();
                known.set(0, params.labels());
                recomputed += params.labels();
                depth = Math.max(depth, params.labels());
            }

            /**
             * Computes the labels {@code first .. last} and whatever they need that is not known yet:
             * a backward sweep marks what is needed (the dependencies are all earlier), a forward
             * sweep computes it. This is the cheater's inner loop; it derives each needed label's
             * parents twice (about 20 % more hashing than a cheater with memory to spare for them;
             * the report also gives the cost at the filler's rate).
             */
            void need(int first, int last) {
                BitSet needed = new BitSet();
                needed.set(first, last + 1);
                needed.andNot(known);
                labels.startUnit(seed);
                for (int x = needed.previousSetBit(last); x >= 0; x = needed.previousSetBit(x - 1)) {
                    if (x > 0 && !known.get(x - 1)) {
                        needed.set(x - 1);
                    }
                    if (x >= 2) {
                        labels.parentsInto(x, parents);
                        for (int p : parents) {
                            if (!known.get(p)) {
                                needed.set(p);
                            }
                        }
                    }
                }
                for (int x = needed.nextSetBit(0); x >= 0; x = needed.nextSetBit(x + 1)) {
                    int d = x > 0 ? depthOf[x - 1] : 0;
                    if (x >= 2) {
                        labels.parentsInto(x, parents);
                        for (int p : parents) {
                            d = Math.max(d, depthOf[p]);
                        }
                    }
                    labels.computeInto(values, x, parents, values);
                    known.set(x);
                    depthOf[x] = d + 1;
                    depth = Math.max(depth, d + 1);
                    recomputed++;
                }
            }
        }

        private Unit unit(long u) {
            Unit unit = units.get(u);
            if (unit == null) {
                throw new IllegalStateException("unit " + u + " was not prepared");
            }
            if (keepEvery == ROOTS_ONLY && unit.index == null) {
                unit.refill();
            }
            return unit;
        }

        @Override
        public byte[] block(long unit, int block) {
            Unit u = unit(unit);
            int first = block * FillerCommitment.BLOCK_LABELS;
            u.need(first, first + FillerCommitment.BLOCK_LABELS - 1);
            return Arrays.copyOfRange(u.values, first * 32, (first + FillerCommitment.BLOCK_LABELS) * 32);
        }

        @Override
        public byte[] indexPage(long unit, int page) {
            return Arrays.copyOfRange(unit(unit).index, page * FillerIndex.PAGE_BYTES, (page + 1) * FillerIndex.PAGE_BYTES);
        }
    }
}
