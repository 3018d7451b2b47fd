package cess.audit.wire;

import cess.audit.model.IdleHistory;
import cess.audit.model.IdleRules;
import cess.audit.model.IdleSpace;
import cess.audit.model.IssuedIdleChallenge;
import cess.ledger.model.StoragePower;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A miner's idle space as the views show it: its filler on chain ({@link IdleSpace}), the idle
 * challenges still in the state, its idle history, and its power (service data plus the certified
 * units that still fit beside it; declared space that is neither counts nothing, and
 * {@link #status} says so). Immutable.
 *
 * @param declaredBytes the space the miner declared (0 if it is no registered miner)
 * @param serviceBytes  the service data it holds
 * @param unitBytes     bytes per filler unit
 * @param space         its filler on chain
 * @param history       the last events of its filler
 * @param challenges    its idle challenges still in the state, in id order
 */
public record IdleStanding(long declaredBytes, long serviceBytes, int unitBytes, IdleSpace space, IdleHistory history,
                           List<IssuedIdleChallenge> challenges) {
    public IdleStanding {
        if (declaredBytes < 0 || serviceBytes < 0 || unitBytes <= 0 || space == null || history == null || challenges == null) {
            throw new IllegalArgumentException("an idle standing needs every component (empty ones as empty)");
        }
        challenges = challenges.stream().sorted(Comparator.comparingLong(IssuedIdleChallenge::id)).toList();
    }

    /** A miner that never committed filler. */
    public static IdleStanding none(long declaredBytes, long serviceBytes, int unitBytes) {
        return new IdleStanding(declaredBytes, serviceBytes, unitBytes, IdleSpace.NONE, IdleHistory.NONE, List.of());
    }

    /** Whether the audit's state holds anything of its filler. */
    public boolean known() {
        return !space.equals(IdleSpace.NONE) || !history.entries().isEmpty() || !challenges.isEmpty();
    }

    /** The certified units that count (not displaced by service data). */
    public long countedUnits() {
        return space.countedUnits(declaredBytes, serviceBytes, unitBytes);
    }

    /** Its power, as {@link StoragePower} gives it. */
    public StoragePower.Power power() {
        return new StoragePower.Power(declaredBytes, serviceBytes, countedUnits() * unitBytes);
    }

    /** The idle challenges it has not answered yet. */
    public long unanswered() {
        return challenges.stream().filter(c -> !c.answered()).count();
    }

    /**
     * What its idle space waits for at {@code head}, in one line: an open idle challenge, a batch
     * being certified, or what is certified, then what counts nothing.
     */
    public String status(long head) {
        Optional<IssuedIdleChallenge> open = challenges.stream().filter(c -> !c.answered())
                .min(Comparator.comparingLong(IssuedIdleChallenge::deadlineHeight));
        String what;
        if (open.isPresent()) {
            IssuedIdleChallenge c = open.get();
            what = "idle challenge " + c.id() + " (" + (c.certifies() ? "certification of" : "over") + " units "
                    + IdleRules.range(c.firstUnit(), c.unitCount()) + ") open: answer by block " + c.deadlineHeight()
                    + " (" + Math.max(0, c.deadlineHeight() - head) + " blocks left)";
        } else if (space.hasPending()) {
            what = "units " + IdleRules.range(space.pendingFirst(), space.pendingCount()) + " committed at block "
                    + space.pendingSince() + ", waiting for their first challenge";
        } else if (space.certified() == 0) {
            what = space.equals(IdleSpace.NONE) ? "no filler committed" : "no units certified (" + space.lastReason() + ")";
        } else {
            what = "certified " + space.certified() + " units";
            if (countedUnits() < space.certified()) {
                what += ", " + (space.certified() - countedUnits()) + " of them displaced by service data";
            }
        }
        return what + "; power " + power().describe();
    }
}
