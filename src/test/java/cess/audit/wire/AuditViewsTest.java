package cess.audit.wire;

import static cess.audit.wire.MinerAuditTest.HOLDS;
import static cess.audit.wire.MinerAuditTest.MINER;
import static cess.audit.wire.MinerAuditTest.challenge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Holding;
import cess.shared.Amount;
import cess.shared.Hash;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The JSON shapes of {@code /api/audit/…}, field by field. */
class AuditViewsTest {
    static final Hash FID = Hash.sha256(new byte[] {7});
    static final Hash ROOT = Hash.sha256(new byte[] {8});
    static final AuditRecord FAILED = new AuditRecord(5, 1, 0, 1, 0, 1,
            new Amount(BigInteger.valueOf(1_500_000_000_000_000_000L)),
            "challenge 9: failed its service proof, 1st in a row; slashed 5 % of the collateral, 1.5 CESS");
    static final MinerAudit FAULTED = new MinerAudit(MINER, Optional.of(HOLDS), Optional.of(FAILED),
            List.of(challenge(12, 100, 130, false), challenge(11, 40, 90, true)),
            List.of(new AuditFault(MINER, 9, 75, List.of(new Holding(FID, 2, 5, ROOT, 1 << 20)))), OptionalLong.empty());

    @Test
    void aChallengeWithTheBlocksLeftToAnswerIt() {
        JsonObject c = AuditViews.challenge(challenge(12, 100, 130, false), 120).build();
        assertEquals("{\"id\":12,\"miner\":\"" + MINER.ss58() + "\",\"issuedHeight\":100,\"deadlineHeight\":130,"
                + "\"samples\":2,\"answered\":false,\"blocksLeft\":10}", c.toString());
        assertEquals(0, AuditViews.challenge(challenge(12, 100, 130, false), 131).build().getInt("blocksLeft"),
                "never negative");
    }

    @Test
    void aTargetedChallengeNamesTheReportItChecks() {
        cess.audit.model.CorruptReport r = new cess.audit.model.CorruptReport(3, cess.shared.KeyPair.dev("//Alice").address(),
                MINER, new Holding(FID, 2, 5, ROOT, 1 << 20), List.of(17L), 2, cess.audit.model.CorruptReport.State.CHALLENGED, 0);
        JsonObject page = AuditViews.challenges(List.of(challenge(3, 1, 30, false), challenge(4, 1, 30, false)), 5,
                OptionalLong.empty(), id -> id == 3 ? Optional.of(r) : Optional.empty());
        JsonObject report = page.getJsonArray("challenges").getJsonObject(0).getJsonObject("report");
        assertEquals(r.reporter().ss58(), report.getString("reporter"));
        assertEquals(FID.hex(), report.getString("fid"));
        assertEquals(5, report.getInt("fragment"));
        assertEquals(17, report.getJsonArray("suspects").getInt(0));
        assertFalse(page.getJsonArray("challenges").getJsonObject(1).containsKey("report"), "a periodic one has none");
    }

    @Test
    void aPageNamesTheNextOnlyWhenThereIsOne() {
        JsonObject last = AuditViews.challenges(List.of(challenge(3, 1, 30, false)), 5, OptionalLong.empty());
        assertEquals(5, last.getInt("height"));
        assertEquals(1, last.getJsonArray("challenges").size());
        assertFalse(last.containsKey("nextAfter"));
        assertEquals(3, AuditViews.challenges(List.of(challenge(3, 1, 30, false)), 5, OptionalLong.of(3)).getInt("nextAfter"));
    }

    @Test
    void aMinerInFull() {
        JsonObject m = AuditViews.miner(FAULTED, 120, 60);
        assertEquals(120, m.getInt("height"));
        assertEquals(60, m.getInt("periodBlocks"));
        assertEquals(180, m.getInt("nextPeriodAt"));
        assertEquals(MINER.ss58(), m.getString("account"));
        assertTrue(m.getBoolean("registered"));
        assertEquals("positive", m.getString("state"));
        assertEquals(8 << 20, m.getJsonNumber("serviceBytes").longValue());
        assertTrue(m.getBoolean("audited"));
        assertEquals(5, m.getInt("passed"));
        assertEquals(1, m.getInt("missed"));
        assertEquals(0, m.getInt("consecutiveMissed"));
        assertEquals(1, m.getInt("failedService"));
        assertEquals(0, m.getInt("failedIdle"));
        assertEquals(1, m.getInt("consecutiveFailedService"));
        assertEquals("1500000000000000000", m.getString("punished"));
        assertEquals("1.5", m.getString("punishedCess"));
        assertEquals(FAILED.lastReason(), m.getString("lastReason"));
        assertEquals(1, m.getInt("unanswered"));
        assertEquals(1, m.getInt("faultsRecorded"));
        assertFalse(m.containsKey("nextChallengeAt"));
        assertEquals("challenge 12 open: answer by block 130 (10 blocks left); last: " + FAILED.lastReason(),
                m.getString("status"));
        assertEquals(List.of(11, 12), m.getJsonArray("challenges").stream()
                .map(v -> v.asJsonObject().getInt("id")).toList());
        assertEquals("{\"challenge\":9,\"height\":75,\"fragments\":[{\"fid\":\"" + FID.hex() + "\",\"segment\":2,"
                + "\"fragment\":5,\"root\":\"" + ROOT.hex() + "\",\"length\":1048576}]}",
                m.getJsonArray("faults").get(0).toString());
    }

    @Test
    void everyMinerInOneLineEach() {
        MinerAudit fresh = new MinerAudit(MINER, Optional.of(new MinerAudit.Market("frozen", 0)), Optional.empty(),
                List.of(), List.of(), OptionalLong.empty());
        MinerAudit scheduled = new MinerAudit(MINER, Optional.of(HOLDS), Optional.empty(), List.of(), List.of(),
                OptionalLong.of(150));
        JsonObject all = AuditViews.miners(List.of(fresh, scheduled, FAULTED), 120, 60);
        assertEquals(180, all.getInt("nextPeriodAt"));
        JsonObject a = all.getJsonArray("miners").getJsonObject(0);
        assertFalse(a.getBoolean("audited"));
        assertEquals("frozen", a.getString("state"));
        assertEquals(0, a.getInt("passed"));
        assertEquals("0", a.getString("punished"));
        assertEquals("0", a.getString("punishedCess"));
        assertEquals("", a.getString("lastReason"));
        assertEquals("no data held and no certified idle space: not challenged", a.getString("status"));
        assertFalse(a.containsKey("challenges"), "the listing carries counts, not the challenges themselves");
        assertEquals(150, all.getJsonArray("miners").getJsonObject(1).getInt("nextChallengeAt"));
        JsonObject gone = AuditViews.summary(new MinerAudit(MINER, Optional.empty(), Optional.of(FAILED), List.of(),
                List.of(), OptionalLong.empty()), 120, 60).build();
        assertFalse(gone.getBoolean("registered"));
        assertFalse(gone.containsKey("state"));
        assertEquals(0, gone.getInt("serviceBytes"));
    }
}
