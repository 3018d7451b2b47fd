package cess.audit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.idle.FillerUnits;
import cess.audit.model.idle.IdleParams;
import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle state values survive their encodings, refuse what they cannot be, and the parameters say why they refuse. */
class IdleStateTest {
    static final Hash NET = IdleAuditParams.network("cess-devnet");

    @Test
    void idleSpaceRoundTripsAndTracksItsBatch() {
        IdleSpace s = IdleSpace.NONE.next(FillerUnits.none(1 << 20).commit(4, 1L << 40, 0), 7, 0, "committed");
        assertTrue(s.hasPending());
        assertEquals(7, s.pendingSince());
        assertEquals(4, s.pendingEnd());
        assertEquals(s, IdleSpace.decode(new Decoder(s.encode())));
        IdleSpace refused = s.next(s.units(1 << 20).onDeadline(), 12, 4, "refused");
        assertFalse(refused.hasPending());
        assertEquals(4, refused.refusedUnits());
        assertEquals(12, refused.lastRefusedHeight());
        assertEquals(refused, IdleSpace.decode(new Decoder(refused.encode())));
        assertEquals(-1, IdleSpace.decode(new Decoder(IdleSpace.NONE.encode())).lastRefusedHeight());
        assertThrows(IllegalArgumentException.class, () -> new IdleSpace(3, 5, 2, 0, 0, -1, "a batch must follow the certified"));
        assertEquals(AuditRecord.MAX_REASON_BYTES, IdleSpace.clip("x".repeat(2000)).length(), "long reasons are clipped");
    }

    @Test
    void fragmentsDisplaceTheCountedUnits() {
        IdleSpace s = new IdleSpace(16, 0, 0, 0, 0, -1, "certified");
        assertEquals(16, s.countedUnits(1L << 30, 0, 1 << 20));
        assertEquals(10, s.countedUnits(26L << 20, 16L << 20, 1 << 20), "26 MiB declared, 16 MiB of service data: room for 10");
        assertEquals(0, s.countedUnits(16L << 20, 16L << 20, 1 << 20));
    }

    @Test
    void challengesAndHistoriesRoundTrip() {
        IssuedIdleChallenge c = new IssuedIdleChallenge(9, KeyPair.dev("//Miner1").address(), Hash.sha256(new byte[] {1}), 16, 4,
                30, 36, true, false);
        assertEquals(c, IssuedIdleChallenge.decode(new Decoder(c.encode())));
        assertEquals(106, c.encode().length);
        assertTrue(c.answer().answered());
        assertEquals(IssuedIdleChallenge.proofId(9), c.challenge().id());
        assertFalse(IssuedIdleChallenge.proofId(9).equals(IssuedIdleChallenge.proofId(10)));
        assertThrows(IllegalArgumentException.class, () -> new IssuedIdleChallenge(9, c.miner(), c.seed(), 0, 0, 30, 36, true, false));
        assertThrows(IllegalArgumentException.class, () -> new IssuedIdleChallenge(9, c.miner(), c.seed(), 0, 1, 30, 29, true, false));
        IdleHistory h = IdleHistory.NONE;
        for (int i = 0; i < IdleHistory.KEEP + 3; i++) {
            h = h.with(new IdleHistory.Entry(IdleHistory.Kind.PASSED, i, i, 0, 16, "passed " + i));
        }
        assertEquals(IdleHistory.KEEP, h.entries().size());
        assertEquals("passed 3", h.entries().get(0).reason(), "the oldest are dropped");
        IdleHistory one = IdleHistory.NONE.with(new IdleHistory.Entry(IdleHistory.Kind.COMMITTED, 2, -1, 0, 16, "committed"));
        assertEquals(one, IdleHistory.decode(new Decoder(one.encode())));
        assertEquals(h, IdleHistory.decode(new Decoder(h.encode())));
    }

    @Test
    void callsRoundTripAndAreBounded() {
        AuditCall.CommitFiller f = new AuditCall.CommitFiller(16, List.of(Hash.ZERO, Hash.sha256(new byte[] {2})));
        cess.shared.Encoder e = new cess.shared.Encoder();
        f.encodeBody(e);
        assertEquals(f, AuditCall.decodeBody(AuditCall.COMMIT_FILLER, new Decoder(e.toBytes())));
        AuditCall.SubmitIdleProof p = new AuditCall.SubmitIdleProof(5, new byte[] {1, 2, 3});
        cess.shared.Encoder pe = new cess.shared.Encoder();
        p.encodeBody(pe);
        assertEquals(p, AuditCall.decodeBody(AuditCall.SUBMIT_IDLE_PROOF, new Decoder(pe.toBytes())));
        byte[] many = new cess.shared.Encoder().u64(0).u32(IdleAuditParams.MAX_ROOTS + 1).toBytes();
        assertThrows(IllegalArgumentException.class, () -> AuditCall.decodeBody(AuditCall.COMMIT_FILLER, new Decoder(many)),
                "too many roots are refused before they are read");
        byte[] huge = new cess.shared.Encoder().u64(0).u32(SignedTransaction.MAX_ENCODED_BYTES + 1L).toBytes();
        assertThrows(IllegalArgumentException.class, () -> AuditCall.decodeBody(AuditCall.SUBMIT_IDLE_PROOF, new Decoder(huge)));
    }

    @Test
    void parametersFollowCessFormulaAndRefuseWhatCannotWork() {
        IdleAuditParams local = IdleAuditParams.local(1000, NET);
        assertEquals(20, local.deadlineBaseBlocks());
        assertEquals(203_613_264L / 6, local.idleBytesPerBlock(), "CESS's rate at 1 s blocks");
        assertEquals(20, local.deadlineBlocks(16L << 20, 60), "16 MiB add nothing at 34 MB a block");
        assertEquals(20 + 31, local.deadlineBlocks(1L << 30, 60), "1 GiB adds 31 blocks");
        assertEquals(60, local.deadlineBlocks(1L << 40, 60), "capped at the period");
        IdleAuditParams production = IdleAuditParams.production(6000, NET);
        assertEquals(2, production.deadlineBaseBlocks(), "production keeps the floor at 12 s");
        assertEquals(2, production.deadlineBlocks(1L << 40, 600), "and flat: a terabyte of filler gains a cheater no time");
        assertEquals(600, IdleAuditParams.cess(6000, NET).deadlineBlocks(1L << 40, 600),
                "CESS's rate would stretch it to the whole period");
        assertEquals(50, IdleAuditParams.cess(6000, NET).deadlineBaseBlocks(), "CESS's own floor, for comparison");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IdleAuditParams(IdleParams.devnet(), NET, 0, 1, 8))
                .getMessage().contains("deadlineBaseBlocks"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IdleAuditParams(IdleParams.devnet(), NET, 1, 1, 0))
                .getMessage().contains("maxRootsPerCommit"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new IdleAuditParams(new IdleParams(1 << 30, 10, 4096, 1), NET, 1, 1, 8)).getMessage()
                .contains("more than a transaction carries"));
        assertFalse(IdleAuditParams.network("cess-devnet").equals(IdleAuditParams.network("cess-testnet")));
    }
}
