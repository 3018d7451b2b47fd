package cess.audit.wire;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.IssuedIdleChallenge;
import cess.shared.Address;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One miner's audit standing as the views show it: its registration in the storage market (if
 * any), its audit record (if it was ever judged), the challenges still in the state (open, or
 * answered and not yet closed), the faults kept for repair, and the block of its next scheduled
 * challenge. {@link #status} says in one line what the miner waits for, so that no miner waits in
 * silence. Immutable.
 *
 * @param miner           the account
 * @param market          its miner entry in the storage market; empty if it is not registered
 * @param record          its audit record; empty before its first verdict
 * @param challenges      its challenges still in the state, in id order
 * @param faults          the faults its failed proofs left, in challenge order
 * @param nextChallengeAt the block its next challenge is scheduled for in this period, if any
 * @param idle            its idle space: filler on chain, idle challenges, history, power
 */
public record MinerAudit(Address miner, Optional<Market> market, Optional<AuditRecord> record, List<Challenge> challenges,
                         List<AuditFault> faults, OptionalLong nextChallengeAt, IdleStanding idle) {
    /**
     * What the storage market says of a registered miner.
     *
     * @param state        its state, lower case ({@code positive}, {@code frozen}, {@code exiting})
     * @param serviceBytes the service data it holds: what it is challenged on
     */
    public record Market(String state, long serviceBytes) {
        public Market {
            if (state == null || serviceBytes < 0) {
                throw new IllegalArgumentException("a miner's market entry needs a state and non-negative service bytes");
            }
        }
    }

    /** A standing without filler (1 MiB units for the power line). */
    public MinerAudit(Address miner, Optional<Market> market, Optional<AuditRecord> record, List<Challenge> challenges,
                      List<AuditFault> faults, OptionalLong nextChallengeAt) {
        this(miner, market, record, challenges, faults, nextChallengeAt,
                IdleStanding.none(0, market == null ? 0 : market.map(Market::serviceBytes).orElse(0L), 1 << 20));
    }

    public MinerAudit {
        if (miner == null || market == null || record == null || challenges == null || faults == null
                || nextChallengeAt == null || idle == null) {
            throw new IllegalArgumentException("a miner's audit standing needs every component (empty ones as empty)");
        }
        challenges = challenges.stream().sorted(Comparator.comparingLong(Challenge::id)).toList();
        faults = List.copyOf(faults);
    }

    /** Whether the account is known at all: registered, or with anything in the audit's state. */
    public boolean known() {
        return market.isPresent() || record.isPresent() || !challenges.isEmpty() || !faults.isEmpty()
                || nextChallengeAt.isPresent() || idle.known();
    }

    /** The challenges (service and idle) it has not answered yet. */
    public long unanswered() {
        return challenges.stream().filter(c -> !c.answered()).count() + idle.unanswered();
    }

    /**
     * What the miner waits for at head {@code head}, in one line, then the last verdict if it had
     * one: {@code "challenge 12 open: answer by block 130 (10 blocks left); last: challenge 11:
     * passed"}. In order: an unanswered challenge (the earliest deadline first), the scheduled
     * next challenge, not being a miner, holding no data, and otherwise the next period, in which
     * a miner holding data is always challenged.
     *
     * @param periodBlocks the audit's period ({@code AuditParams.periodBlocks})
     */
    public String status(long head, long periodBlocks) {
        String last = record.map(AuditRecord::lastReason).orElse("");
        String waits = waitsFor(head, periodBlocks);
        return last.isEmpty() ? waits : waits + "; last: " + last;
    }

    private String waitsFor(long head, long periodBlocks) {
        Optional<Challenge> open = challenges.stream().filter(c -> !c.answered())
                .min(Comparator.comparingLong(Challenge::deadlineHeight));
        if (open.isPresent()) {
            Challenge c = open.get();
            long left = c.deadlineHeight() - head;
            return left > 0
                    ? "challenge " + c.id() + " open: answer by block " + c.deadlineHeight() + " (" + blocks(left) + " left)"
                    : "challenge " + c.id() + " unanswered at its deadline (block " + c.deadlineHeight()
                            + "): counted as missed at block " + (c.deadlineHeight() + 1);
        }
        Optional<IssuedIdleChallenge> idleOpen = idle.challenges().stream().filter(c -> !c.answered())
                .min(Comparator.comparingLong(IssuedIdleChallenge::deadlineHeight));
        if (idleOpen.isPresent()) {
            IssuedIdleChallenge c = idleOpen.get();
            return "idle challenge " + c.id() + " open: answer by block " + c.deadlineHeight() + " ("
                    + blocks(Math.max(0, c.deadlineHeight() - head)) + " left)";
        }
        if (nextChallengeAt.isPresent()) {
            long at = nextChallengeAt.getAsLong();
            return "next challenge at block " + at + (at > head ? " (in " + blocks(at - head) + ")" : "");
        }
        if (market.isEmpty()) {
            return "not a registered miner: not challenged";
        }
        if (market.get().serviceBytes() == 0 && idle.countedUnits() == 0) {
            return "no data held and no certified idle space: not challenged";
        }
        long nextPeriod = (Math.max(0, head) / periodBlocks + 1) * periodBlocks;
        String answered = challenges.stream().filter(Challenge::answered).reduce((a, b) -> b)
                .map(c -> "challenge " + c.id() + " answered, closes after block " + c.deadlineHeight() + "; ").orElse("");
        return answered + "holds " + market.get().serviceBytes() + " bytes of service data and " + idle.countedUnits()
                + " certified filler units: next challenge in the period from block "
                + nextPeriod + " (its block is drawn then)";
    }

    private static String blocks(long n) {
        return n == 1 ? "1 block" : n + " blocks";
    }
}
