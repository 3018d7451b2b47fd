package cess.audit.model;

import cess.ledger.model.BlockStart;
import cess.ledger.model.CallContext;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audit module's state transition. At the first block of each period every miner holding
 * data is given a block of the period, drawn from that block's seed; at its block the miner is
 * challenged (samples drawn from the block's seed, a deadline from what it holds); a proof is
 * judged when the block carrying it executes; a challenge whose deadline passed unanswered is a
 * missed deadline. Every verdict updates the miner's {@link AuditRecord}, and a punishment takes
 * from its stake through {@link AuditedMiners}; each missed and passed service challenge is
 * reported to the storage market, which presumes a miner's data lost after enough misses in a row. A challenge issued for
 * a corrupt-read report is judged by {@link ReportRules} instead. Pure; the caller discards a
 * refused call's writes.
 */
public final class AuditRules {
    private AuditRules() {
    }

    /** What the module did in a block, for the node's log and its views. */
    public record Event(Kind kind, Address miner, long challenge, Amount slashed, String note) implements ChainEvent {
        public enum Kind { ISSUED, PASSED, FAILED, MISSED }
    }

    /** Scheduling at a period's start, issuing what is due, and closing what expired. */
    static void beginBlock(BlockStart b, AuditedMiners m) {
        AuditParams p = b.params().get(AuditParams.class);
        long h = b.height();
        StateOverlay s = b.state();
        if (h >= 2) {
            s.remove(AuditKeys.judged(h - 2)); // the parent's count is read by this block's opening; older ones by none
        }
        expire(b, m, p);
        if (h % p.periodBlocks() == 0) {
            Hash periodSeed = ChallengeSchedule.periodSeed(b.seed(), ChallengeSchedule.period(h, p.periodBlocks()));
            for (Address miner : m.miners()) {
                if (!ChallengeSchedule.challenged(m.serviceBytes(miner), IdleRules.periodStart(b, m, miner))) {
                    continue;
                }
                long at = ChallengeSchedule.challengeHeight(periodSeed, miner, h, p.periodBlocks());
                if (at == h) {
                    issue(b, m, p, miner);
                } else {
                    s.put(AuditKeys.scheduled(at, miner), new AuditMark(0));
                }
            }
        }
        for (StateKey k : keys(b.before(), Audit.SCHEDULED, AuditKeys.scheduledAt(h))) {
            s.remove(k);
            issue(b, m, p, Address.parse(k.id().substring(AuditKeys.scheduledAt(h).length())));
        }
        for (StateKey k : keys(b.before(), Audit.IDLE_CERTIFY, AuditKeys.scheduledAt(h))) {
            s.remove(k);
            IdleRules.certify(b, m, p, Address.parse(k.id().substring(AuditKeys.scheduledAt(h).length())),
                    ((AuditMark) b.before().get(k)).value());
        }
        ReportRules.beginBlock(b, m, p);
    }

    /** Challenges {@code miner} now on its service data, if it still holds any, and on its certified idle space. */
    private static void issue(BlockStart b, AuditedMiners m, AuditParams p, Address miner) {
        StateOverlay s = b.state();
        long id = s.find(AuditKeys.NEXT_ID, AuditMark.class).map(AuditMark::value).orElse(0L);
        Optional<Challenge> c = Challenge.issue(id, miner, Sampler.seed(b.seed(), miner, id), m.holdings(), b.height(),
                m.serviceBytes(miner), p);
        if (c.isPresent()) {
            nextId(s);
            open(b, c.get());
        }
        IdleRules.issuePeriodic(b, m, p, miner);
    }

    /** The id the next challenge (of either kind) takes, which is then taken. */
    static long nextId(StateOverlay s) {
        long id = s.find(AuditKeys.NEXT_ID, AuditMark.class).map(AuditMark::value).orElse(0L);
        s.put(AuditKeys.NEXT_ID, new AuditMark(id + 1));
        return id;
    }

    /** Counts one more proof judged in block {@code height}. */
    static void countJudged(StateOverlay s, long height) {
        s.put(AuditKeys.judged(height), new AuditMark(judgedIn(s, height) + 1));
    }

    private static void open(BlockStart b, Challenge c) {
        StateOverlay s = b.state();
        s.put(AuditKeys.challenge(c.id()), c);
        s.put(AuditKeys.open(c.miner(), c.id()), new AuditMark(c.id()));
        s.put(AuditKeys.expiry(c.deadlineHeight() + 1, c.id()), new AuditMark(c.id()));
        b.events().accept(new Event(Event.Kind.ISSUED, c.miner(), c.id(), Amount.ZERO, c.samples().size()
                + " samples, answer by block " + c.deadlineHeight()));
    }

    /** Closes the challenges whose deadline was the block before; an unanswered one is a missed deadline. */
    private static void expire(BlockStart b, AuditedMiners m, AuditParams p) {
        StateOverlay s = b.state();
        for (StateKey k : keys(b.before(), Audit.EXPIRY, AuditKeys.expiringAt(b.height()))) {
            long id = ((AuditMark) b.before().get(k)).value();
            s.remove(k);
            Optional<Challenge> c = s.find(AuditKeys.challenge(id), Challenge.class);
            if (c.isEmpty()) {
                IdleRules.expire(b, m, p, id);
                continue;
            }
            s.remove(AuditKeys.challenge(id));
            s.remove(AuditKeys.open(c.get().miner(), id));
            Optional<CorruptReport> report = ReportRules.of(s, id);
            if (!c.get().answered() && report.isPresent()) {
                ReportRules.failed(s, m, p, report.get(), true, b.height(), b.events());
            } else if (!c.get().answered()) {
                judge(s, m, p, c.get().miner(), id, Punishment.Event.MISSED, b.height(), b.events());
                m.reportMissed(c.get().miner(), b.height()); // enough in a row: its data is presumed lost
            }
        }
    }

    /**
     * A proof sent in a transaction: refused (nothing changes, the challenge stays open) when it
     * is not a proper answer to an open challenge of the sender's; otherwise judged, passed or
     * failed, and the challenge is answered.
     */
    static Optional<TxRejection> submit(CallContext ctx, ServiceProof proof, AuditedMiners m) {
        StateOverlay s = ctx.state();
        AuditParams p = ctx.params().get(AuditParams.class);
        Optional<Challenge> c = s.find(AuditKeys.challenge(proof.challengeId()), Challenge.class);
        if (c.isEmpty()) {
            return Optional.of(new TxRejection(TxError.NOT_FOUND, "no open challenge " + proof.challengeId()
                    + " (never issued, or closed after its deadline)"));
        }
        Optional<Refusal> why = ProofCheck.check(c.get(), proof, ctx.sender(), ctx.height(), m.holdings(), p);
        if (why.isPresent() && !why.get().failsProof()) {
            return Optional.of(new TxRejection(errorOf(why.get().reason()), why.get().message()));
        }
        s.put(AuditKeys.challenge(c.get().id()), c.get().answer());
        countJudged(s, ctx.height());
        List<ChainEvent> none = new ArrayList<>();
        Optional<CorruptReport> report = ReportRules.of(s, c.get().id());
        if (report.isPresent()) {
            if (why.isEmpty()) {
                ReportRules.passed(s, p, report.get(), ctx.height(), none::add);
            } else {
                ReportRules.failed(s, m, p, report.get(), false, ctx.height(), none::add);
            }
        } else if (why.isEmpty()) {
            judge(s, m, p, ctx.sender(), c.get().id(), Punishment.Event.PASSED, ctx.height(), none::add);
        } else {
            recordFault(s, m, c.get(), why.get(), ctx.height());
            judge(s, m, p, ctx.sender(), c.get().id(), Punishment.Event.FAILED_SERVICE, ctx.height(), none::add);
        }
        return Optional.empty();
    }

    /** How many proofs block {@code height} judged (every validator checked each of them). */
    public static long judgedIn(cess.ledger.model.StateView s, long height) {
        return s.find(AuditKeys.judged(height), AuditMark.class).map(AuditMark::value).orElse(0L);
    }

    /** Keeps which fragments the failed samples named, for repair. */
    private static void recordFault(StateOverlay s, AuditedMiners m, Challenge c, Refusal why, long height) {
        Map<Hash, Holding> fragments = new LinkedHashMap<>();
        for (int i : why.samples()) {
            Sample sample = c.samples().get(i);
            Holding h = m.holdings().at(c.miner(), sample.seq());
            if (fragments.putIfAbsent(h.root(), h) == null) {
                m.reportLost(c.miner(), h, height);
            }
        }
        s.put(AuditKeys.fault(c.miner(), c.id()), new AuditFault(c.miner(), c.id(), height, List.copyOf(fragments.values())));
    }

    /** Applies one verdict to the miner's record and stake. */
    static void judge(StateOverlay s, AuditedMiners m, AuditParams p, Address miner, long id, Punishment.Event e,
                              long height, Consumer<ChainEvent> events) {
        AuditRecord before = s.find(AuditKeys.record(miner), AuditRecord.class).orElse(AuditRecord.NONE);
        Punishment.Outcome out = Punishment.apply(before, e, id, m.collateral(miner), p);
        Amount taken = out.slash().isZero() ? Amount.ZERO : m.slash(miner, out.slash());
        AuditRecord after = out.record().withPunished(before.punished().plus(taken));
        if (out.forcedExit()) {
            m.forceExit(miner, height);
        }
        if (e == Punishment.Event.PASSED) {
            m.reportPassed(miner, height); // a run of missed service challenges ends
        }
        s.put(AuditKeys.record(miner), after);
        Event.Kind kind = switch (e) {
            case PASSED -> Event.Kind.PASSED;
            case MISSED -> Event.Kind.MISSED;
            case FAILED_SERVICE, FAILED_IDLE -> Event.Kind.FAILED;
        };
        events.accept(new Event(kind, miner, id, taken, after.lastReason()));
    }

    private static TxError errorOf(Refusal.Reason r) {
        return switch (r) {
            case NOT_CHALLENGED -> TxError.FORBIDDEN;
            case ALREADY_ANSWERED -> TxError.DUPLICATE;
            case LATE -> TxError.DEADLINE_PASSED;
            default -> TxError.INVALID_ARGUMENT;
        };
    }

    /** The keys of {@code kind} whose ids start with {@code prefix}, in order. */
    private static List<StateKey> keys(NavigableMap<StateKey, StateValue> state, cess.ledger.model.StateKind kind,
                                       String prefix) {
        return List.copyOf(state.subMap(new StateKey(kind, prefix), true, StateKey.after(kind, prefix), false).keySet());
    }
}
