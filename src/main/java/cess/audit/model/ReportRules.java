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
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Corrupt-read reports, checked by the chain (issue #21). A gateway whose read found a fragment
 * that does not hash to its commitment sends {@code report_corrupt}; that is gossip until
 * checked, and never punishes by itself. The chain accepts it (the reporter pays the fee),
 * takes a challenge id for it, and at the start of the next block issues a <b>targeted
 * challenge</b> of that fragment alone: samples drawn from that block's seed (the report block's
 * hash and the RANDAO mix, which the reporter did not know) over the fragment's chunks, the
 * reporter's suspect chunks first, answered by the usual floor. The miner answers it like any
 * challenge, with the same proof format, and its node does so by itself.
 *
 * <ul>
 *   <li><b>Passed</b>: the report is cleared; nothing happens to the miner (its record does not
 *       change). The fragment cannot be reported again for one challenge period
 *       ({@link AuditParams#periodBlocks}), by anyone.
 *   <li><b>Failed or missed</b>: evidence; the fragment's restoral order opens (reason
 *       {@code corrupt_read}), the fault is kept, and the miner is punished as for a failed
 *       service proof.
 * </ul>
 *
 * <p>Refused, changing nothing: a reporter that is not an active gateway; an unknown file or
 * position; a miner that does not hold the fragment; a fragment already being repaired; a
 * fragment with a report open or cooling; a reporter with {@value #MAX_OPEN_PER_REPORTER}
 * reports open; a suspect chunk past the fragment's end. So a gateway cannot make the chain
 * challenge one miner more than its open reports allow, nor the same fragment twice a period.
 * Pure and stateless.
 */
public final class ReportRules {
    /** The reports one reporter may have open (pending or challenged) at once. */
    public static final int MAX_OPEN_PER_REPORTER = 16;

    private ReportRules() {
    }

    /** The report transaction. */
    static Optional<TxRejection> report(CallContext ctx, AuditCall.ReportCorrupt call, AuditedMiners m) {
        StateOverlay s = ctx.state();
        AuditParams p = ctx.params().get(AuditParams.class);
        Address reporter = ctx.sender();
        String what = "fragment " + call.fragment() + " of segment " + call.segment() + " of file " + call.fid();
        if (!m.activeGateway(reporter)) {
            return refuse(TxError.FORBIDDEN, reporter + " is not an active gateway: only gateways report corrupt reads");
        }
        Optional<AuditedMiners.Located> at = m.locate(call.fid(), call.segment(), call.fragment());
        if (at.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no " + what + " is held: no such file, segment or fragment");
        }
        AuditedMiners.Located here = at.get();
        if (!here.miner().equals(call.miner())) {
            return refuse(TxError.INVALID_ARGUMENT, what + " is held by " + here.miner() + ", not " + call.miner());
        }
        if (here.repairing()) {
            return refuse(TxError.ALREADY_EXISTS, what + " is already being rebuilt elsewhere (a restoral order is open)");
        }
        Optional<AuditMark> open = s.find(AuditKeys.reportOn(call.fid(), call.segment(), call.fragment()), AuditMark.class);
        if (open.isPresent()) {
            CorruptReport r = s.find(AuditKeys.report(open.get().value()), CorruptReport.class).orElseThrow();
            return r.state() == CorruptReport.State.CLEARED
                    ? refuse(TxError.DUPLICATE, what + " passed the challenge of report " + r.id() + " at block "
                            + r.clearedHeight() + "; it may be reported again from block " + (r.clearedHeight() + p.periodBlocks()))
                    : refuse(TxError.DUPLICATE, what + " is already reported (challenge " + r.id() + ", by " + r.reporter() + ")");
        }
        long count = openCount(s, reporter);
        if (count >= MAX_OPEN_PER_REPORTER) {
            return refuse(TxError.FORBIDDEN, reporter + " has " + count + " reports open, the most allowed; wait for their"
                    + " challenges");
        }
        for (long c : call.suspects()) {
            if (c >= here.holding().chunks()) {
                return refuse(TxError.INVALID_ARGUMENT, "suspect chunk " + c + " is past the fragment's "
                        + here.holding().chunks() + " chunks");
            }
        }
        long id = AuditRules.nextId(s);
        s.put(AuditKeys.report(id), new CorruptReport(id, reporter, here.miner(), here.holding(), call.suspects(),
                ctx.height(), CorruptReport.State.PENDING, 0));
        s.put(AuditKeys.reportOn(call.fid(), call.segment(), call.fragment()), new AuditMark(id));
        s.put(AuditKeys.reportCount(reporter), new AuditMark(count + 1));
        s.put(AuditKeys.reportDue(ctx.height() + 1, id), new AuditMark(id));
        return Optional.empty();
    }

    /** At a block's start: issues the challenges of the reports accepted in the block before, and forgets cooled ones. */
    static void beginBlock(BlockStart b, AuditedMiners m, AuditParams p) {
        StateOverlay s = b.state();
        String prefix = AuditKeys.hex(b.height()) + "/";
        for (StateKey k : keys(b.before(), prefix)) {
            s.remove(k);
            long id = ((AuditMark) b.before().get(k)).value();
            Optional<CorruptReport> r = s.find(AuditKeys.report(id), CorruptReport.class);
            if (r.isEmpty()) {
                continue;
            }
            if (r.get().state() == CorruptReport.State.CLEARED) {
                forget(s, r.get());
                continue;
            }
            Holding f = r.get().fragment();
            Optional<AuditedMiners.Located> at = m.locate(f.fid(), f.segment(), f.fragment());
            if (at.isEmpty() || !at.get().miner().equals(r.get().miner()) || !at.get().holding().root().equals(f.root())
                    || at.get().repairing()) {
                close(s, r.get()); // deleted, moved or being rebuilt since the report: nothing left to check
                continue;
            }
            Challenge c = Challenge.targeted(id, r.get().miner(), Sampler.seed(b.seed(), r.get().miner(), id),
                    at.get().seq(), f, r.get().suspects(), b.height(), p);
            s.put(AuditKeys.report(id), r.get().challenged());
            s.put(AuditKeys.challenge(id), c);
            s.put(AuditKeys.open(c.miner(), id), new AuditMark(id));
            s.put(AuditKeys.expiry(c.deadlineHeight() + 1, id), new AuditMark(id));
            b.events().accept(new AuditRules.Event(AuditRules.Event.Kind.ISSUED, c.miner(), id, Amount.ZERO,
                    c.samples().size() + " samples of " + name(f) + ", reported corrupt by " + r.get().reporter()
                            + "; answer by block " + c.deadlineHeight()));
        }
    }

    /** The report whose targeted challenge is {@code id}, if it is one. */
    static Optional<CorruptReport> of(StateOverlay s, long id) {
        return s.find(AuditKeys.report(id), CorruptReport.class);
    }

    /** The targeted challenge was answered with a proof that passed: the report is cleared, the miner untouched. */
    static void passed(StateOverlay s, AuditParams p, CorruptReport r, long height, Consumer<ChainEvent> events) {
        s.put(AuditKeys.report(r.id()), r.cleared(height));
        decrement(s, r.reporter());
        s.put(AuditKeys.reportDue(height + p.periodBlocks(), r.id()), new AuditMark(r.id()));
        events.accept(new AuditRules.Event(AuditRules.Event.Kind.PASSED, r.miner(), r.id(), Amount.ZERO,
                "challenge " + r.id() + ": passed the targeted challenge of " + name(r.fragment())
                        + "; the corrupt-read report of " + r.reporter() + " is cleared"));
    }

    /**
     * The targeted challenge failed (a proof that does not hash to the commitment) or was missed:
     * the fragment's repair opens, the fault is kept, and the miner is punished as for a failed
     * service proof.
     */
    static void failed(StateOverlay s, AuditedMiners m, AuditParams p, CorruptReport r, boolean missed, long height,
                       Consumer<ChainEvent> events) {
        m.reportCorrupt(r.miner(), r.fragment(), height);
        s.put(AuditKeys.fault(r.miner(), r.id()), new AuditFault(r.miner(), r.id(), height, List.of(r.fragment())));
        close(s, r);
        String why = " (the targeted challenge of " + name(r.fragment()) + " after a corrupt-read report by " + r.reporter()
                + (missed ? ", missed)" : ")");
        AuditRules.judge(s, m, p, r.miner(), r.id(), Punishment.Event.FAILED_SERVICE, height, e -> events.accept(
                e instanceof AuditRules.Event ev ? new AuditRules.Event(ev.kind(), ev.miner(), ev.challenge(), ev.slashed(),
                        ev.note() + why) : e));
        AuditRecord rec = s.find(AuditKeys.record(r.miner()), AuditRecord.class).orElseThrow();
        String reason = rec.lastReason() + why;
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= AuditRecord.MAX_REASON_BYTES) {
            s.put(AuditKeys.record(r.miner()), new AuditRecord(rec.passed(), rec.missed(), rec.consecutiveMissed(),
                    rec.failedService(), rec.failedIdle(), rec.consecutiveFailedService(), rec.punished(), reason));
        }
    }

    /** Reports {@code reporter} has open. */
    public static long openCount(cess.ledger.model.StateView s, Address reporter) {
        return s.find(AuditKeys.reportCount(reporter), AuditMark.class).map(AuditMark::value).orElse(0L);
    }

    private static void close(StateOverlay s, CorruptReport r) {
        decrement(s, r.reporter());
        forget(s, r);
    }

    private static void forget(StateOverlay s, CorruptReport r) {
        s.remove(AuditKeys.report(r.id()));
        s.remove(AuditKeys.reportOn(r.fragment().fid(), r.fragment().segment(), r.fragment().fragment()));
    }

    private static void decrement(StateOverlay s, Address reporter) {
        long n = openCount(s, reporter);
        if (n <= 1) {
            s.remove(AuditKeys.reportCount(reporter));
        } else {
            s.put(AuditKeys.reportCount(reporter), new AuditMark(n - 1));
        }
    }

    private static String name(Holding f) {
        return "fragment " + f.fragment() + " of segment " + f.segment() + " of file " + f.fid();
    }

    private static Optional<TxRejection> refuse(TxError e, String message) {
        return Optional.of(new TxRejection(e, message));
    }

    private static List<StateKey> keys(NavigableMap<StateKey, StateValue> state, String prefix) {
        return List.copyOf(state.subMap(new StateKey(Audit.REPORT_DUE, prefix), true,
                StateKey.after(Audit.REPORT_DUE, prefix), false).keySet());
    }
}
