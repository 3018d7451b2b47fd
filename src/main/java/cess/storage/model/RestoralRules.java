package cess.storage.model;

import static cess.storage.model.RuleSupport.refuse;

import cess.ledger.model.Currency;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateView;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.Optional;

/**
 * The life of a restoral order (issue #21): opened when a fragment is known lost, claimed by a
 * positive miner that holds no other fragment of the segment, completed by that miner with the
 * rebuilt fragment's commitment, which moves the fragment to it in the file's layout and its
 * holdings. A rebuilt fragment is byte for byte the lost one (Reed-Solomon is deterministic), so
 * its commitment is the one the layout already holds, and the chain needs no new data to check
 * it: a completion with any other root is refused. Whether the new miner really stores it is
 * what its storage proofs check from then on.
 *
 * <p>The fragments of an exiting miner, or of one presumed to have lost its data after
 * {@link RestoralParams#missesBeforeRepair} missed challenges in a row ({@link MinerAbsence}),
 * need no order written in advance (a miner may hold millions): a claim on such a fragment opens
 * the order it claims. A miner presumed lost that passes a proof again lifts the presumption:
 * the orders nobody claimed lapse, claimed ones stand. Pure and
 * stateless; every refusal changes nothing (the caller discards the overlay).
 */
public final class RestoralRules {
    private RestoralRules() {
    }

    /**
     * Opens an order for fragment {@code fragment} of segment {@code segment} of {@code fid}, lost
     * from {@code lost}. Nothing happens (false) when the file is gone, the position does not
     * exist, the fragment is no longer on {@code lost} (it was moved already), or an order is
     * already open for it (the first reason stays).
     */
    public static boolean open(StateOverlay s, Hash fid, int segment, int fragment, Address lost,
                               RestoralOrder.Reason reason, long height) {
        Optional<Fragment> f = fragmentAt(s, fid, segment, fragment);
        if (f.isEmpty() || !f.get().miner().equals(lost) || s.get(RestoralOrder.key(fid, segment, fragment)) != null) {
            return false;
        }
        s.put(RestoralOrder.key(fid, segment, fragment), RestoralOrder.open(fid, segment, fragment, lost, reason, height));
        return true;
    }

    /**
     * The order for a fragment, or the one implied by its miner's exit or presumed loss
     * ({@link MinerAbsence}), if the fragment is lost or leaving. An implied order is made up
     * here, never written, until a claim writes it.
     */
    public static Optional<RestoralOrder> orderFor(StateView s, Hash fid, int segment, int fragment, long height) {
        Optional<RestoralOrder> o = s.find(RestoralOrder.key(fid, segment, fragment), RestoralOrder.class);
        if (o.isPresent()) {
            return o;
        }
        return fragmentAt(s, fid, segment, fragment).flatMap(f -> implied(s, f.miner(), height)
                .map(why -> RestoralOrder.open(fid, segment, fragment, f.miner(), why,
                        why == RestoralOrder.Reason.MISSED_CHALLENGES
                                ? s.find(MinerAbsence.key(f.miner()), MinerAbsence.class).orElseThrow().presumedHeight()
                                : height)));
    }

    /**
     * Why every fragment {@code miner} holds implies an order, if it does: it is exiting, or it is
     * presumed to have lost its data ({@link MinerAbsence}).
     */
    public static Optional<RestoralOrder.Reason> implied(StateView s, Address miner, long height) {
        if (s.find(Miner.key(miner), Miner.class).map(m -> m.state() == Miner.State.EXITING).orElse(false)) {
            return Optional.of(RestoralOrder.Reason.MINER_EXITING);
        }
        return presumedLost(s, miner) ? Optional.of(RestoralOrder.Reason.MISSED_CHALLENGES) : Optional.empty();
    }

    /** Whether {@code miner} missed enough service challenges in a row that its data is presumed lost. */
    public static boolean presumedLost(StateView s, Address miner) {
        return s.find(MinerAbsence.key(miner), MinerAbsence.class).map(MinerAbsence::presumed).orElse(false);
    }

    /**
     * The audit saw {@code miner} miss a service challenge's deadline at {@code height}: the run
     * grows, and from {@link RestoralParams#missesBeforeRepair} misses in a row its data is
     * presumed lost (one {@link MinerAbsence} entry; the block that made the run long enough
     * stays its start).
     */
    public static void missed(StateOverlay s, Address miner, long height, RestoralParams p) {
        if (s.get(Miner.key(miner)) == null) {
            return;
        }
        Optional<MinerAbsence> run = s.find(MinerAbsence.key(miner), MinerAbsence.class);
        s.put(MinerAbsence.key(miner), run.map(r -> r.plusMiss(height, p.missesBeforeRepair()))
                .orElseGet(() -> MinerAbsence.first(height, p.missesBeforeRepair())));
    }

    /**
     * {@code miner} passed a service proof: its run of misses ends, and a presumed loss is lifted. Orders it implied and nobody
     * claimed lapse (they were never written); written ones (claimed, or opened by a failed proof
     * or a corrupt read) stand.
     */
    public static void answered(StateOverlay s, Address miner) {
        if (s.get(MinerAbsence.key(miner)) != null) {
            s.remove(MinerAbsence.key(miner));
        }
    }

    /** {@code sender} takes the order for {@code claimBlocks} blocks. */
    public static Optional<TxRejection> claim(StateOverlay s, Address sender, Hash fid, int segment, int fragment,
                                              long height, RestoralParams p) {
        Optional<FileRecord> file = s.find(FileRecord.key(fid), FileRecord.class);
        Optional<TxRejection> where = position(file, fid, segment, fragment);
        if (where.isPresent()) {
            return where;
        }
        Optional<RestoralOrder> order = orderFor(s, fid, segment, fragment, height);
        if (order.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "fragment " + fragment + " of segment " + segment + " of file " + fid
                    + " is not lost: it has no restoral order");
        }
        Optional<RestoralOrder.Claim> held = order.get().claimAt(height);
        if (held.isPresent()) {
            return held.get().claimant().equals(sender)
                    ? refuse(TxError.ALREADY_EXISTS, sender + " already claimed this order, until block " + held.get().deadlineHeight())
                    : refuse(TxError.ALREADY_EXISTS, "the order is claimed by " + held.get().claimant() + " until block "
                            + held.get().deadlineHeight());
        }
        FileLayout layout = file.orElseThrow().layout();
        Optional<TxRejection> fit = fits(s, sender, layout, segment);
        if (fit.isPresent()) {
            return fit;
        }
        s.put(order.get().key(), order.get().claimedBy(sender, height + p.claimBlocks()));
        return Optional.empty();
    }

    /**
     * The claimant reports the fragment rebuilt and stored, with its commitment: checked against
     * the layout's, then the fragment moves to the claimant (layout, holdings, used space), the
     * order closes and the storage pool pays the reward if it holds it.
     */
    public static Optional<TxRejection> complete(StateOverlay s, Currency cur, Address sender, Hash fid, int segment,
                                                 int fragment, Hash root, long height, RestoralParams p) {
        Optional<RestoralOrder> order = s.find(RestoralOrder.key(fid, segment, fragment), RestoralOrder.class);
        if (order.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no restoral order for fragment " + fragment + " of segment " + segment
                    + " of file " + fid);
        }
        Optional<RestoralOrder.Claim> held = order.get().claimAt(height);
        if (held.isEmpty() || !held.get().claimant().equals(sender)) {
            return order.get().claim().filter(c -> c.claimant().equals(sender)).isPresent()
                    ? refuse(TxError.DEADLINE_PASSED, "the claim of " + sender + " ended at block "
                            + order.get().claim().get().deadlineHeight() + "; claim the order again")
                    : refuse(TxError.FORBIDDEN, sender + " does not hold the claim on this order");
        }
        FileRecord file = s.find(FileRecord.key(fid), FileRecord.class).orElseThrow(
                () -> new IllegalStateException("an order outlived its file " + fid));
        FileLayout layout = file.layout();
        Segment seg = layout.segments().get(segment);
        Fragment lostFragment = seg.fragments().get(fragment);
        if (!lostFragment.hash().equals(root)) {
            return refuse(TxError.INVALID_ARGUMENT, "the rebuilt fragment's commitment " + root + " is not the file's "
                    + lostFragment.hash() + ": a rebuilt fragment is the lost one byte for byte");
        }
        Optional<TxRejection> fit = fits(s, sender, layout, segment);
        if (fit.isPresent()) {
            return fit;
        }
        long size = layout.fragmentSize(seg);
        Address from = lostFragment.miner();
        s.put(FileRecord.key(fid), file.withLayout(layout.withMiner(segment, fragment, sender)));
        HoldingIndex.remove(s, from, fid, segment, fragment);
        HoldingIndex.add(s, sender, new Holding(fid, segment, fragment, root, size));
        s.find(Miner.key(from), Miner.class).ifPresent(m -> s.put(Miner.key(from), m.withUsed(Math.max(0, m.usedBytes() - size))));
        Miner to = s.find(Miner.key(sender), Miner.class).orElseThrow();
        s.put(Miner.key(sender), to.withUsed(to.usedBytes() + size));
        s.remove(order.get().key());
        s.put(RestoralTally.KEY, s.find(RestoralTally.KEY, RestoralTally.class).orElse(RestoralTally.NONE).plusOne(height));
        if (!p.reward().isZero() && cur.free(StorageParams.STORAGE_POOL).compareTo(p.reward()) >= 0) {
            cur.transfer(StorageParams.STORAGE_POOL, sender, p.reward());
        }
        return Optional.empty();
    }

    /** Closes every order of a file that is being deleted: nothing is left to rebuild. */
    static void closeAll(StateOverlay s, Hash fid, FileLayout layout) {
        for (int i = 0; i < layout.segments().size(); i++) {
            for (int j = 0; j < layout.segments().get(i).fragments().size(); j++) {
                s.remove(RestoralOrder.key(fid, i, j));
            }
        }
    }

    /** Why {@code sender} may not take a fragment of segment {@code segment}: not a positive miner, no room, or one of its own. */
    private static Optional<TxRejection> fits(StateOverlay s, Address sender, FileLayout layout, int segment) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty() || !m.get().acceptsFragments()) {
            return refuse(TxError.FORBIDDEN, sender + " is not a positive registered miner");
        }
        if (presumedLost(s, sender)) {
            return refuse(TxError.FORBIDDEN, sender + " missed its last challenges and is presumed to have lost its data:"
                    + " it takes no fragment until it passes a storage proof again");
        }
        Segment seg = layout.segments().get(segment);
        for (int i = 0; i < seg.fragments().size(); i++) {
            if (seg.fragments().get(i).miner().equals(sender)) {
                return refuse(TxError.FORBIDDEN, sender + " holds fragment " + i + " of this segment: a segment's fragments"
                        + " sit on distinct miners, so that one miner's loss costs at most one");
            }
        }
        if (m.get().freeBytes() < layout.fragmentSize(seg)) {
            return refuse(TxError.MINER_UNAVAILABLE, sender + " has " + m.get().freeBytes() + " bytes free, the fragment needs "
                    + layout.fragmentSize(seg));
        }
        return Optional.empty();
    }

    private static Optional<TxRejection> position(Optional<FileRecord> file, Hash fid, int segment, int fragment) {
        if (file.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no file " + fid);
        }
        FileLayout l = file.get().layout();
        if (segment < 0 || segment >= l.segments().size()) {
            return refuse(TxError.INVALID_ARGUMENT, "file " + fid + " has segments 0.." + (l.segments().size() - 1)
                    + ", not " + segment);
        }
        if (fragment < 0 || fragment >= l.segments().get(segment).fragments().size()) {
            return refuse(TxError.INVALID_ARGUMENT, "a segment has fragments 0.." + (l.k() + l.m() - 1) + ", not " + fragment);
        }
        return Optional.empty();
    }

    private static Optional<Fragment> fragmentAt(StateView s, Hash fid, int segment, int fragment) {
        return s.find(FileRecord.key(fid), FileRecord.class).map(FileRecord::layout)
                .filter(l -> segment >= 0 && segment < l.segments().size())
                .map(l -> l.segments().get(segment).fragments())
                .filter(fs -> fragment >= 0 && fragment < fs.size())
                .map(fs -> fs.get(fragment));
    }
}
