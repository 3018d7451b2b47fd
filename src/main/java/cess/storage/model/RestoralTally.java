package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The restoral orders completed: in all, and per block over the last {@value #WINDOW_BLOCKS}
 * blocks, so that anyone reading the state computes the repair rate over any shorter window
 * ({@link Redundancy}). One entry for the whole chain, rewritten by each completion, which drops
 * the blocks that fell out of the window: at most {@value #WINDOW_BLOCKS} pairs, 16 KB.
 * Immutable.
 *
 * @param completed every order completed since the genesis
 * @param recent    (height, orders completed in that block), oldest first, heights increasing
 */
public record RestoralTally(long completed, List<Block> recent) implements StateValue {
    /** How far back the per-block counts go. */
    public static final int WINDOW_BLOCKS = 1_000;
    public static final RestoralTally NONE = new RestoralTally(0, List.of());
    public static final StateKey KEY = new StateKey(Storage.RESTORAL_TALLY, "completed");

    /** Orders completed in one block. */
    public record Block(long height, long count) {
        public Block {
            if (height < 0 || count < 1) {
                throw new IllegalArgumentException("a tally block has a height and at least one completion");
            }
        }
    }

    public RestoralTally {
        if (completed < 0 || recent == null || recent.size() > WINDOW_BLOCKS) {
            throw new IllegalArgumentException("a restoral tally counts from zero and keeps at most " + WINDOW_BLOCKS + " blocks");
        }
        recent = List.copyOf(recent);
        for (int i = 1; i < recent.size(); i++) {
            if (recent.get(i).height() <= recent.get(i - 1).height()) {
                throw new IllegalArgumentException("a restoral tally's blocks increase");
            }
        }
    }

    /** This tally with one more order completed at {@code height} (the chain's head: never below the last). */
    public RestoralTally plusOne(long height) {
        List<Block> out = new ArrayList<>();
        for (Block b : recent) {
            if (b.height() > height - WINDOW_BLOCKS && b.height() < height) {
                out.add(b);
            }
        }
        long here = recent.isEmpty() || recent.get(recent.size() - 1).height() != height ? 0
                : recent.get(recent.size() - 1).count();
        out.add(new Block(height, here + 1));
        return new RestoralTally(completed + 1, out);
    }

    /** Orders completed in the {@code blocks} blocks up to and including {@code height} (at most the window). */
    public long completedWithin(long height, long blocks) {
        long from = height - Math.min(blocks, WINDOW_BLOCKS) + 1;
        return recent.stream().filter(b -> b.height() >= from && b.height() <= height).mapToLong(Block::count).sum();
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u64(completed).u32(recent.size());
        recent.forEach(b -> e.u64(b.height()).u64(b.count()));
        return e.toBytes();
    }

    public static RestoralTally decode(Decoder d) {
        long completed = d.u64();
        long n = d.u32();
        if (n > WINDOW_BLOCKS) {
            throw new IllegalArgumentException("a restoral tally keeps at most " + WINDOW_BLOCKS + " blocks, got " + n);
        }
        List<Block> recent = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            recent.add(new Block(d.u64(), d.u64()));
        }
        return new RestoralTally(completed, recent);
    }
}
