package cess.audit.model;

import static cess.audit.model.SamplerTest.MINER;
import static cess.audit.model.SamplerTest.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.Refusal.Reason;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every verdict from a real proof over random bytes, honest and then tampered. */
class ProofCheckTest {
    private static final AuditParams P = AuditParams.DEFAULT;
    private static final int C = ChunkTree.CHUNK;
    private static final int B = ChunkTree.BLOCK_BYTES;
    private static final long ISSUED = 1_000;

    private MemoryHoldings holdings;
    private Challenge challenge;
    private ServiceProof proof;
    private long inTime;

    @BeforeEach
    void honestMinerWithFragmentsOfMixedSizes() {
        holdings = new MemoryHoldings();
        int[] lengths = {3 * B + 5 * C + 17, 2 * B, 200 * C + 1, C, 700, 5 * B - 3};
        for (int i = 0; i < lengths.length; i++) {
            holdings.addRandom(MINER, lengths[i], 100 + i);
        }
        challenge = Challenge.issue(7, MINER, SamplerTest.seed(7), holdings, ISSUED, 3L << 30, P).orElseThrow();
        proof = Prover.prove(challenge, holdings, holdings);
        inTime = ISSUED + 10;
    }

    private Optional<Refusal> check(ServiceProof p) {
        return ProofCheck.check(challenge, p, MINER, inTime, holdings, P);
    }

    private static void refused(Reason reason, Optional<Refusal> r) {
        assertTrue(r.isPresent(), "expected " + reason);
        assertEquals(reason, r.get().reason(), r.get().message());
        assertFalse(r.get().failsProof(), reason + " must refuse the transaction, not fail the proof");
    }

    private static Refusal failed(Optional<Refusal> r) {
        assertTrue(r.isPresent(), "expected a failed proof");
        assertEquals(Reason.BAD_PATH, r.get().reason(), r.get().message());
        assertTrue(r.get().failsProof());
        return r.get();
    }

    /** The proof with entry {@code i} replaced. */
    private ServiceProof with(int i, UnaryOperator<ServiceProof.Entry> change) {
        List<ServiceProof.Entry> entries = new ArrayList<>(proof.entries());
        entries.set(i, change.apply(entries.get(i)));
        return new ServiceProof(proof.challengeId(), entries);
    }

    private static ServiceProof.Entry entry(ServiceProof.Entry e, byte[] data, List<Hash> siblings) {
        return new ServiceProof.Entry(e.seq(), e.chunk(), data, siblings);
    }

    /** The first sample whose fragment has at least {@code chunks} chunks and whose chunk is not the last. */
    private int sampleInFragmentOf(long chunks) {
        for (int i = 0; i < challenge.samples().size(); i++) {
            Sample s = challenge.samples().get(i);
            long n = holdings.at(MINER, s.seq()).chunks();
            if (n >= chunks && s.chunk() < n - 1) {
                return i;
            }
        }
        throw new AssertionError("no sample in a fragment of " + chunks + " chunks");
    }

    @Test
    void anHonestProofPassesUpToItsDeadline() {
        assertEquals(180, proof.entries().size());
        assertEquals(Optional.empty(), check(proof));
        assertEquals(Optional.empty(), ProofCheck.check(challenge, proof, MINER, ISSUED, holdings, P), "at once");
        assertEquals(Optional.empty(), ProofCheck.check(challenge, proof, MINER, challenge.deadlineHeight(), holdings, P),
                "at the deadline itself");
        assertEquals(Optional.empty(), check(ServiceProof.decode(proof.encode(), P)), "after a round trip through bytes");
        assertEquals(List.of(), ProofCheck.voidSamples(challenge, holdings));
    }

    @Test
    void aProofFromAnotherAccountIsRefusedEvenIfValid() {
        Optional<Refusal> r = ProofCheck.check(challenge, proof, account(2), inTime, holdings, P);
        refused(Reason.NOT_CHALLENGED, r);
        assertTrue(r.get().message().contains(account(2).ss58()));
        // A garbage proof from another account is no evidence against the challenged miner.
        ServiceProof garbage = with(0, e -> entry(e, new byte[e.data().length], e.siblings()));
        refused(Reason.NOT_CHALLENGED, ProofCheck.check(challenge, garbage, account(2), inTime, holdings, P));
    }

    @Test
    void aProofForAnotherChallengeIsRefused() {
        ServiceProof other = new ServiceProof(8, proof.entries());
        Optional<Refusal> r = check(other);
        refused(Reason.WRONG_CHALLENGE, r);
        assertTrue(r.get().message().contains("challenge 8, not challenge 7"));
    }

    @Test
    void aReplayOfAnAnsweredChallengeIsRefused() {
        Challenge answered = challenge.answer();
        refused(Reason.ALREADY_ANSWERED, ProofCheck.check(answered, proof, MINER, inTime, holdings, P));
        ServiceProof tampered = with(0, e -> entry(e, new byte[e.data().length], e.siblings()));
        refused(Reason.ALREADY_ANSWERED, ProofCheck.check(answered, tampered, MINER, inTime, holdings, P));
    }

    @Test
    void aProofAfterTheDeadlineIsRefused() {
        long late = challenge.deadlineHeight() + 1;
        Optional<Refusal> r = ProofCheck.check(challenge, proof, MINER, late, holdings, P);
        refused(Reason.LATE, r);
        assertTrue(r.get().message().contains("closed at block " + challenge.deadlineHeight() + "; this is block " + late));
    }

    @Test
    void anOversizedProofIsRefused() {
        AuditParams tight = new AuditParams(180, 600, 50, P.serviceBytesPerBlock(), 500, 1500, 500, 1000, 1, 100,
                ServiceProof.encodedSize(180, 32));
        List<ServiceProof.Entry> fat = new ArrayList<>();
        for (ServiceProof.Entry e : proof.entries()) {
            fat.add(entry(e, new byte[C], Collections.nCopies(64, Hash.ZERO)));
        }
        Optional<Refusal> r = ProofCheck.check(challenge, new ServiceProof(7, fat), MINER, inTime, holdings, tight);
        refused(Reason.TOO_LARGE, r);
        assertEquals(Optional.empty(), ProofCheck.check(challenge, proof, MINER, inTime, holdings, tight));
    }

    @Test
    void tooFewOrTooManyEntriesAreRefused() {
        List<ServiceProof.Entry> fewer = new ArrayList<>(proof.entries().subList(0, 179));
        Optional<Refusal> r = check(new ServiceProof(7, fewer));
        refused(Reason.WRONG_SAMPLE_COUNT, r);
        assertTrue(r.get().message().contains("drew 180 samples; the proof answers 179"));
        List<ServiceProof.Entry> more = new ArrayList<>(proof.entries());
        more.add(proof.entries().get(0));
        refused(Reason.WRONG_SAMPLE_COUNT, check(new ServiceProof(7, more)));
        refused(Reason.WRONG_SAMPLE_COUNT, check(new ServiceProof(7, List.of())));
    }

    @Test
    void entriesForOtherSamplesOrInAnotherOrderAreRefused() {
        int i = sampleInFragmentOf(3);
        Sample s = challenge.samples().get(i);
        // The neighbouring chunk, with its own true bytes and path: genuine data, but not what was drawn.
        Holding h = holdings.at(MINER, s.seq());
        byte[] block = holdings.block(h, (int) ((s.chunk() + 1) / ChunkTree.BLOCK_CHUNKS));
        List<Hash> path = ChunkTree.path(h.length(), s.chunk() + 1, block, block.length, holdings.blockNodes(h));
        int from = (int) ((s.chunk() + 1) % ChunkTree.BLOCK_CHUNKS) * C;
        byte[] next = Arrays.copyOfRange(block, from, from + ChunkTree.chunkLength(h.length(), s.chunk() + 1));
        assertTrue(ChunkTree.verify(h.root(), h.length(), s.chunk() + 1, next, path), "the substitute is genuine");
        Optional<Refusal> r = check(with(i, e -> new ServiceProof.Entry(e.seq(), e.chunk() + 1, next, path)));
        refused(Reason.WRONG_SAMPLE, r);
        assertEquals(List.of(i), r.get().samples());
        assertTrue(r.get().message().contains("sample " + i + " is chunk " + s.chunk()));

        refused(Reason.WRONG_SAMPLE, check(with(i, e -> new ServiceProof.Entry(e.seq() + 1, e.chunk(), e.data(), e.siblings()))));
        int j = i + 1;
        while (challenge.samples().get(j).equals(s)) {
            j++;
        }
        List<ServiceProof.Entry> swapped = new ArrayList<>(proof.entries());
        Collections.swap(swapped, i, j);
        refused(Reason.WRONG_SAMPLE, check(new ServiceProof(7, swapped)));
    }

    @Test
    void aChunkOfTheWrongLengthIsRefused() {
        int i = sampleInFragmentOf(2);
        Optional<Refusal> r = check(with(i, e -> entry(e, Arrays.copyOf(e.data(), C - 1), e.siblings())));
        refused(Reason.BAD_CHUNK_LENGTH, r);
        assertTrue(r.get().message().contains("has 1024 bytes; the proof gives 1023"), r.get().message());
        // The last, short chunk of every fragment, padded to a full one.
        List<Sample> lasts = new ArrayList<>();
        for (long seq = 0; seq < holdings.count(MINER); seq++) {
            Holding h = holdings.at(MINER, seq);
            lasts.add(new Sample(seq, h.chunks() - 1, h.root()));
        }
        Challenge ends = new Challenge(9, MINER, SamplerTest.seed(9), lasts, ISSUED, ISSUED + 50, false);
        ServiceProof honest = Prover.prove(ends, holdings, holdings);
        assertEquals(Optional.empty(), ProofCheck.check(ends, honest, MINER, ISSUED, holdings, P));
        for (int k = 0; k < lasts.size(); k++) {
            ServiceProof.Entry e = honest.entries().get(k);
            if (e.data().length < C) {
                List<ServiceProof.Entry> entries = new ArrayList<>(honest.entries());
                entries.set(k, entry(e, Arrays.copyOf(e.data(), C), e.siblings()));
                refused(Reason.BAD_CHUNK_LENGTH, ProofCheck.check(ends, new ServiceProof(9, entries), MINER, ISSUED, holdings, P));
            }
        }
    }

    @Test
    void aPathWithASiblingTooManyOrTooFewIsRefused() {
        int i = sampleInFragmentOf(64);
        ServiceProof.Entry e = proof.entries().get(i);
        refused(Reason.BAD_PATH_LENGTH, check(with(i, x -> entry(x, x.data(), x.siblings().subList(1, x.siblings().size())))));
        List<Hash> longer = new ArrayList<>(e.siblings());
        longer.add(Hash.ZERO);
        Optional<Refusal> r = check(with(i, x -> entry(x, x.data(), longer)));
        refused(Reason.BAD_PATH_LENGTH, r);
        assertTrue(r.get().message().contains("a path of " + e.siblings().size() + " siblings; the proof gives "
                + longer.size()), r.get().message());
    }

    @Test
    void aTamperedChunkFailsTheProof() {
        int i = sampleInFragmentOf(2);
        Refusal r = failed(check(with(i, e -> {
            byte[] d = e.data();
            d[d.length / 2] ^= 1;
            return entry(e, d, e.siblings());
        })));
        assertEquals(List.of(i), r.samples());
        assertTrue(r.message().contains("1 of 180 samples"), r.message());
    }

    @Test
    void aWrongSiblingFailsTheProof() {
        int i = sampleInFragmentOf(64);
        failed(check(with(i, e -> {
            List<Hash> s = new ArrayList<>(e.siblings());
            s.set(s.size() - 1, Hash.sha256(new byte[] {3}));
            return entry(e, e.data(), s);
        })));
    }

    @Test
    void theRightChunkWithThePathOfAnotherIndexFailsTheProof() {
        // The entry names the drawn index but carries the path of chunk index ^ 1 (same depth).
        int i = sampleInFragmentOf(64);
        Sample s = challenge.samples().get(i);
        Holding h = holdings.at(MINER, s.seq());
        long other = s.chunk() ^ 1;
        byte[] block = holdings.block(h, (int) (other / ChunkTree.BLOCK_CHUNKS));
        List<Hash> path = ChunkTree.path(h.length(), other, block, block.length, holdings.blockNodes(h));
        assertEquals(ProofCheck.pathLength(h.length(), s.chunk()), path.size());
        failed(check(with(i, e -> entry(e, e.data(), path))));
    }

    @Test
    void aChunkOfAnotherFragmentFailsTheProof() {
        int i = sampleInFragmentOf(2);
        Sample s = challenge.samples().get(i);
        Holding other = holdings.at(MINER, s.seq() == 0 ? 1 : 0);
        byte[] foreign = Arrays.copyOf(holdings.block(other, 0), C);
        failed(check(with(i, e -> entry(e, foreign, e.siblings()))));
    }

    @Test
    void aFailureNamesEverySampleThatFailed() {
        ServiceProof p = proof;
        List<Integer> tampered = List.of(3, 50, 177);
        for (int i : tampered) {
            List<ServiceProof.Entry> entries = new ArrayList<>(p.entries());
            ServiceProof.Entry e = entries.get(i);
            byte[] d = e.data();
            d[0] ^= 0x7F;
            entries.set(i, entry(e, d, e.siblings()));
            p = new ServiceProof(7, entries);
        }
        Refusal r = failed(check(p));
        assertEquals(tampered, r.samples());
        assertTrue(r.message().startsWith("3 of 180 samples"), r.message());
    }

    @Test
    void aProofBothMalformedAndWrongIsRefusedNotFailed() {
        ServiceProof bad = with(2, e -> entry(e, new byte[e.data().length], e.siblings()));
        failed(check(bad));
        proof = bad;
        refused(Reason.WRONG_SAMPLE, check(with(150, e -> new ServiceProof.Entry(e.seq() + 1, e.chunk(), e.data(), e.siblings()))));
        refused(Reason.BAD_CHUNK_LENGTH, check(with(sampleInFragmentOf(2),
                e -> entry(e, Arrays.copyOf(e.data(), C - 2), e.siblings()))));
    }

    @Test
    void onlyTheBadPathReasonFailsAProof() {
        for (Reason r : Reason.values()) {
            assertEquals(r == Reason.BAD_PATH, r.failsProof(), r.name());
        }
    }

    @Test
    void aMinerWhoseFragmentRottedOnDiskCannotBuildAProof() {
        long seq = challenge.samples().get(0).seq();
        long chunk = challenge.samples().get(0).chunk();
        holdings.corrupt(MINER, seq, (int) (chunk * C));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Prover.prove(challenge, holdings, holdings));
        assertTrue(e.getMessage().contains("does not hash to the kept block node"), e.getMessage());
        assertTrue(e.getMessage().contains("block " + chunk / ChunkTree.BLOCK_CHUNKS), e.getMessage());
    }

    @Test
    void samplesOfFragmentsDeletedSinceTheChallengeAreVoidNotFailed() {
        long gone = challenge.samples().get(0).seq();
        holdings.remove(MINER, gone);
        List<Integer> voided = ProofCheck.voidSamples(challenge, holdings);
        assertFalse(voided.isEmpty());
        for (int i = 0; i < challenge.samples().size(); i++) {
            long seq = challenge.samples().get(i).seq();
            assertEquals(seq == gone || seq == 5, voided.contains(i), "sample " + i + " at " + seq
                    + ": the deleted fragment and the one moved into its place are void");
        }
        assertEquals(Optional.empty(), check(proof), "the proof built before the deletion still passes");
        ServiceProof now = Prover.prove(challenge, holdings, holdings);
        assertEquals(Optional.empty(), check(now), "and so does one built after it");
        for (int i : voided) {
            assertEquals(1, now.entries().get(i).data().length, "a void sample gets a placeholder");
        }
        assertNotEquals(proof, now);
    }

    @Test
    void aMinerThatLostFivePercentOfItsChunksFailsEveryChallenge() {
        MemoryHoldings h = new MemoryHoldings();
        for (int i = 0; i < 20; i++) {
            h.addRandom(MINER, B, 500 + i);
        }
        long lost = 3; // one fragment of 20 equal ones: 5 % of the chunks
        int failures = 0;
        for (int n = 0; n < 30; n++) {
            Challenge c = Challenge.issue(n, MINER, SamplerTest.seed(1000 + n), h, ISSUED, 0, P).orElseThrow();
            List<ServiceProof.Entry> entries = new ArrayList<>();
            for (Sample s : c.samples()) {
                Holding held = h.at(MINER, s.seq());
                if (s.seq() == lost) {
                    int depth = ProofCheck.pathLength(held.length(), s.chunk());
                    entries.add(new ServiceProof.Entry(s.seq(), s.chunk(), new byte[C], Collections.nCopies(depth, Hash.ZERO)));
                } else {
                    byte[] block = h.block(held, 0);
                    entries.add(new ServiceProof.Entry(s.seq(), s.chunk(),
                            Arrays.copyOfRange(block, (int) s.chunk() * C, (int) (s.chunk() + 1) * C),
                            ChunkTree.path(held.length(), s.chunk(), block, block.length, h.blockNodes(held))));
                }
            }
            Optional<Refusal> r = ProofCheck.check(c, new ServiceProof(n, entries), MINER, ISSUED, h, P);
            if (r.isPresent()) {
                assertEquals(Reason.BAD_PATH, r.get().reason());
                r.get().samples().forEach(i -> assertEquals(lost, c.samples().get(i).seq()));
                failures++;
            }
        }
        assertEquals(30, failures, "each challenge passes with probability at most 0.95^180 < 10^-4");
    }

    @Test
    void thePathLengthIsTheOneChunkTreeBuilds() {
        for (int len : new int[] {1, C, C + 1, 3 * C + 7, B, B + 1, 5 * B + 3 * C + 1}) {
            byte[] data = MemoryHoldings.random(len, len);
            ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(data, 0, len);
            hasher.finish();
            for (long i = 0; i < ChunkTree.chunks(len); i++) {
                int from = (int) (i / ChunkTree.BLOCK_CHUNKS) * B;
                byte[] block = Arrays.copyOfRange(data, from, Math.min(len, from + B));
                assertEquals(ChunkTree.path(len, i, block, block.length, hasher.blockNodes()).size(),
                        ProofCheck.pathLength(len, i), len + "/" + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ProofCheck.pathLength(C, 1));
    }
}
