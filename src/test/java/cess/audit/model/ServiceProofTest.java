package cess.audit.model;

import static cess.audit.model.SamplerTest.MINER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProofTest {
    private static final AuditParams P = AuditParams.DEFAULT;
    private static final int MIB = 1 << 20;

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static ServiceProof proofOver(MemoryHoldings h, long id, int seed) {
        Challenge c = Challenge.issue(id, MINER, SamplerTest.seed(seed), h, 100, 0, P).orElseThrow();
        return Prover.prove(c, h, h);
    }

    @Test
    void aProofOverAnEightMebibyteFragmentHasTheStatedSize() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 8 * MIB, 1);
        ServiceProof proof = proofOver(h, 3, 1);
        assertEquals(180, proof.entries().size());
        for (ServiceProof.Entry e : proof.entries()) {
            assertEquals(13, e.siblings().size(), "8,192 chunks: a tree 13 deep");
            assertEquals(1_461, e.encodedSize(), "21 + 1,024 + 13 × 32");
        }
        byte[] bytes = proof.encode();
        assertEquals(262_992, bytes.length, "12 + 180 × 1,461");
        assertEquals(bytes.length, proof.encodedSize());
        assertEquals(ServiceProof.encodedSize(180, 13), bytes.length);
    }

    @Test
    void theEncodingIsCanonical() {
        MemoryHoldings h = new MemoryHoldings();
        h.addRandom(MINER, 3 * ChunkTree.BLOCK_BYTES + 777, 2);
        h.addRandom(MINER, 900, 3);
        ServiceProof proof = proofOver(h, 42, 2);
        byte[] bytes = proof.encode();
        ServiceProof back = ServiceProof.decode(bytes, P);
        assertEquals(proof, back);
        assertEquals(proof.hashCode(), back.hashCode());
        assertArrayEquals(bytes, back.encode());
        assertNotEquals(proof, proofOver(h, 42, 3));
    }

    @Test
    void entriesCopyTheirBytes() {
        byte[] chunk = {1, 2, 3};
        ServiceProof.Entry e = new ServiceProof.Entry(0, 0, chunk, List.of());
        chunk[0] = 9;
        assertEquals(1, e.data()[0]);
        e.data()[1] = 9;
        assertEquals(2, e.data()[1]);
        assertEquals(e, new ServiceProof.Entry(0, 0, new byte[] {1, 2, 3}, List.of()));
        assertTrue(e.toString().contains("3 bytes"));
    }

    @Test
    void entriesOutOfBoundsAreRefusedWithTheBound() {
        assertTrue(refusal(() -> new ServiceProof.Entry(-1, 0, new byte[1], List.of())).contains("negative"));
        assertTrue(refusal(() -> new ServiceProof.Entry(0, -1, new byte[1], List.of())).contains("negative"));
        assertTrue(refusal(() -> new ServiceProof.Entry(0, 0, new byte[0], List.of())).contains("1..1024"));
        assertTrue(refusal(() -> new ServiceProof.Entry(0, 0, new byte[1025], List.of())).contains("1..1024"));
        assertTrue(refusal(() -> new ServiceProof.Entry(0, 0, new byte[1], Collections.nCopies(65, Hash.ZERO)))
                .contains("at most 64 siblings"));
        assertTrue(refusal(() -> new ServiceProof(-1, List.of())).contains("negative"));
        List<ServiceProof.Entry> many = Collections.nCopies(AuditParams.MAX_SAMPLES + 1,
                new ServiceProof.Entry(0, 0, new byte[1], List.of()));
        assertTrue(refusal(() -> new ServiceProof(0, many)).contains("at most 4096 samples"));
    }

    /** The encoding of a proof of {@code n} entries of {@code chunk} bytes and {@code siblings} siblings, unchecked. */
    private static Encoder raw(long n, int chunk, int siblings) {
        Encoder e = new Encoder().u64(1).u32(n);
        for (int i = 0; i < n; i++) {
            e.u64(i).u64(0).bytes(new byte[chunk]).u8(siblings);
            for (int s = 0; s < siblings; s++) {
                e.hash(Hash.ZERO);
            }
        }
        return e;
    }

    @Test
    void decodingRefusesWhatNoHonestProofContains() {
        assertEquals(2, ServiceProof.decode(raw(2, 1024, 13).toBytes(), P).entries().size());
        assertTrue(refusal(() -> ServiceProof.decode(new Encoder().u64(1).u32(181).toBytes(), P))
                .contains("at most 180 samples, got 181"));
        assertTrue(refusal(() -> ServiceProof.decode(raw(1, 1025, 0).toBytes(), P)).contains("1025 bytes exceeds the limit of 1024"));
        assertTrue(refusal(() -> ServiceProof.decode(raw(1, 0, 0).toBytes(), P)).contains("1..1024"));
        assertTrue(refusal(() -> ServiceProof.decode(raw(1, 10, 65).toBytes(), P)).contains("at most 64 siblings, got 65"));
        byte[] ok = raw(3, 100, 2).toBytes();
        assertTrue(refusal(() -> ServiceProof.decode(java.util.Arrays.copyOf(ok, ok.length - 1), P)).contains("truncated"));
        assertTrue(refusal(() -> ServiceProof.decode(java.util.Arrays.copyOf(ok, ok.length + 1), P)).contains("trailing"));
        byte[] negative = new Encoder().u64(1).u32(1).raw(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0}).toBytes();
        assertTrue(refusal(() -> ServiceProof.decode(negative, P)).contains("2^63"));
    }

    @Test
    void decodingRefusesProofsAboveTheByteLimitBeforeAndWhileReading() {
        AuditParams small = new AuditParams(2, 600, 50, 1, 500, 1500, 500, 1000, 1, 100, ServiceProof.encodedSize(2, 32));
        assertEquals(4_150, small.maxProofBytes());
        assertEquals(2, ServiceProof.decode(raw(2, 1024, 32).toBytes(), small).entries().size(), "exactly the limit");
        byte[] over = raw(2, 1024, 40).toBytes();
        assertTrue(refusal(() -> ServiceProof.decode(over, small)).contains("at most 4150 bytes, got " + over.length));
        // Inside a larger encoding (a call) the length is not known up front: the running size stops it.
        String m = refusal(() -> ServiceProof.decode(new cess.shared.Decoder(over), small));
        assertTrue(m.contains("sample 1 takes it to " + (12 + 2 * (21 + 1024 + 40 * 32))), m);
    }

    @Test
    void theSizeFormulaMatchesEncodings() {
        List<ServiceProof.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(new ServiceProof.Entry(i, i, new byte[ChunkTree.CHUNK], Collections.nCopies(7, Hash.ZERO)));
        }
        ServiceProof p = new ServiceProof(9, entries);
        assertEquals(ServiceProof.encodedSize(5, 7), p.encode().length);
        assertEquals(12, new ServiceProof(0, List.of()).encode().length);
    }
}
