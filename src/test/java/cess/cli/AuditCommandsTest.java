package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Sample;
import cess.audit.wire.AuditViews;
import cess.audit.wire.MinerAudit;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code miner audit} over answers written by the node's own view code ({@link AuditViews}). */
class AuditCommandsTest {
    static final Address ONE = KeyPair.dev("Miner1").address();
    static final Address TWO = KeyPair.dev("Miner2").address();
    static final Hash FID = Hash.sha256(new byte[] {7});
    static final Hash ROOT = Hash.sha256(new byte[] {8});
    static final AuditRecord FAILED = new AuditRecord(5, 1, 0, 1, 0, 1, Amount.parseCess("200"),
            "challenge 9: failed its service proof, 1st in a row; slashed 5 % of the collateral, 200 CESS");

    static Challenge challenge(long id, Address miner, long issued, long deadline, boolean answered) {
        return new Challenge(id, miner, Hash.ZERO, Collections.nCopies(180, new Sample(0, 1, Hash.ZERO)), issued, deadline,
                answered);
    }

    static final MinerAudit FAULTED = new MinerAudit(ONE, Optional.of(new MinerAudit.Market("positive", 50_331_648)),
            Optional.of(FAILED), List.of(challenge(12, ONE, 100, 130, false), challenge(11, ONE, 40, 90, true)),
            List.of(new AuditFault(ONE, 9, 75, List.of(new Holding(FID, 2, 5, ROOT, 1 << 20)))), OptionalLong.empty());
    static final MinerAudit IDLE = new MinerAudit(TWO, Optional.of(new MinerAudit.Market("positive", 0)), Optional.empty(),
            List.of(), List.of(), OptionalLong.empty());

    @Test
    void oneLinePerMinerWithItsStatus() {
        JsonObject all = AuditViews.miners(List.of(FAULTED, IDLE), 120, 60);
        List<String> lines = AuditCommands.table(all);
        assertEquals("height 120; challenge periods of 60 blocks, the next starts at block 180", lines.get(0));
        assertTrue(lines.get(1).startsWith("MINER "), lines.get(1));
        assertEquals(String.format("%-49s %-9s %6d %6d %6d %14s  %s", ONE.ss58(), "positive", 5, 1, 1, "200",
                "challenge 12 open: answer by block 130 (10 blocks left); last: " + FAILED.lastReason()), lines.get(2));
        assertTrue(lines.get(3).startsWith(TWO.ss58() + " positive       0      0      0              0  "), lines.get(3));
        assertTrue(lines.get(3).endsWith("no data held: not challenged"), lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    void anEmptyNetworkSaysSo() {
        List<String> lines = AuditCommands.table(AuditViews.miners(List.of(), 3, 60));
        assertEquals(List.of("height 3; challenge periods of 60 blocks, the next starts at block 60",
                "no miners registered or audited yet"), lines);
    }

    @Test
    void oneMinerInFull() {
        List<String> lines = AuditCommands.detail(AuditViews.miner(FAULTED, 120, 60));
        assertEquals(List.of(
                "miner       " + ONE.ss58(),
                "market      positive, holding 50331648 bytes of service data",
                "proofs      5 passed, 1 missed (0 in a row), 1 failed service (1 in a row), 0 failed idle",
                "punished    200 CESS (200000000000000000000 units)",
                "next        none scheduled (the next period starts at block 180)",
                "status      challenge 12 open: answer by block 130 (10 blocks left); last: " + FAILED.lastReason(),
                "challenges  at height 120",
                "  #11     issued at 40       deadline 90        180 samples  answered",
                "  #12     issued at 100      deadline 130       180 samples  open, 10 blocks left",
                "faults      kept for repair:",
                "  challenge 9 (block 75): file " + FID.hex() + " segment 2 fragment 5, root " + ROOT.hex()), lines);
    }

    @Test
    void aMinerWithNothingToShowSaysWhatItWaitsFor() {
        MinerAudit scheduled = new MinerAudit(TWO, Optional.of(new MinerAudit.Market("frozen", 4096)), Optional.empty(),
                List.of(), List.of(), OptionalLong.of(150));
        List<String> lines = AuditCommands.detail(AuditViews.miner(scheduled, 120, 60));
        assertTrue(lines.contains("market      frozen, holding 4096 bytes of service data"), lines.toString());
        assertTrue(lines.contains("next        challenge at block 150"), lines.toString());
        assertTrue(lines.contains("status      next challenge at block 150 (in 30 blocks)"), lines.toString());
        assertTrue(lines.contains("challenges  at height 120: none open"), lines.toString());
        assertTrue(lines.contains("faults      none"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("last:")), "no verdict yet, no last verdict");
    }

    @Test
    void aBadAccountIsRefusedBeforeAskingTheNode() {
        Cli.Result r = GenesisCommandTest.run("miner", "audit", "cXnotanaddress");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("malformed address"), r.err());
        Cli.Result two = GenesisCommandTest.run("miner", "audit", ONE.ss58(), TWO.ss58());
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("at most one ACCOUNT"), two.err());
        assertTrue(GenesisCommandTest.run("help").out().contains("miner audit [ACCOUNT]"));
    }
}
