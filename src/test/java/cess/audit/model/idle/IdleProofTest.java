package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Encoder;
import cess.shared.Hash;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdleProofTest {
    static final IdleParams P = FillerLabelsTest.P;
    static IdleProof proof;

    @BeforeAll
    static void prove() throws IOException {
        MemoryFiller f = MemoryFiller.honest(P, FillerLabelsTest.NET, FillerLabelsTest.MINER, 2);
        proof = new IdleProver(P, FillerLabelsTest.NET).prove(
                new IdleChallenge(Hash.ZERO, FillerLabelsTest.MINER, Hash.sha256(new byte[] {9}), 0, 2), f);
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(IllegalArgumentException.class, () -> IdleProof.decode(bytes, P)).getMessage();
    }

    @Test
    void theEncodingRoundTripsAndIsCanonical() {
        byte[] enc = proof.encode();
        IdleProof back = IdleProof.decode(enc, P);
        assertEquals(proof, back);
        assertArrayEquals(enc, back.encode());
        assertTrue(enc.length <= IdleProof.maxEncodedBytes(P));
        // 12 samples of up to 7 openings of 32 + 1 + 11 × 32 bytes
        assertEquals(32 + 4 + 12 * (13 + 7 * 385), IdleProof.maxEncodedBytes(P));
    }

    @Test
    void oversizedTruncatedOrTrailingBytesAreRefused() {
        byte[] enc = proof.encode();
        assertTrue(refusal(new byte[(int) IdleProof.maxEncodedBytes(P) + 1]).contains("at most"));
        assertTrue(refusal(Arrays.copyOf(enc, enc.length - 5)).contains("truncated"));
        byte[] shorter = new IdleProof(proof.challenge(), proof.answers().subList(0, 3)).encode();
        assertTrue(refusal(Arrays.copyOf(shorter, shorter.length + 1)).contains("trailing"));
    }

    @Test
    void countsBeyondTheParametersAreRefused() {
        assertTrue(refusal(new Encoder().hash(Hash.ZERO).u32(P.samples() + 1).toBytes()).contains("at most 12 answers"));
        byte[] badIndex = new Encoder().hash(Hash.ZERO).u32(1).u64(0).u32(P.labels()).u8(1).toBytes();
        assertTrue(refusal(badIndex).contains("outside"));
        byte[] tooManyOpenings = new Encoder().hash(Hash.ZERO).u32(1).u64(0).u32(5).u8(P.openingsPerSample() + 1).toBytes();
        assertTrue(refusal(tooManyOpenings).contains("opens"));
        byte[] shortPath = new Encoder().hash(Hash.ZERO).u32(1).u64(0).u32(5).u8(1).hash(Hash.ZERO).u8(3).toBytes();
        assertTrue(refusal(shortPath).contains("a path has 11 hashes, not 3"));
    }

    @Test
    void recordsValidateThemselves() {
        assertThrows(IllegalArgumentException.class, () -> new IdleProof.Opening(Hash.ZERO, Collections.nCopies(33, Hash.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> new IdleProof.Answer(0, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IdleProof.Answer(-1, 1, List.of(new IdleProof.Opening(Hash.ZERO, List.of()))));
        assertThrows(IllegalArgumentException.class, () -> new IdleProof(null, List.of()));
    }
}
