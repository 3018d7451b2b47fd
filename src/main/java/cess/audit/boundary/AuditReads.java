package cess.audit.boundary;

import cess.audit.control.StorageMiners;
import cess.audit.model.Audit;
import cess.audit.model.AuditFault;
import cess.audit.model.AuditKeys;
import cess.audit.model.AuditMark;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.IdleHistory;
import cess.audit.model.IdleRules;
import cess.audit.model.IdleSpace;
import cess.audit.model.IssuedIdleChallenge;
import cess.audit.wire.IdleStanding;
import cess.audit.wire.MinerAudit;
import cess.consensus.control.ChainReads;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The audit module's state as the views read it, from the final head: challenges by id or by
 * miner, and a miner's {@link MinerAudit} put together from its record, challenges, faults,
 * scheduled block and idle space. Each listing is one read of the head current at the call; a view made of
 * several may straddle two blocks, as other views do. One per request; not thread-safe.
 */
final class AuditReads {
    /** More entries of a kind than any network holds: a full listing is one read. */
    static final int MAX_SCAN = 100_000;

    private final ChainReads reads;
    private final int unitBytes;

    AuditReads(ChainReads reads) {
        this.reads = reads;
        this.unitBytes = reads.params().get(IdleAuditParams.class).unitBytes();
    }

    /** Up to {@code n} challenges in id order, after id {@code after} if given. */
    List<Challenge> challenges(OptionalLong after, int n) {
        String from = after.isPresent() ? AuditKeys.challenge(after.getAsLong()).id() : null;
        return reads.entriesAfter(Audit.CHALLENGE, "", from, false, n).stream().map(e -> (Challenge) e.getValue()).toList();
    }

    /** The corrupt-read report a targeted challenge {@code id} checks, if it is one. */
    Optional<cess.audit.model.CorruptReport> report(long id) {
        return reads.read(false, v -> v.find(AuditKeys.report(id), cess.audit.model.CorruptReport.class));
    }

    /** Up to {@code n} of {@code miner}'s challenges in id order, after id {@code after} if given. */
    List<Challenge> challengesOf(Address miner, OptionalLong after, int n) {
        String from = after.isPresent() ? AuditKeys.open(miner, after.getAsLong()).id() : null;
        List<Long> ids = reads.entriesAfter(Audit.OPEN, AuditKeys.openOf(miner), from, false, n).stream()
                .map(e -> ((AuditMark) e.getValue()).value()).toList();
        // the index and the challenges change together, but two reads may see two heads: one read here
        return reads.read(false, v -> ids.stream().map(id -> v.find(AuditKeys.challenge(id), Challenge.class))
                .flatMap(Optional::stream).toList());
    }

    /** {@code miner}'s standing; {@link MinerAudit#known} is false for an account the audit never saw and no miner. */
    MinerAudit miner(Address miner, Optional<StorageMiners.Registered> registered) {
        Optional<AuditRecord> record = reads.read(false, v -> v.find(AuditKeys.record(miner), AuditRecord.class));
        List<Challenge> challenges = challengesOf(miner, OptionalLong.empty(), MAX_SCAN);
        // AuditKeys.fault is "<miner>/<id>": the miner's faults share its prefix
        List<AuditFault> faults = all(Audit.FAULT, miner.ss58() + "/").stream().map(e -> (AuditFault) e.getValue()).toList();
        OptionalLong next = OptionalLong.empty();
        for (Map.Entry<StateKey, StateValue> e : all(Audit.SCHEDULED, "")) {
            if (minerOfScheduled(e.getKey()).equals(miner.ss58())) {
                next = OptionalLong.of(heightOfScheduled(e.getKey()));
                break; // in height order: the first is the next
            }
        }
        IdleSpace space = reads.read(false, v -> IdleRules.space(v, miner));
        IdleHistory history = reads.read(false, v -> v.find(AuditKeys.idleHistory(miner), IdleHistory.class))
                .orElse(IdleHistory.NONE);
        List<IssuedIdleChallenge> idle = all(Audit.IDLE_CHALLENGE, "").stream().map(e -> (IssuedIdleChallenge) e.getValue())
                .filter(c -> c.miner().equals(miner)).toList();
        return new MinerAudit(miner, registered.map(AuditReads::market), record, challenges, faults, next,
                idle(registered.orElse(null), space, history, idle));
    }

    private IdleStanding idle(StorageMiners.Registered r, IdleSpace space, IdleHistory history, List<IssuedIdleChallenge> open) {
        return new IdleStanding(r == null ? 0 : r.declaredBytes(), r == null ? 0 : r.serviceBytes(), unitBytes, space, history,
                open);
    }

    /** Every registered miner and every account the audit's state names, in address order. */
    List<MinerAudit> miners(List<StorageMiners.Registered> registered) {
        Map<String, StorageMiners.Registered> market = new HashMap<>();
        registered.forEach(r -> market.put(r.account().ss58(), r));
        Map<String, AuditRecord> records = new HashMap<>();
        all(Audit.RECORD, "").forEach(e -> records.put(e.getKey().id(), (AuditRecord) e.getValue()));
        Map<String, List<Challenge>> challenges = new HashMap<>();
        all(Audit.CHALLENGE, "").forEach(e -> {
            Challenge c = (Challenge) e.getValue();
            challenges.computeIfAbsent(c.miner().ss58(), k -> new ArrayList<>()).add(c);
        });
        Map<String, List<AuditFault>> faults = new HashMap<>();
        all(Audit.FAULT, "").forEach(e -> {
            AuditFault f = (AuditFault) e.getValue();
            faults.computeIfAbsent(f.miner().ss58(), k -> new ArrayList<>()).add(f);
        });
        Map<String, Long> scheduled = new HashMap<>();
        all(Audit.SCHEDULED, "").forEach(e -> scheduled.putIfAbsent(minerOfScheduled(e.getKey()), heightOfScheduled(e.getKey())));
        Map<String, IdleSpace> spaces = new HashMap<>();
        all(Audit.IDLE_SPACE, "").forEach(e -> spaces.put(e.getKey().id(), (IdleSpace) e.getValue()));
        Map<String, IdleHistory> histories = new HashMap<>();
        all(Audit.IDLE_HISTORY, "").forEach(e -> histories.put(e.getKey().id(), (IdleHistory) e.getValue()));
        Map<String, List<IssuedIdleChallenge>> idle = new HashMap<>();
        all(Audit.IDLE_CHALLENGE, "").forEach(e -> {
            IssuedIdleChallenge c = (IssuedIdleChallenge) e.getValue();
            idle.computeIfAbsent(c.miner().ss58(), k -> new ArrayList<>()).add(c);
        });
        TreeSet<String> accounts = new TreeSet<>(market.keySet());
        accounts.addAll(spaces.keySet());
        accounts.addAll(records.keySet());
        accounts.addAll(challenges.keySet());
        accounts.addAll(faults.keySet());
        accounts.addAll(scheduled.keySet());
        List<MinerAudit> out = new ArrayList<>(accounts.size());
        for (String a : accounts) {
            Long next = scheduled.get(a);
            out.add(new MinerAudit(Address.parse(a), Optional.ofNullable(market.get(a)).map(AuditReads::market),
                    Optional.ofNullable(records.get(a)), challenges.getOrDefault(a, List.of()), faults.getOrDefault(a, List.of()),
                    next == null ? OptionalLong.empty() : OptionalLong.of(next),
                    idle(market.get(a), spaces.getOrDefault(a, IdleSpace.NONE), histories.getOrDefault(a, IdleHistory.NONE),
                            idle.getOrDefault(a, List.of()))));
        }
        return out;
    }

    private List<Map.Entry<StateKey, StateValue>> all(StateKind kind, String prefix) {
        return reads.entries(kind, prefix, false, MAX_SCAN);
    }

    private static MinerAudit.Market market(StorageMiners.Registered r) {
        return new MinerAudit.Market(r.state(), r.serviceBytes());
    }

    /** A scheduled challenge's key is {@code <16 hex digits of the height>/<miner>} ({@link AuditKeys}). */
    static String minerOfScheduled(StateKey k) {
        return k.id().substring(k.id().indexOf('/') + 1);
    }

    static long heightOfScheduled(StateKey k) {
        return Long.parseUnsignedLong(k.id().substring(0, k.id().indexOf('/')), 16);
    }
}
