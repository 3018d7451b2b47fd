package cess.storage.model;

import cess.shared.Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much of a file's redundancy is left, as the chain knows it (issue #21): per segment, which
 * fragments are <em>present</em> (on a registered miner that is positive or frozen, with no
 * restoral order against it) and which are missing (an order is open, claimed or lapsed; the
 * miner is exiting or was forced out, whose fragments imply orders; or the miner is gone), the
 * redundancy left ({@code present - k}: how many more losses the segment survives), and whether
 * it is degraded ({@code present < k + m}) or lost ({@code present < k}).
 *
 * <p>Conservative by design: an exiting miner may still serve what it holds until it is rebuilt
 * elsewhere, but the chain cannot vouch for it (a miner forced out by its missed challenges is
 * the same state), so its fragments count as missing; a frozen miner (stake short of its space)
 * still holds and proves its data and counts as present. A segment counted lost may thus still
 * read while an exiting miner serves. What a miner stopped a moment ago lost is not known until
 * its audits say so: health is the chain's view, not a probe. Pure and immutable.
 *
 * @param segments           the file's segment count
 * @param state              {@code LOST} if any segment is lost, else {@code DEGRADED} if any is, else {@code HEALTHY}
 * @param redundancy         the least redundancy left over the segments ({@code m} when all are whole; negative when lost)
 * @param unhealthy          the segments that are not whole, in order, each with what it misses
 */
public record FileHealth(int k, int m, int segments, State state, int segmentsDegraded, int segmentsLost, int redundancy,
                         long fragmentsPresent, long fragmentsMissing, int ordersOpen, int ordersClaimed,
                         List<SegmentHealth> unhealthy) {
    /** A file's or a segment's condition. */
    public enum State {
        HEALTHY, DEGRADED, LOST;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A miner's standing as health reads it: registered and positive, frozen, presumed lost (it
     * missed {@code restoral.missesBeforeRepair} challenges in a row: its fragments imply orders),
     * exiting by its own choice, or forced out.
     */
    public enum Standing {
        POSITIVE, FROZEN, PRESUMED_LOST, EXITING, FORCED_OUT;

        /** The standing of a registered miner, given its exit record if it has one. */
        public static Standing of(Miner miner, Optional<MinerExit> exit) {
            return of(miner, exit, Optional.empty());
        }

        /** The standing of a registered miner, given its exit record and its run of missed challenges, if any. */
        public static Standing of(Miner miner, Optional<MinerExit> exit, Optional<MinerAbsence> absence) {
            return switch (miner.state()) {
                case POSITIVE, FROZEN -> absence.map(MinerAbsence::presumed).orElse(false) ? PRESUMED_LOST
                        : miner.state() == Miner.State.POSITIVE ? POSITIVE : FROZEN;
                case EXITING -> exit.map(MinerExit::forced).orElse(false) ? FORCED_OUT : EXITING;
            };
        }

        boolean holds() {
            return this == POSITIVE || this == FROZEN;
        }
    }

    /**
     * A missing fragment: where the layout puts it, why it counts missing, and its repair.
     *
     * @param why   the order's reason ({@code proof_failed}, {@code miner_exiting}, {@code forced_out},
     *              {@code missed_challenges}), or {@code miner_unregistered} for a miner the chain no longer knows
     * @param order {@code open}, {@code claimed} or {@code claim_expired} (an order, written or implied by the
     *              miner's exit), or {@code none}
     * @param claim the claim that holds, if any
     */
    public record Gap(int fragment, Address miner, String why, String order, Optional<RestoralOrder.Claim> claim) {
        public Gap {
            if (miner == null || why == null || order == null || claim == null) {
                throw new IllegalArgumentException("a gap names its miner, why and its order");
            }
        }
    }

    /** One segment that is not whole: fragments present, redundancy left ({@code present - k}), state, gaps. */
    public record SegmentHealth(int segment, int present, int redundancy, State state, List<Gap> gaps) {
        public SegmentHealth {
            gaps = List.copyOf(gaps);
        }
    }

    public FileHealth {
        unhealthy = List.copyOf(unhealthy);
    }

    /**
     * The health of the file laid out as {@code layout} at block {@code height}.
     *
     * @param miners the standing of each registered miner the layout names (a miner left out is unregistered)
     * @param orders the file's restoral orders written on chain (any others are ignored)
     */
    public static FileHealth of(FileLayout layout, Map<Address, Standing> miners, Collection<RestoralOrder> orders,
                                long height) {
        Map<Long, RestoralOrder> byPosition = new HashMap<>();
        for (RestoralOrder o : orders) {
            byPosition.put(position(o.segment(), o.fragment()), o);
        }
        int k = layout.k();
        int n = k + layout.m();
        List<SegmentHealth> unhealthy = new ArrayList<>();
        int degraded = 0;
        int lost = 0;
        int least = layout.m();
        long present = 0;
        long missing = 0;
        int open = 0;
        int claimed = 0;
        for (int i = 0; i < layout.segments().size(); i++) {
            List<Fragment> fs = layout.segments().get(i).fragments();
            List<Gap> gaps = new ArrayList<>();
            for (int j = 0; j < fs.size(); j++) {
                Gap g = gap(j, fs.get(j).miner(), byPosition.get(position(i, j)), miners.get(fs.get(j).miner()), height);
                if (g == null) {
                    continue;
                }
                gaps.add(g);
                if (g.order().equals("claimed")) {
                    claimed++;
                } else if (!g.order().equals("none")) {
                    open++;
                }
            }
            int here = fs.size() - gaps.size();
            present += here;
            missing += gaps.size();
            least = Math.min(least, here - k);
            if (here < n) {
                State st = here < k ? State.LOST : State.DEGRADED;
                degraded++;
                lost += st == State.LOST ? 1 : 0;
                unhealthy.add(new SegmentHealth(i, here, here - k, st, gaps));
            }
        }
        State state = lost > 0 ? State.LOST : degraded > 0 ? State.DEGRADED : State.HEALTHY;
        return new FileHealth(k, layout.m(), layout.segments().size(), state, degraded, lost, least, present, missing,
                open, claimed, unhealthy);
    }

    /** Why fragment {@code j} on {@code miner} is missing, or null when it is present. */
    private static Gap gap(int j, Address miner, RestoralOrder order, Standing standing, long height) {
        if (order != null) {
            return new Gap(j, miner, order.reason().label(), order.stateAt(height), order.claimAt(height));
        }
        if (standing == null) {
            return new Gap(j, miner, "miner_unregistered", "none", Optional.empty());
        }
        if (standing.holds()) {
            return null;
        }
        // The exit or the absence implies an open order, written only when a miner claims it (RestoralRules.orderFor).
        RestoralOrder.Reason why = switch (standing) {
            case FORCED_OUT -> RestoralOrder.Reason.FORCED_OUT;
            case PRESUMED_LOST -> RestoralOrder.Reason.MISSED_CHALLENGES;
            default -> RestoralOrder.Reason.MINER_EXITING;
        };
        return new Gap(j, miner, why.label(), "open", Optional.empty());
    }

    private static long position(int segment, int fragment) {
        return ((long) segment << 32) | (fragment & 0xffffffffL);
    }
}
