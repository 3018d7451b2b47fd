package cess.storage.model;

import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The network's redundancy at a height: which segments are degraded (a restoral order is open for
 * at least one of their fragments, written or implied by an exiting or absent miner), by how
 * much, and how fast repair goes (orders completed over the last blocks, from the
 * {@link RestoralTally}). What the console's dashboard and {@code GET /api/storage/redundancy}
 * show. A pure function of the orders, the layouts and the tally. Immutable.
 *
 * @param height            the state's height
 * @param degradedSegments  segments missing at least one fragment
 * @param levels            the degraded segments by fragments missing, fewest parity left first
 * @param atRisk            segments with no parity left: one more loss and they cannot be read
 * @param unrecoverable     segments with fewer than k fragments left (lost until a miner comes back)
 * @param openOrders        restoral orders open (written and implied), one per missing fragment
 * @param claimedOrders     of which a miner holds the claim now
 * @param impliedOrders     of which are implied by an exiting or absent miner, not yet written
 * @param windowBlocks      the blocks the repair rate is counted over
 * @param completedInWindow orders completed in those blocks
 * @param completedTotal    orders completed since the genesis
 * @param partial           whether only part of the orders could be read (the counts are then at least these)
 */
public record Redundancy(long height, long degradedSegments, List<Level> levels, long atRisk, long unrecoverable,
                         long openOrders, long claimedOrders, long impliedOrders, long windowBlocks, long completedInWindow,
                         long completedTotal, boolean partial) {
    /**
     * How many segments miss {@code missing} of their fragments with {@code parityLeft} parity
     * left (the file's m minus what is missing; 0 at risk, negative unrecoverable).
     */
    public record Level(int missing, int parityLeft, long segments) {
    }

    public Redundancy {
        levels = List.copyOf(levels);
    }

    /**
     * Computes the view.
     *
     * @param written     the orders written in the state
     * @param implied     the orders implied by exiting or absent miners' holdings that have none written
     * @param layouts     each file's layout (a file no longer there is skipped)
     * @param tally       the completions
     * @param windowBlocks the repair rate's window, 1..{@link RestoralTally#WINDOW_BLOCKS}
     */
    public static Redundancy of(long height, List<RestoralOrder> written, List<RestoralOrder> implied,
                                Function<Hash, Optional<FileLayout>> layouts, RestoralTally tally, long windowBlocks,
                                boolean partial) {
        if (windowBlocks < 1 || windowBlocks > RestoralTally.WINDOW_BLOCKS) {
            throw new IllegalArgumentException("the repair rate is counted over 1.." + RestoralTally.WINDOW_BLOCKS
                    + " blocks, not " + windowBlocks);
        }
        Map<String, Set<Integer>> missing = new HashMap<>();
        Map<String, Integer> parity = new HashMap<>();
        Set<String> counted = new HashSet<>();
        long open = 0;
        long claimed = 0;
        long impliedCount = 0;
        List<RestoralOrder> all = new ArrayList<>(written);
        all.addAll(implied);
        for (int i = 0; i < all.size(); i++) {
            RestoralOrder o = all.get(i);
            if (!counted.add(o.key().id())) {
                continue; // an implied order that is written as well counts once
            }
            Optional<FileLayout> l = layouts.apply(o.fid());
            if (l.isEmpty() || o.segment() >= l.get().segments().size()) {
                continue;
            }
            String seg = o.fid().hex() + ":" + o.segment();
            missing.computeIfAbsent(seg, x -> new HashSet<>()).add(o.fragment());
            parity.put(seg, l.get().m());
            open++;
            claimed += o.claimAt(height).isPresent() ? 1 : 0;
            impliedCount += i >= written.size() ? 1 : 0;
        }
        TreeMap<List<Integer>, Long> byLevel = new TreeMap<>(Comparator.<List<Integer>>comparingInt(k -> k.get(1))
                .thenComparingInt(k -> k.get(0)));
        long atRisk = 0;
        long unrecoverable = 0;
        for (Map.Entry<String, Set<Integer>> e : missing.entrySet()) {
            int n = e.getValue().size();
            int left = parity.get(e.getKey()) - n;
            byLevel.merge(List.of(n, left), 1L, Long::sum);
            atRisk += left == 0 ? 1 : 0;
            unrecoverable += left < 0 ? 1 : 0;
        }
        List<Level> levels = new ArrayList<>();
        byLevel.forEach((k, v) -> levels.add(new Level(k.get(0), k.get(1), v)));
        return new Redundancy(height, missing.size(), levels, atRisk, unrecoverable, open, claimed, impliedCount, windowBlocks,
                tally.completedWithin(height, windowBlocks), tally.completed(), partial);
    }

    /**
     * At the window's rate, the blocks until every open order is completed (rounded up), if any
     * order was completed in the window; none when nothing is open or nothing was repaired.
     */
    public OptionalLong blocksToRepairAll() {
        if (openOrders == 0) {
            return OptionalLong.of(0);
        }
        if (completedInWindow == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((openOrders * windowBlocks + completedInWindow - 1) / completedInWindow);
    }
}
