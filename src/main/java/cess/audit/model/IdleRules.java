package cess.audit.model;

import cess.audit.model.idle.FillerUnits;
import cess.audit.model.idle.IdleProofCheck;
import cess.ledger.model.BlockStart;
import cess.ledger.model.CallContext;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateView;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state transition of idle space. A miner commits the roots of a batch of filler units
 * ({@code commit_filler}): only the next units after its certified ones, only one batch at a
 * time, at most {@link IdleAuditParams#maxRootsPerCommit} roots, and only as many as fit in its
 * declared space beside its service data. The block after the commitment challenges the batch,
 * seeded by that block's randomness (which the commitment's block fixed after the miner sent it):
 * a passed proof certifies it; a failed one, or none by the deadline, refuses it. In every period
 * the block that challenges the miner's service data also challenges its certified units. Every
 * failed or missed idle proof goes through {@link Punishment} like a service verdict
 * ({@code FAILED_IDLE} slashes {@code failedIdleBps}; a missed idle deadline counts with the missed
 * service ones) into the miner's {@link AuditRecord}; a passed one is kept in {@link IdleSpace} and
 * the miner's {@link IdleHistory} only, so that the record's passes, its runs and its last reason
 * stay those of its service data (an idle pass does not end a run of missed service deadlines).
 * Every idle event is in the {@link IdleHistory}. A refused proof (wrong challenge, samples, paths; malformed)
 * changes nothing and punishes nobody. Pure; the caller discards a refused call's writes.
 */
public final class IdleRules {
    private IdleRules() {
    }

    // ------------------------------------------------------------------ commit_filler

    static Optional<TxRejection> commit(CallContext ctx, AuditCall.CommitFiller c, AuditedMiners m) {
        IdleAuditParams ip = ctx.params().get(IdleAuditParams.class);
        Address miner = ctx.sender();
        long declared = m.declaredBytes(miner);
        if (declared <= 0) {
            return reject(TxError.FORBIDDEN, miner + " is not a registered storage miner: only a miner commits filler");
        }
        int n = c.roots().size();
        if (n == 0 || n > ip.maxRootsPerCommit()) {
            return reject(TxError.INVALID_ARGUMENT, "a filler commitment carries 1.." + ip.maxRootsPerCommit() + " roots, not " + n);
        }
        StateOverlay s = ctx.state();
        IdleSpace space = space(s, miner);
        if (space.hasPending()) {
            return reject(TxError.ALREADY_EXISTS, "units " + range(space.pendingFirst(), space.pendingCount())
                    + " are still being certified: the next batch waits for their verdict");
        }
        if (c.firstUnit() < space.certified()) {
            return reject(TxError.ALREADY_EXISTS, "units " + range(c.firstUnit(), n) + " overlap the certified units "
                    + range(0, space.certified()) + ": the next batch starts at unit " + space.certified());
        }
        if (c.firstUnit() > space.certified()) {
            return reject(TxError.INVALID_ARGUMENT, "the next batch starts at unit " + space.certified() + ", not "
                    + c.firstUnit());
        }
        long service = m.serviceBytes(miner);
        FillerUnits next;
        try {
            next = space.units(ip.unitBytes()).commit(n, declared, service);
        } catch (IllegalArgumentException e) {
            return reject(TxError.INVALID_ARGUMENT, "beyond its space (" + declared + " bytes declared, " + service
                    + " of service data, units of " + ip.unitBytes() + "): " + e.getMessage());
        }
        for (int i = 0; i < n; i++) {
            s.put(AuditKeys.idleRoot(miner, c.firstUnit() + i), new IdleRoot(c.roots().get(i)));
        }
        long h = ctx.height();
        String why = "committed units " + range(c.firstUnit(), n) + " at block " + h + "; waiting for their first challenge at block "
                + (h + 1);
        s.put(AuditKeys.idleSpace(miner), space.next(next, h, 0, why));
        s.put(AuditKeys.idleCertify(h + 1, miner), new AuditMark(c.firstUnit()));
        note(s, miner, new IdleHistory.Entry(IdleHistory.Kind.COMMITTED, h, -1, c.firstUnit(), n, why));
        return Optional.empty();
    }

    // ------------------------------------------------------------------ block hook

    /** Issues the certification challenge of {@code miner}'s batch committed in the block before (if still pending and fitting). */
    static void certify(BlockStart b, AuditedMiners m, AuditParams p, Address miner, long firstUnit) {
        IdleAuditParams ip = b.params().get(IdleAuditParams.class);
        StateOverlay s = b.state();
        IdleSpace space = space(s, miner);
        if (!space.hasPending() || space.pendingFirst() != firstUnit) {
            return;
        }
        if (displaced(s, m, ip, miner, space, b.height())) {
            space = space(s, miner);
            if (!space.hasPending()) {
                return;
            }
        }
        issue(b, p, ip, miner, space.pendingFirst(), space.pendingCount(), true);
    }

    /**
     * At a period's start: drops the certified units the miner's service data now displaces
     * (and a pending batch that no longer fits), and says how many idle bytes it is challenged on.
     */
    static long periodStart(BlockStart b, AuditedMiners m, Address miner) {
        IdleAuditParams ip = b.params().get(IdleAuditParams.class);
        StateOverlay s = b.state();
        Optional<IdleSpace> found = s.find(AuditKeys.idleSpace(miner), IdleSpace.class);
        if (found.isEmpty()) {
            return 0;
        }
        IdleSpace space = found.get();
        if (displaced(s, m, ip, miner, space, b.height())) {
            space = space(s, miner);
        }
        return space.certified() * ip.unitBytes();
    }

    /** Challenges {@code miner}'s certified units, at its challenge block of the period. */
    static void issuePeriodic(BlockStart b, AuditedMiners m, AuditParams p, Address miner) {
        IdleAuditParams ip = b.params().get(IdleAuditParams.class);
        IdleSpace space = space(b.state(), miner);
        long counted = space.countedUnits(m.declaredBytes(miner), m.serviceBytes(miner), ip.unitBytes());
        if (counted > 0) {
            issue(b, p, ip, miner, 0, counted, false);
        }
    }

    private static void issue(BlockStart b, AuditParams p, IdleAuditParams ip, Address miner, long first, long count,
                              boolean certifies) {
        StateOverlay s = b.state();
        long id = AuditRules.nextId(s);
        long h = b.height();
        long deadline = Math.addExact(h, ip.deadlineBlocks(Math.multiplyExact(count, (long) ip.unitBytes()), p.periodBlocks()));
        IssuedIdleChallenge c = new IssuedIdleChallenge(id, miner, Sampler.seed(b.seed(), miner, id), first, count, h, deadline,
                certifies, false);
        s.put(AuditKeys.idleChallenge(id), c);
        s.put(AuditKeys.idleOpen(miner, id), new AuditMark(id));
        s.put(AuditKeys.expiry(deadline + 1, id), new AuditMark(id));
        b.events().accept(new AuditRules.Event(AuditRules.Event.Kind.ISSUED, miner, id, Amount.ZERO,
                (certifies ? "idle certification of units " : "idle challenge over units ") + range(first, count)
                        + ", answer by block " + deadline));
    }

    /**
     * Closes idle challenge {@code id} at its deadline's next block: an unanswered one is a missed
     * deadline, and a batch it was to certify is refused. False if {@code id} is no idle challenge.
     */
    static boolean expire(BlockStart b, AuditedMiners m, AuditParams p, long id) {
        StateOverlay s = b.state();
        Optional<IssuedIdleChallenge> found = s.find(AuditKeys.idleChallenge(id), IssuedIdleChallenge.class);
        if (found.isEmpty()) {
            return false;
        }
        IssuedIdleChallenge c = found.get();
        s.remove(AuditKeys.idleChallenge(id));
        s.remove(AuditKeys.idleOpen(c.miner(), id));
        if (c.answered()) {
            return true;
        }
        long h = b.height();
        if (c.certifies()) {
            IdleAuditParams ip = b.params().get(IdleAuditParams.class);
            IdleSpace space = space(s, c.miner());
            if (space.hasPending() && space.pendingFirst() == c.firstUnit()) {
                FillerUnits next = space.units(ip.unitBytes()).onDeadline();
                String why = "units " + range(c.firstUnit(), c.unitCount()) + " refused at block " + h
                        + ": no valid proof of challenge " + id + " by its deadline (block " + c.deadlineHeight() + ")";
                s.put(AuditKeys.idleSpace(c.miner()), space.next(next, h, c.unitCount(), why));
                note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.REFUSED, h, id, c.firstUnit(), c.unitCount(), why));
            }
        } else {
            note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.MISSED, h, id, c.firstUnit(), c.unitCount(),
                    "idle challenge " + id + " over units " + range(c.firstUnit(), c.unitCount()) + " missed its deadline (block "
                            + c.deadlineHeight() + ")"));
        }
        AuditRules.judge(s, m, p, c.miner(), id, Punishment.Event.MISSED, h, b.events());
        return true;
    }

    // ------------------------------------------------------------------ submit_idle_proof

    static Optional<TxRejection> submit(CallContext ctx, AuditCall.SubmitIdleProof call, AuditedMiners m) {
        StateOverlay s = ctx.state();
        long id = call.challenge();
        Optional<IssuedIdleChallenge> found = s.find(AuditKeys.idleChallenge(id), IssuedIdleChallenge.class);
        if (found.isEmpty()) {
            return reject(TxError.NOT_FOUND, "no open idle challenge " + id + " (never issued, or closed after its deadline)");
        }
        IssuedIdleChallenge c = found.get();
        if (!c.miner().equals(ctx.sender())) {
            return reject(TxError.FORBIDDEN, "idle challenge " + id + " asks miner " + c.miner() + ", not " + ctx.sender());
        }
        if (c.answered()) {
            return reject(TxError.DUPLICATE, "idle challenge " + id + " was already answered");
        }
        if (ctx.height() > c.deadlineHeight()) {
            return reject(TxError.DEADLINE_PASSED, "idle challenge " + id + " closed at block " + c.deadlineHeight()
                    + "; this is block " + ctx.height());
        }
        IdleAuditParams ip = ctx.params().get(IdleAuditParams.class);
        AuditParams p = ctx.params().get(AuditParams.class);
        IdleProofCheck.Verdict v = new IdleProofCheck(ip.proof(), ip.network()).check(c.challenge(),
                unit -> root(s, c.miner(), unit), call.proof());
        if (v.outcome() == IdleProofCheck.Outcome.REFUSED) {
            return reject(TxError.INVALID_ARGUMENT, "idle proof for challenge " + id + " refused: " + v.detail());
        }
        long h = ctx.height();
        s.put(AuditKeys.idleChallenge(id), c.answer());
        AuditRules.countJudged(s, h);
        List<ChainEvent> none = new ArrayList<>();
        if (c.certifies()) {
            decideBatch(s, m, ip, c, v, h);
        } else if (!v.passed()) {
            IdleSpace space = space(s, c.miner());
            // Every path led to the committed roots, yet a label is wrong: those roots are not this miner's filler.
            FillerUnits cleared = FillerUnits.none(ip.unitBytes());
            String why = "idle challenge " + id + " failed at block " + h + ": " + v.detail() + "; its " + space.certified()
                    + " certified units are certified no more";
            s.put(AuditKeys.idleSpace(c.miner()), space.next(cleared, h, space.certified(), why));
            note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.FAILED, h, id, c.firstUnit(), c.unitCount(), why));
        } else {
            note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.PASSED, h, id, c.firstUnit(), c.unitCount(),
                    "idle challenge " + id + " over units " + range(c.firstUnit(), c.unitCount()) + " passed at block " + h));
        }
        if (!v.passed()) {
            AuditRules.judge(s, m, p, c.miner(), id, Punishment.Event.FAILED_IDLE, h, none::add);
        }
        return Optional.empty();
    }

    /** The verdict on a certification: the batch certified or refused (or refused as displaced, if service data took its room). */
    private static void decideBatch(StateOverlay s, AuditedMiners m, IdleAuditParams ip, IssuedIdleChallenge c,
                                    IdleProofCheck.Verdict v, long h) {
        IdleSpace space = space(s, c.miner());
        if (!space.hasPending() || space.pendingFirst() != c.firstUnit()) {
            return;
        }
        if (displaced(s, m, ip, c.miner(), space, h)) {
            space = space(s, c.miner());
            if (!space.hasPending()) {
                return;
            }
        }
        FillerUnits next = space.units(ip.unitBytes()).onVerdict(v);
        String units = range(c.firstUnit(), c.unitCount());
        if (v.passed()) {
            String why = "certified units " + units + " at block " + h + ": challenge " + c.id() + " passed; "
                    + next.certified() + " units certified";
            s.put(AuditKeys.idleSpace(c.miner()), space.next(next, h, 0, why));
            note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.CERTIFIED, h, c.id(), c.firstUnit(), c.unitCount(), why));
        } else {
            String why = "units " + units + " refused at block " + h + ": challenge " + c.id() + " failed: " + v.detail();
            s.put(AuditKeys.idleSpace(c.miner()), space.next(next, h, c.unitCount(), why));
            note(s, c.miner(), new IdleHistory.Entry(IdleHistory.Kind.REFUSED, h, c.id(), c.firstUnit(), c.unitCount(), why));
        }
    }

    /**
     * Applies displacement to {@code space} if service data took the room of certified units or of
     * the pending batch: writes the result and says whether anything changed.
     */
    private static boolean displaced(StateOverlay s, AuditedMiners m, IdleAuditParams ip, Address miner, IdleSpace space,
                                     long h) {
        long declared = m.declaredBytes(miner);
        long service = m.serviceBytes(miner);
        FillerUnits u = space.units(ip.unitBytes());
        FillerUnits next = u.displace(declared, service);
        if (next.equals(u)) {
            return false;
        }
        long dropped = u.certified() - next.certified();
        boolean batchLost = u.pending() != null && next.pending() == null;
        String why = "service data (" + service + " of " + declared + " declared bytes) displaced "
                + (dropped > 0 ? dropped + " certified units" : "") + (dropped > 0 && batchLost ? " and " : "")
                + (batchLost ? "the batch " + range(space.pendingFirst(), space.pendingCount()) + " being certified" : "")
                + " at block " + h;
        s.put(AuditKeys.idleSpace(miner), space.next(next, h, batchLost ? space.pendingCount() : 0, why));
        note(s, miner, new IdleHistory.Entry(IdleHistory.Kind.DISPLACED, h, -1, next.certified(),
                dropped + (batchLost ? space.pendingCount() : 0), why));
        return true;
    }

    // ------------------------------------------------------------------ reads

    /** {@code miner}'s filler as {@code state} has it ({@link IdleSpace#NONE} if it never committed). */
    public static IdleSpace space(StateView state, Address miner) {
        return state.find(AuditKeys.idleSpace(miner), IdleSpace.class).orElse(IdleSpace.NONE);
    }

    /** The committed root of {@code miner}'s unit {@code unit}, or null. */
    public static Hash root(StateView state, Address miner, long unit) {
        return state.find(AuditKeys.idleRoot(miner, unit), IdleRoot.class).map(IdleRoot::root).orElse(null);
    }

    /** {@code "a..b"} for {@code count} units from {@code first} (just {@code "a"} for one). */
    public static String range(long first, long count) {
        return count == 1 ? Long.toString(first) : first + ".." + (first + count - 1);
    }

    private static void note(StateOverlay s, Address miner, IdleHistory.Entry e) {
        IdleHistory h = s.find(AuditKeys.idleHistory(miner), IdleHistory.class).orElse(IdleHistory.NONE);
        s.put(AuditKeys.idleHistory(miner), h.with(e));
    }

    private static Optional<TxRejection> reject(TxError error, String message) {
        return Optional.of(new TxRejection(error, message));
    }
}
