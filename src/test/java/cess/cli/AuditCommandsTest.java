package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditFault;
import cess.audit.model.AuditRecord;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Sample;
import cess.audit.wire.AuditViews;
import cess.audit.model.IdleHistory;
import cess.audit.model.IdleSpace;
import cess.audit.model.IssuedIdleChallenge;
import cess.audit.wire.IdleStanding;
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
    /** 16 units certified, 16 more committed and challenged, 4 refused once. */
    static final MinerAudit IDLE = new MinerAudit(TWO, Optional.of(new MinerAudit.Market("positive", 0)), Optional.empty(),
            List.of(), List.of(), OptionalLong.empty(), new IdleStanding(1L << 40, 0, 1 << 20,
                    new IdleSpace(16, 16, 16, 118, 4, 60, "committed units 16..31 at block 118"),
                    IdleHistory.NONE.with(new IdleHistory.Entry(IdleHistory.Kind.REFUSED, 60, 7, 16, 4, "units 16..19 refused"))
                            .with(new IdleHistory.Entry(IdleHistory.Kind.CERTIFIED, 80, 9, 0, 16, "certified units 0..15")),
                    List.of(new IssuedIdleChallenge(14, TWO, Hash.ZERO, 16, 16, 119, 139, true, false))));

    @Test
    void oneLinePerMinerWithItsStatus() {
        JsonObject all = AuditViews.miners(List.of(FAULTED, IDLE), 120, 60);
        List<String> lines = AuditCommands.table(all);
        assertEquals("height 120; challenge periods of 60 blocks, the next starts at block 180", lines.get(0));
        assertTrue(lines.get(1).startsWith("MINER "), lines.get(1));
        assertEquals(String.format("%-49s %-9s %6d %6d %6d %14s %10s  %s", ONE.ss58(), "positive", 5, 1, 1, "200", "0",
                "challenge 12 open: answer by block 130 (10 blocks left); last: " + FAILED.lastReason()), lines.get(2));
        assertTrue(lines.get(3).startsWith(TWO.ss58() + " positive       0      0      0              0      16+16  "),
                lines.get(3));
        assertTrue(lines.get(3).endsWith("idle challenge 14 open: answer by block 139 (19 blocks left)"), lines.get(3));
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
                "idle        0 units certified (0 counted, 0 bytes), 0 waiting for certification, 0 refused in all; units of"
                        + " 1048576 bytes",
                "power       50331648 bytes (50331648 service + 0 idle); 0 of 0 declared bytes count nothing until certified",
                "idle status no filler committed; power 50331648 bytes of service data + 0 bytes of certified idle space",
                "idle log    nothing yet",
                "faults      kept for repair:",
                "  challenge 9 (block 75): file " + FID.hex() + " segment 2 fragment 5, root " + ROOT.hex()), lines);
    }

    @Test
    void aMinersIdleSpaceInFull() {
        List<String> lines = AuditCommands.detail(AuditViews.miner(IDLE, 120, 60));
        int at = lines.indexOf("idle        16 units certified (16 counted, 16777216 bytes), 16 waiting for certification, "
                + "4 refused in all; units of 1048576 bytes");
        assertTrue(at > 0, lines.toString());
        assertEquals(List.of(
                "power       16777216 bytes (0 service + 16777216 idle); 1099494850560 of 1099511627776 declared bytes count nothing"
                        + " until certified",
                "idle status idle challenge 14 (certification of units 16..31) open: answer by block 139 (19 blocks left); "
                        + "power 0 bytes of service data + 16777216 bytes of certified idle space; 1099494850560 declared bytes"
                        + " count nothing until certified",
                "  #14     certifies units 16..31, issued at 119, deadline 139  open, 19 blocks left",
                "idle log    (oldest first)",
                "  block 60 refused: units 16..19 refused",
                "  block 80 certified: certified units 0..15"), lines.subList(at + 1, at + 7));
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
