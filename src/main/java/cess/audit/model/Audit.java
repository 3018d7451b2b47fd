package cess.audit.model;

import cess.ledger.model.BlockStart;
import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.Module;
import cess.ledger.model.StateKind;
import cess.ledger.model.TxRejection;
import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * Storage proofs as a runtime module: in every challenge period each miner holding data is
 * challenged once, at a block drawn from the chain's randomness; it answers with a service proof
 * that every validator checks as it executes the block ({@link ProofCheck}); a miner that fails
 * or misses its deadline is punished by CESS's table ({@link Punishment}) and its faults are kept
 * for repair. Its parameters are {@link AuditParams}; it reaches the storage market only through
 * the {@link AuditedMiners} the runtime hands it. Idle space ({@link IdleRules}) is certified the
 * same way: a miner commits the roots of its filler units ({@code commit_filler}), a first idle
 * challenge certifies or refuses them, and each period challenges certified space again. A
 * gateway that read a corrupt fragment reports it ({@code report_corrupt}); the chain checks the
 * report with a targeted challenge of that fragment ({@link ReportRules}). Stateless.
 */
public final class Audit implements Module {
    public static final int INDEX = 5;
    public static final StateKind CHALLENGE = StateKind.of(INDEX, 0, "challenge", Challenge::decode);
    public static final StateKind RECORD = StateKind.of(INDEX, 1, "audit_record", AuditRecord::decode);
    public static final StateKind SCHEDULED = StateKind.of(INDEX, 2, "audit_scheduled", AuditMark::decode);
    public static final StateKind EXPIRY = StateKind.of(INDEX, 3, "audit_expiry", AuditMark::decode);
    public static final StateKind OPEN = StateKind.of(INDEX, 4, "audit_open", AuditMark::decode);
    public static final StateKind FAULT = StateKind.of(INDEX, 5, "audit_fault", AuditFault::decode);
    public static final StateKind COUNTER = StateKind.of(INDEX, 6, "audit_counter", AuditMark::decode);
    /** How many proofs a block judged: checks every validator did, which R²S credits. */
    public static final StateKind JUDGED = StateKind.of(INDEX, 7, "audit_judged", AuditMark::decode);
    /** A miner's filler: certified units, the batch being certified, refusals. */
    public static final StateKind IDLE_SPACE = StateKind.of(INDEX, 8, "idle_space", IdleSpace::decode);
    public static final StateKind IDLE_ROOT = StateKind.of(INDEX, 9, "idle_root", IdleRoot::decode);
    public static final StateKind IDLE_CHALLENGE = StateKind.of(INDEX, 10, "idle_challenge", IssuedIdleChallenge::decode);
    public static final StateKind IDLE_OPEN = StateKind.of(INDEX, 11, "idle_open", AuditMark::decode);
    public static final StateKind IDLE_CERTIFY = StateKind.of(INDEX, 12, "idle_certify", AuditMark::decode);
    public static final StateKind IDLE_HISTORY = StateKind.of(INDEX, 13, "idle_history", IdleHistory::decode);
    /** A gateway's corrupt-read report, by its targeted challenge's id ({@link ReportRules}). */
    public static final StateKind REPORT = StateKind.of(INDEX, 14, "corrupt_report", CorruptReport::decode);
    /** The report on a fragment (fid:segment:fragment → its id): one at a time, and a cooldown once cleared. */
    public static final StateKind REPORT_FRAGMENT = StateKind.of(INDEX, 15, "corrupt_report_fragment", AuditMark::decode);
    /** A reporter's open reports, counted against {@link ReportRules#MAX_OPEN_PER_REPORTER}. */
    public static final StateKind REPORT_COUNT = StateKind.of(INDEX, 16, "corrupt_report_count", AuditMark::decode);
    /** What is due for a report at a height: its challenge (pending), or its removal (cleared). */
    public static final StateKind REPORT_DUE = StateKind.of(INDEX, 17, "corrupt_report_due", AuditMark::decode);

    private final AuditedMiners.Factory miners;

    /** @param miners how the runtime lets the module see the storage market in a block */
    public Audit(AuditedMiners.Factory miners) {
        this.miners = miners;
    }

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(CHALLENGE, RECORD, SCHEDULED, EXPIRY, OPEN, FAULT, COUNTER, JUDGED, IDLE_SPACE, IDLE_ROOT, IDLE_CHALLENGE,
                IDLE_OPEN, IDLE_CERTIFY, IDLE_HISTORY, REPORT, REPORT_FRAGMENT, REPORT_COUNT, REPORT_DUE);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        return AuditCall.decodeBody(call, d);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        // A call sees no state before its block; the miners' list is for the block hook alone.
        AuditedMiners m = miners.over(java.util.Collections.emptyNavigableMap(), ctx.state(), ctx.currency(), ctx.params());
        if (call instanceof AuditCall.CommitFiller c) {
            return IdleRules.commit(ctx, c, m);
        }
        if (call instanceof AuditCall.SubmitIdleProof c) {
            return IdleRules.submit(ctx, c, m);
        }
        if (call instanceof AuditCall.ReportCorrupt c) {
            return ReportRules.report(ctx, c, m);
        }
        return AuditRules.submit(ctx, ((AuditCall.SubmitProof) call).proof(), m);
    }

    @Override
    public void beginBlock(BlockStart block) {
        AuditRules.beginBlock(block, miners.over(block.before(), block.state(), block.currency(), block.params()));
    }
}
