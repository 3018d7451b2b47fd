package cess.audit.wire;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.CorruptReport;
import cess.audit.model.Holding;
import cess.audit.model.IdleHistory;
import cess.audit.model.IssuedIdleChallenge;
import cess.ledger.model.StoragePower;
import cess.ledger.wire.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.OptionalLong;

/**
 * The audit's REST views in JSON ({@code /api/audit/…}): challenges with the blocks left to
 * answer them, a miner's record, faults, idle space, power and status. Amounts are strings of smallest units, with
 * a {@code …Cess} twin in whole tokens for people. Heights are block numbers; {@code head} is the
 * final head the view was read at. Stateless.
 */
public final class AuditViews {
    private AuditViews() {
    }

    /**
     * {@code {"id","miner","issuedHeight","deadlineHeight","samples","answered","blocksLeft"}};
     * {@code blocksLeft} counts the blocks after {@code head} that can still carry an answer
     * (0: the deadline is reached).
     */
    public static JsonObjectBuilder challenge(Challenge c, long head) {
        return Jsons.createObjectBuilder().add("id", c.id()).add("miner", c.miner().ss58())
                .add("issuedHeight", c.issuedHeight()).add("deadlineHeight", c.deadlineHeight())
                .add("samples", c.samples().size()).add("answered", c.answered())
                .add("blocksLeft", Math.max(0, c.deadlineHeight() - head));
    }

    /** A page of challenges: {@code {"height","challenges":[…],"nextAfter"?}}; {@code nextAfter} is the {@code ?after=} of the next page. */
    public static JsonObject challenges(List<Challenge> page, long head, OptionalLong nextAfter) {
        return challenges(page, head, nextAfter, id -> java.util.Optional.empty());
    }

    /**
     * {@link #challenges(List, long, OptionalLong)}, a targeted challenge with its report:
     * {@code "report":{"reporter","fid","segment","fragment","suspects":[…]}}.
     */
    public static JsonObject challenges(List<Challenge> page, long head, OptionalLong nextAfter,
                                        java.util.function.LongFunction<java.util.Optional<CorruptReport>> reports) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        page.forEach(c -> {
            JsonObjectBuilder b = challenge(c, head);
            reports.apply(c.id()).ifPresent(r -> {
                JsonArrayBuilder suspects = Jsons.createArrayBuilder();
                r.suspects().forEach(suspects::add);
                b.add("report", Jsons.createObjectBuilder().add("reporter", r.reporter().ss58())
                        .add("fid", r.fragment().fid().hex()).add("segment", r.fragment().segment())
                        .add("fragment", r.fragment().fragment()).add("suspects", suspects));
            });
            out.add(b);
        });
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("height", head).add("challenges", out);
        nextAfter.ifPresent(n -> o.add("nextAfter", n));
        return o.build();
    }

    /**
     * One line per miner: {@code {"height","periodBlocks","nextPeriodAt","miners":[summary…]}},
     * each as {@link #summary}.
     */
    public static JsonObject miners(List<MinerAudit> miners, long head, long periodBlocks) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        miners.forEach(m -> out.add(summary(m, head, periodBlocks)));
        return period(head, periodBlocks).add("miners", out).build();
    }

    /**
     * One miner in full: its {@link #summary} with the height, its {@code challenges}, its
     * {@code faults}, its {@code idleChallenges} and its {@code idleHistory} (oldest first).
     */
    public static JsonObject miner(MinerAudit m, long head, long periodBlocks) {
        JsonArrayBuilder challenges = Jsons.createArrayBuilder();
        m.challenges().forEach(c -> challenges.add(challenge(c, head)));
        JsonArrayBuilder faults = Jsons.createArrayBuilder();
        m.faults().forEach(f -> faults.add(fault(f)));
        JsonArrayBuilder idleChallenges = Jsons.createArrayBuilder();
        m.idle().challenges().forEach(c -> idleChallenges.add(idleChallenge(c, head)));
        JsonArrayBuilder history = Jsons.createArrayBuilder();
        m.idle().history().entries().forEach(e -> history.add(historyEntry(e)));
        return period(head, periodBlocks).addAll(summary(m, head, periodBlocks)).add("challenges", challenges)
                .add("faults", faults).add("idleChallenges", idleChallenges).add("idleHistory", history).build();
    }

    /**
     * {@code {"id","miner","certifies","firstUnit","units","issuedHeight","deadlineHeight","answered","blocksLeft"}}:
     * an idle challenge, {@code certifies} true for the first challenge of a committed batch.
     */
    public static JsonObjectBuilder idleChallenge(IssuedIdleChallenge c, long head) {
        return Jsons.createObjectBuilder().add("id", c.id()).add("miner", c.miner().ss58()).add("certifies", c.certifies())
                .add("firstUnit", c.firstUnit()).add("units", c.unitCount()).add("issuedHeight", c.issuedHeight())
                .add("deadlineHeight", c.deadlineHeight()).add("answered", c.answered())
                .add("blocksLeft", Math.max(0, c.deadlineHeight() - head));
    }

    /** {@code {"kind","height","challenge"?,"firstUnit","units","reason"}}, kind in lower case ({@code certified}, {@code refused}…). */
    static JsonObjectBuilder historyEntry(IdleHistory.Entry e) {
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT))
                .add("height", e.height());
        if (e.challenge() >= 0) {
            o.add("challenge", e.challenge());
        }
        return o.add("firstUnit", e.firstUnit()).add("units", e.units()).add("reason", e.reason());
    }

    /**
     * {@code {"unitBytes","declaredBytes","certifiedUnits","countedUnits","committedUnits","committedFirstUnit"?,
     * "refusedUnits","certifiedIdleBytes","serviceBytes","powerBytes","uncountedBytes","unanswered","status"}}:
     * a miner's idle space and power; {@code committedUnits} is the batch waiting for certification
     * (0 for none), {@code uncountedBytes} the declared space that counts nothing.
     */
    public static JsonObjectBuilder idle(IdleStanding i, long head) {
        StoragePower.Power p = i.power();
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("unitBytes", i.unitBytes()).add("declaredBytes", i.declaredBytes())
                .add("certifiedUnits", i.space().certified()).add("countedUnits", i.countedUnits())
                .add("committedUnits", i.space().pendingCount());
        if (i.space().hasPending()) {
            o.add("committedFirstUnit", i.space().pendingFirst());
        }
        return o.add("refusedUnits", i.space().refusedUnits()).add("certifiedIdleBytes", p.certifiedIdleBytes())
                .add("serviceBytes", p.serviceBytes()).add("powerBytes", p.totalBytes()).add("uncountedBytes", p.uncountedBytes())
                .add("unanswered", i.unanswered()).add("status", i.status(head));
    }

    /**
     * {@code {"account","registered","state"?,"serviceBytes","audited","passed","missed",
     * "consecutiveMissed","failedService","failedIdle","consecutiveFailedService","punished",
     * "punishedCess","lastReason","unanswered","faultsRecorded","nextChallengeAt"?,"idle","status"}}
     * ({@code idle} as {@link #idle}):
     * {@code state} only for a registered miner, {@code nextChallengeAt} only when scheduled;
     * {@code audited} is false (and the counts zero) before its first verdict.
     */
    public static JsonObjectBuilder summary(MinerAudit m, long head, long periodBlocks) {
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("account", m.miner().ss58())
                .add("registered", m.market().isPresent());
        m.market().ifPresent(x -> o.add("state", x.state()));
        o.add("serviceBytes", m.market().map(MinerAudit.Market::serviceBytes).orElse(0L))
                .add("audited", m.record().isPresent());
        record(m.record().orElse(AuditRecord.NONE), o);
        o.add("unanswered", m.unanswered()).add("faultsRecorded", m.faults().size());
        m.nextChallengeAt().ifPresent(n -> o.add("nextChallengeAt", n));
        return o.add("idle", idle(m.idle(), head)).add("status", m.status(head, periodBlocks));
    }

    /** Adds a record's counts, its punished total (units and CESS) and its last reason to {@code o}. */
    static JsonObjectBuilder record(AuditRecord r, JsonObjectBuilder o) {
        return o.add("passed", r.passed()).add("missed", r.missed()).add("consecutiveMissed", r.consecutiveMissed())
                .add("failedService", r.failedService()).add("failedIdle", r.failedIdle())
                .add("consecutiveFailedService", r.consecutiveFailedService())
                .add("punished", r.punished().toString()).add("punishedCess", r.punished().toCess())
                .add("lastReason", r.lastReason());
    }

    /** {@code {"challenge","height","fragments":[{"fid","segment","fragment","root","length"}…]}}. */
    public static JsonObjectBuilder fault(AuditFault f) {
        JsonArrayBuilder fragments = Jsons.createArrayBuilder();
        for (Holding h : f.fragments()) {
            fragments.add(Jsons.createObjectBuilder().add("fid", h.fid().hex()).add("segment", h.segment())
                    .add("fragment", h.fragment()).add("root", h.root().hex()).add("length", h.length()));
        }
        return Jsons.createObjectBuilder().add("challenge", f.challenge()).add("height", f.height())
                .add("fragments", fragments);
    }

    private static JsonObjectBuilder period(long head, long periodBlocks) {
        return Jsons.createObjectBuilder().add("height", head).add("periodBlocks", periodBlocks)
                .add("nextPeriodAt", (Math.max(0, head) / periodBlocks + 1) * periodBlocks);
    }
}
