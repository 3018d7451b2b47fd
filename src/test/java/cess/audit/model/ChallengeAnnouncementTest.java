package cess.audit.model;

import static cess.audit.model.SamplerTest.MINER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChallengeAnnouncementTest {
    private static final Hash BLOCK = Hash.sha256("block 1200".getBytes());

    private static Challenge challenge() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 3 * ChunkTree.BLOCK_BYTES, 1);
        return Challenge.issue(7, MINER, SamplerTest.seed(7), h, 1_200, 1L << 30, AuditParams.DEFAULT).orElseThrow();
    }

    @Test
    void anAnnouncementSaysWhichChallengeWhoseAndInWhichBlockAndRoundTrips() {
        Challenge c = challenge();
        ChallengeAnnouncement a = ChallengeAnnouncement.of(c, BLOCK);
        assertEquals(ChallengeAnnouncement.Type.SERVICE, a.type());
        assertEquals(7, a.challenge());
        assertEquals(MINER, a.miner());
        assertEquals(1_200, a.issuedHeight());
        assertEquals(BLOCK, a.block());
        assertEquals(c.deadlineHeight(), a.deadlineHeight());
        byte[] bytes = a.encode();
        assertEquals(89, bytes.length);
        assertEquals(ChallengeAnnouncement.ENCODED_BYTES, bytes.length);
        assertEquals(a, ChallengeAnnouncement.decode(bytes));
    }

    @Test
    void malformedBytesAreRefusedNotGuessed() {
        byte[] good = ChallengeAnnouncement.of(challenge(), BLOCK).encode();
        IllegalArgumentException shortBytes = assertThrows(IllegalArgumentException.class,
                () -> ChallengeAnnouncement.decode(Arrays.copyOf(good, 88)));
        assertTrue(shortBytes.getMessage().contains("89 bytes, not 88"), shortBytes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChallengeAnnouncement.decode(Arrays.copyOf(good, 90)));
        byte[] unknownType = good.clone();
        unknownType[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChallengeAnnouncement.decode(unknownType))
                .getMessage().contains("no challenge type 9"));
        byte[] hugeId = good.clone();
        hugeId[1] = (byte) 0x80; // above 2^63 - 1
        assertThrows(IllegalArgumentException.class, () -> ChallengeAnnouncement.decode(hugeId));
    }

    @Test
    void impossibleHeightsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChallengeAnnouncement(ChallengeAnnouncement.Type.SERVICE, 1, MINER, 0, BLOCK, 10), "genesis issues nothing");
        assertThrows(IllegalArgumentException.class,
                () -> new ChallengeAnnouncement(ChallengeAnnouncement.Type.SERVICE, 1, MINER, 10, BLOCK, 9), "deadline before issue");
        assertThrows(IllegalArgumentException.class,
                () -> new ChallengeAnnouncement(ChallengeAnnouncement.Type.SERVICE, -1, MINER, 10, BLOCK, 20));
        assertThrows(IllegalArgumentException.class,
                () -> new ChallengeAnnouncement(null, 1, MINER, 10, BLOCK, 20));
    }
}
