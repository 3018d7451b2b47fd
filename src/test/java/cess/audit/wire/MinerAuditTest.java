package cess.audit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Sample;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every state a miner can be in says what it waits for. */
class MinerAuditTest {
    static final Address MINER = KeyPair.dev("Miner1").address();
    static final MinerAudit.Market HOLDS = new MinerAudit.Market("positive", 8 << 20);
    static final MinerAudit.Market EMPTY = new MinerAudit.Market("positive", 0);
    static final AuditRecord PASSED = new AuditRecord(3, 0, 0, 0, 0, 0, Amount.ZERO, "challenge 11: passed");

    static Challenge challenge(long id, long issued, long deadline, boolean answered) {
        return new Challenge(id, MINER, Hash.ZERO, List.of(new Sample(0, 1, Hash.ZERO), new Sample(2, 3, Hash.ZERO)),
                issued, deadline, answered);
    }

    static MinerAudit audit(Optional<MinerAudit.Market> market, Optional<AuditRecord> record, List<Challenge> challenges,
                            OptionalLong next) {
        return new MinerAudit(MINER, market, record, challenges, List.of(), next);
    }

    @Test
    void aMinerHoldingNothingIsNotChallenged() {
        MinerAudit m = audit(Optional.of(EMPTY), Optional.empty(), List.of(), OptionalLong.empty());
        assertEquals("no data held and no certified idle space: not challenged", m.status(100, 60));
        assertTrue(m.known());
    }

    @Test
    void aScheduledChallengeIsAnnouncedWithItsBlock() {
        MinerAudit m = audit(Optional.of(HOLDS), Optional.of(PASSED), List.of(), OptionalLong.of(150));
        assertEquals("next challenge at block 150 (in 30 blocks); last: challenge 11: passed", m.status(120, 60));
        assertEquals("next challenge at block 150 (in 1 block); last: challenge 11: passed", m.status(149, 60));
    }

    @Test
    void anOpenChallengeSaysByWhenToAnswer() {
        MinerAudit m = audit(Optional.of(HOLDS), Optional.of(PASSED), List.of(challenge(12, 100, 130, false)),
                OptionalLong.empty());
        assertEquals("challenge 12 open: answer by block 130 (10 blocks left); last: challenge 11: passed", m.status(120, 60));
        assertEquals(1, m.unanswered());
    }

    @Test
    void anOpenChallengeComesBeforeTheScheduledOneAndTheEarliestDeadlineFirst() {
        MinerAudit m = audit(Optional.of(HOLDS), Optional.empty(),
                List.of(challenge(13, 125, 175, false), challenge(12, 100, 130, false)), OptionalLong.of(170));
        assertEquals("challenge 12 open: answer by block 130 (1 block left)", m.status(129, 60));
        assertEquals(12, m.challenges().get(0).id(), "challenges are kept in id order");
    }

    @Test
    void aChallengeAtItsDeadlineIsAboutToCountAsMissed() {
        MinerAudit m = audit(Optional.of(HOLDS), Optional.empty(), List.of(challenge(12, 100, 130, false)),
                OptionalLong.empty());
        assertEquals("challenge 12 unanswered at its deadline (block 130): counted as missed at block 131", m.status(130, 60));
    }

    @Test
    void afterItsChallengeTheMinerWaitsForTheNextPeriod() {
        MinerAudit answered = audit(Optional.of(HOLDS), Optional.of(PASSED), List.of(challenge(11, 100, 130, true)),
                OptionalLong.empty());
        assertEquals("challenge 11 answered, closes after block 130; holds 8388608 bytes of service data and 0 certified filler units: "
                + "next challenge in the period "
                + "from block 180 (its block is drawn then); last: challenge 11: passed", answered.status(125, 60));
        assertEquals(0, answered.unanswered());
        MinerAudit closed = audit(Optional.of(HOLDS), Optional.of(PASSED), List.of(), OptionalLong.empty());
        assertEquals("holds 8388608 bytes of service data and 0 certified filler units: next challenge in the period from block 180 "
                + "(its block is drawn then); "
                + "last: challenge 11: passed", closed.status(179, 60));
        assertTrue(closed.status(180, 60).contains("from block 240"), "at a period's first block the schedule is made");
    }

    @Test
    void aPunishedMinerSaysWhy() {
        AuditRecord missed = new AuditRecord(3, 2, 2, 0, 0, 0, Amount.cess(200),
                "challenge 14: missed its deadline, 2nd in a row (2 in all); slashed 5 % of the collateral, 200 CESS");
        MinerAudit m = audit(Optional.of(HOLDS), Optional.of(missed), List.of(), OptionalLong.of(200));
        assertEquals("next challenge at block 200 (in 5 blocks); last: challenge 14: missed its deadline, 2nd in a row "
                + "(2 in all); slashed 5 % of the collateral, 200 CESS", m.status(195, 60));
    }

    @Test
    void anAccountThatIsNoMinerIsUnknownUnlessTheAuditSawIt() {
        MinerAudit none = audit(Optional.empty(), Optional.empty(), List.of(), OptionalLong.empty());
        assertFalse(none.known());
        MinerAudit gone = audit(Optional.empty(), Optional.of(PASSED), List.of(), OptionalLong.empty());
        assertTrue(gone.known());
        assertEquals("not a registered miner: not challenged; last: challenge 11: passed", gone.status(10, 60));
        MinerAudit faulted = new MinerAudit(MINER, Optional.empty(), Optional.empty(), List.of(),
                List.of(new AuditFault(MINER, 4, 90, List.of(new Holding(Hash.ZERO, 0, 1, Hash.ZERO, 1024)))),
                OptionalLong.empty());
        assertTrue(faulted.known());
    }

    @Test
    void refusesMissingComponents() {
        assertThrows(IllegalArgumentException.class,
                () -> new MinerAudit(MINER, null, Optional.empty(), List.of(), List.of(), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MinerAudit.Market("positive", -1));
    }
}
