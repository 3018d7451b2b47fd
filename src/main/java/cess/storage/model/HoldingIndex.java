package cess.storage.model;

import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateView;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.Optional;

/**
 * Each miner's holdings as a dense index: positions 0..count-1 ({@link Holding}), a reverse
 * entry per fragment ({@link HoldingSlot}) and the count ({@link HoldingTally}). Dense, so that
 * a storage challenge draws a position uniformly with one lookup and no scan; a release moves the
 * last holding into the freed position (swap-remove), so that adding and removing cost a few
 * entries whatever the miner holds. Maintained by the file deal rules ({@link ObjectRules});
 * read by the storage proofs through the runtime. Pure and stateless.
 */
public final class HoldingIndex {
    private HoldingIndex() {
    }

    /** How many holdings {@code miner} has, and the longest fragment it ever held. */
    public static HoldingTally tally(StateView s, Address miner) {
        return s.find(HoldingTally.key(miner), HoldingTally.class).orElse(HoldingTally.NONE);
    }

    /** The holding at {@code seq}, if {@code seq} is below the miner's count. */
    public static Optional<Holding> at(StateView s, Address miner, long seq) {
        return s.find(Holding.key(miner, seq), Holding.class);
    }

    /** Appends {@code h} to {@code miner}'s index. */
    static void add(StateOverlay s, Address miner, Holding h) {
        HoldingTally t = tally(s, miner);
        s.put(Holding.key(miner, t.count()), h);
        s.put(HoldingSlot.key(miner, h.fid(), h.segment(), h.fragment()), new HoldingSlot(t.count()));
        s.put(HoldingTally.key(miner), new HoldingTally(t.count() + 1, Math.max(t.maxLength(), h.length())));
    }

    /**
     * Removes fragment {@code fragment} of segment {@code segment} of {@code fid} from
     * {@code miner}'s index, moving the last holding into its position; nothing if it is not there.
     */
    static void remove(StateOverlay s, Address miner, Hash fid, int segment, int fragment) {
        Optional<HoldingSlot> slot = s.find(HoldingSlot.key(miner, fid, segment, fragment), HoldingSlot.class);
        if (slot.isEmpty()) {
            return;
        }
        HoldingTally t = tally(s, miner);
        long last = t.count() - 1;
        long seq = slot.get().seq();
        s.remove(HoldingSlot.key(miner, fid, segment, fragment));
        if (seq != last) {
            Holding moved = at(s, miner, last).orElseThrow(
                    () -> new IllegalStateException("miner " + miner + "'s holdings index has no position " + last));
            s.put(Holding.key(miner, seq), moved);
            s.put(HoldingSlot.key(miner, moved.fid(), moved.segment(), moved.fragment()), new HoldingSlot(seq));
        }
        s.remove(Holding.key(miner, last));
        if (last == 0) {
            s.remove(HoldingTally.key(miner));
        } else {
            s.put(HoldingTally.key(miner), new HoldingTally(last, t.maxLength()));
        }
    }

    /** Adds every fragment of a new file's layout to its miner's index. */
    static void addFile(StateOverlay s, Hash fid, FileLayout layout) {
        for (int i = 0; i < layout.segments().size(); i++) {
            Segment seg = layout.segments().get(i);
            for (int j = 0; j < seg.fragments().size(); j++) {
                Fragment f = seg.fragments().get(j);
                add(s, f.miner(), new Holding(fid, i, j, f.hash(), layout.fragmentSize(seg)));
            }
        }
    }

    /** Removes every fragment of a released file from its miner's index. */
    static void removeFile(StateOverlay s, Hash fid, FileLayout layout) {
        for (int i = 0; i < layout.segments().size(); i++) {
            Segment seg = layout.segments().get(i);
            for (int j = 0; j < seg.fragments().size(); j++) {
                remove(s, seg.fragments().get(j).miner(), fid, i, j);
            }
        }
    }
}
