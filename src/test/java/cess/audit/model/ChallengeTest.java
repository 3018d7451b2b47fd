package cess.audit.model;

import static cess.audit.model.SamplerTest.MINER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    private static final AuditParams P = AuditParams.DEFAULT;

    private static MemoryHoldings two() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 3 * ChunkTree.BLOCK_BYTES, 1);
        h.addRandom(MINER, 5_000, 2);
        return h;
    }

    @Test
    void issuingDrawsTheSamplesAndTheDeadline() {
        MemoryHoldings h = two();
        long bytes = 10L << 30;
        Challenge c = Challenge.issue(4, MINER, SamplerTest.seed(4), h, 1_200, bytes, P).orElseThrow();
        assertEquals(4, c.id());
        assertEquals(MINER, c.miner());
        assertEquals(SamplerTest.seed(4), c.seed());
        assertEquals(Sampler.draw(SamplerTest.seed(4), MINER, h, 180), c.samples());
        assertEquals(1_200, c.issuedHeight());
        assertEquals(1_200 + 50 + 426, c.deadlineHeight(), "10 GiB / 25,165,824 = 426 blocks over the floor");
        assertFalse(c.answered());
        assertTrue(c.answer().answered());
        assertEquals(c.samples(), c.answer().samples());
    }

    @Test
    void aMinerHoldingNothingGetsNoServiceChallenge() {
        assertEquals(Optional.empty(), Challenge.issue(1, MINER, SamplerTest.seed(1), new MemoryHoldings(), 10, 0, P));
    }

    @Test
    void theDeadlineIsTheLastBlockThatCounts() {
        Challenge c = Challenge.issue(1, MINER, SamplerTest.seed(1), two(), 100, 0, P).orElseThrow();
        assertEquals(150, c.deadlineHeight());
        assertFalse(c.expiredAt(100));
        assertFalse(c.expiredAt(150));
        assertTrue(c.expiredAt(151));
    }

    @Test
    void theStateEncodingRoundTripsAndHasTheStatedSize() {
        Challenge c = Challenge.issue(99, MINER, SamplerTest.seed(2), two(), 7, 1 << 20, P).orElseThrow();
        byte[] bytes = c.encode();
        assertEquals(93 + 48 * 180, bytes.length);
        assertEquals(8_733, bytes.length);
        Decoder d = new Decoder(bytes);
        Challenge back = Challenge.decode(d);
        d.end();
        assertEquals(c, back);
        assertArrayEquals(bytes, back.encode());
        Challenge answered = Challenge.decode(new Decoder(c.answer().encode()));
        assertTrue(answered.answered());
    }

    @Test
    void malformedChallengesAreRefused() {
        Sample s = new Sample(0, 0, Hash.ZERO);
        Hash seed = Hash.ZERO;
        assertThrows(IllegalArgumentException.class, () -> new Challenge(-1, MINER, seed, List.of(s), 1, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(1, null, seed, List.of(s), 1, 2, false));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Challenge(1, MINER, seed, List.of(), 1, 2, false))
                .getMessage().contains("1..4096 samples"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Challenge(1, MINER, seed, List.of(s), 5, 4, false))
                .getMessage().contains("must not precede"));
        assertThrows(IllegalArgumentException.class, () -> new Sample(-1, 0, Hash.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Sample(0, 0, null));

        byte[] ok = new Challenge(1, MINER, seed, List.of(s), 1, 2, false).encode();
        byte[] flag = ok.clone();
        flag[8 + 32 + 32 + 16] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Challenge.decode(new Decoder(flag))).getMessage()
                .contains("0 or 1"));
        byte[] many = new Encoder().u64(1).address(MINER).hash(seed).u64(1).u64(2).u8(0).u32(4097).toBytes();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Challenge.decode(new Decoder(many))).getMessage()
                .contains("at most 4096"));
    }
}
