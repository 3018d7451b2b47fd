package cess.audit.model.idle;

import static cess.audit.model.idle.FillerLabelsTest.MINER;
import static cess.audit.model.idle.FillerLabelsTest.NET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.idle.IdleProofCheck.Outcome;
import cess.audit.model.idle.IdleProofCheck.Reason;
import cess.audit.model.idle.IdleProofCheck.Verdict;
import cess.shared.Address;
import cess.shared.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdleProofCheckTest {
    static final IdleParams P = FillerLabelsTest.P;
    static final int UNITS = 4;
    static MemoryFiller honest;

    @BeforeAll
    static void fill() {
        honest = MemoryFiller.honest(P, NET, MINER, UNITS);
    }

    static IdleChallenge challenge(int seed) {
        return new IdleChallenge(Hash.sha256(new byte[] {'c', (byte) seed}), MINER, Hash.sha256(new byte[] {(byte) seed}), 0, UNITS);
    }

    static IdleProof prove(IdleChallenge c, FillerStore store) throws IOException {
        return new IdleProver(P, NET).prove(c, store);
    }

    static Verdict check(IdleChallenge c, MemoryFiller committed, IdleProof proof) {
        return new IdleProofCheck(P, NET).check(c, committed::root, proof);
    }

    /** The proof with answer {@code k} replaced. */
    static IdleProof withAnswer(IdleProof p, int k, UnaryOperator<IdleProof.Answer> change) {
        List<IdleProof.Answer> a = new ArrayList<>(p.answers());
        a.set(k, change.apply(a.get(k)));
        return new IdleProof(p.challenge(), a);
    }

    /** The answer with opening {@code j} replaced. */
    static IdleProof.Answer withOpening(IdleProof.Answer a, int j, UnaryOperator<IdleProof.Opening> change) {
        List<IdleProof.Opening> o = new ArrayList<>(a.openings());
        o.set(j, change.apply(o.get(j)));
        return new IdleProof.Answer(a.unit(), a.index(), o);
    }

    static Hash flip(Hash h) {
        byte[] b = h.bytes();
        b[31] ^= 1;
        return Hash.of(b);
    }

    /** The first answer that opens every label a sample can (index ≥ 2). */
    static int full(IdleProof p) {
        for (int k = 0; k < p.answers().size(); k++) {
            if (p.answers().get(k).openings().size() == P.openingsPerSample()) {
                return k;
            }
        }
        throw new AssertionError("no sample at index 2 or more");
    }

    @Test
    void anHonestProofPassesAndIsDeterministic() throws IOException {
        for (int s = 0; s < 5; s++) {
            IdleChallenge c = challenge(s);
            IdleProof proof = prove(c, honest);
            assertEquals(P.samples(), proof.answers().size());
            assertEquals(Verdict.PASS, check(c, honest, proof));
            assertEquals(Verdict.PASS, new IdleProofCheck(P, NET).check(c, honest::root, proof.encode()));
            assertEquals(proof, prove(c, honest));
        }
    }

    @Test
    void aProofForAnotherChallengeIsRefused() throws IOException {
        IdleProof proof = prove(challenge(1), honest);
        Verdict v = check(challenge(2), honest, proof);
        assertEquals(Outcome.REFUSED, v.outcome());
        assertEquals(Reason.WRONG_CHALLENGE, v.reason());
        // the right id over a proof built for other samples
        IdleChallenge same = new IdleChallenge(challenge(2).id(), MINER, challenge(1).seed(), 0, UNITS);
        assertEquals(Reason.WRONG_SAMPLE, check(challenge(2), honest, prove(same, honest)).reason());
    }

    @Test
    void aWrongSampleIsRefused() throws IOException {
        IdleChallenge c = challenge(3);
        IdleProof proof = prove(c, honest);
        Verdict v = check(c, honest, withAnswer(proof, 4, x -> new IdleProof.Answer(x.unit(), (x.index() + 1) % P.labels(), x.openings())));
        assertEquals(Reason.WRONG_SAMPLE, v.reason());
        assertTrue(v.detail().contains("sample 4"), v.detail());
        assertEquals(Reason.WRONG_SAMPLE, check(c, honest,
                withAnswer(proof, 4, x -> new IdleProof.Answer((x.unit() + 1) % UNITS, x.index(), x.openings()))).reason());
        List<IdleProof.Answer> swapped = new ArrayList<>(proof.answers());
        swapped.set(0, proof.answers().get(1));
        swapped.set(1, proof.answers().get(0));
        assertEquals(Reason.WRONG_SAMPLE, check(c, honest, new IdleProof(proof.challenge(), swapped)).reason());
    }

    @Test
    void aChangedSampledLabelChangesTheNextRoundAndIsRefused() throws IOException {
        // the last label of round 0 steers round 1: tampering with it moves the samples
        IdleChallenge c = challenge(4);
        IdleProof proof = prove(c, honest);
        int last = P.samplesPerRound() - 1;
        Verdict v = check(c, honest, withAnswer(proof, last, a -> withOpening(a, 0, o -> new IdleProof.Opening(flip(o.label()), o.path()))));
        assertEquals(Outcome.REFUSED, v.outcome());
        assertEquals(Reason.WRONG_SAMPLE, v.reason());
        assertTrue(v.detail().contains("sample " + P.samplesPerRound()), v.detail());
    }

    @Test
    void aTamperedPathOrOpenedLabelIsRefusedNotFailed() throws IOException {
        IdleChallenge c = challenge(5);
        IdleProof proof = prove(c, honest);
        int k = P.samples() - 1; // the last round: its labels steer nothing
        for (int j = 0; j < proof.answers().get(k).openings().size(); j++) {
            for (int h : new int[] {0, P.pathLength() - 1}) {
                int jj = j;
                IdleProof bad = withAnswer(proof, k, a -> withOpening(a, jj, o -> {
                    List<Hash> path = new ArrayList<>(o.path());
                    path.set(h, flip(path.get(h)));
                    return new IdleProof.Opening(o.label(), path);
                }));
                Verdict v = check(c, honest, bad);
                assertEquals(Reason.BAD_PATH, v.reason(), "opening " + j + ", sibling " + h);
                assertEquals(Outcome.REFUSED, v.outcome());
            }
            int jj = j;
            Verdict v = check(c, honest, withAnswer(proof, k, a -> withOpening(a, jj, o -> new IdleProof.Opening(flip(o.label()), o.path()))));
            assertEquals(Reason.BAD_PATH, v.reason(), "label of opening " + j);
        }
    }

    @Test
    void aMalformedProofIsRefused() throws IOException {
        IdleChallenge c = challenge(6);
        IdleProof proof = prove(c, honest);
        IdleProofCheck check = new IdleProofCheck(P, NET);
        assertEquals(Reason.MALFORMED, check(c, honest, new IdleProof(proof.challenge(), proof.answers().subList(0, P.samples() - 1))).reason());
        int k = full(proof);
        Verdict v = check(c, honest, withAnswer(proof, k, a -> new IdleProof.Answer(a.unit(), a.index(), a.openings().subList(0, 3))));
        assertEquals(Reason.MALFORMED, v.reason());
        byte[] enc = proof.encode();
        assertEquals(Reason.MALFORMED, check.check(c, honest::root, java.util.Arrays.copyOf(enc, enc.length - 1)).reason());
        assertEquals(Reason.MALFORMED, check.check(c, honest::root, new byte[0]).reason());
        byte[] garbage = new byte[4000];
        new Random(6).nextBytes(garbage);
        assertEquals(Reason.MALFORMED, check.check(c, honest::root, garbage).reason());
    }

    @Test
    void aMinerThatCommittedRandomBytesFails() throws IOException {
        // roots over random bytes, answered from those bytes: every path is right, no label is
        MemoryFiller liar = new MemoryFiller();
        Random r = new Random(7);
        for (long u = 0; u < UNITS; u++) {
            byte[] b = new byte[P.unitBytes()];
            r.nextBytes(b);
            liar.put(u, b);
        }
        IdleChallenge c = challenge(7);
        Verdict v = check(c, liar, prove(c, liar));
        assertEquals(Outcome.FAILED, v.outcome());
        assertEquals(Reason.BAD_LABEL, v.reason());
    }

    @Test
    void aMinerThatKeptRandomBytesInsteadOfItsCommittedLabelsHasNoValidProof() throws IOException {
        MemoryFiller kept = new MemoryFiller();
        Random r = new Random(8);
        for (long u = 0; u < UNITS; u++) {
            byte[] b = new byte[P.unitBytes()];
            r.nextBytes(b);
            kept.labels.put(u, b);
            kept.indexes.put(u, honest.indexes.get(u));
        }
        IdleChallenge c = challenge(8);
        Verdict v = check(c, honest, prove(c, kept));
        assertEquals(Outcome.REFUSED, v.outcome());
        assertTrue(v.reason() == Reason.BAD_PATH || v.reason() == Reason.WRONG_SAMPLE, v.toString());
    }

    @Test
    void anotherMinersOrNetworksFillerFails() throws IOException {
        Address other = Address.of(Hash.sha256("other".getBytes(StandardCharsets.US_ASCII)).bytes());
        MemoryFiller copied = MemoryFiller.honest(P, NET, other, UNITS);
        IdleChallenge c = challenge(9);
        assertEquals(Outcome.FAILED, check(c, copied, prove(c, copied)).outcome(), "another miner's filler under this miner's name");
        MemoryFiller elsewhere = MemoryFiller.honest(P, Hash.ZERO, MINER, UNITS);
        assertEquals(Outcome.FAILED, check(c, elsewhere, prove(c, elsewhere)).outcome(), "this miner's filler of another network");
    }

    /**
     * A cheater that commits a labelling where every 4th label is a cheap wrong value (all others
     * honestly hashed from the committed ones) regenerates fast; it fails exactly when a sample
     * lands on a wrong label, with probability 1 − (3/4)^samples.
     */
    @Test
    void aLabellingWithWrongLabelsFailsExactlyWhenOneIsSampled() throws IOException {
        MemoryFiller faulty = new MemoryFiller();
        FillerLabels fl = new FillerLabels(P);
        for (long u = 0; u < UNITS; u++) {
            byte[] b = new byte[P.unitBytes()];
            fl.startUnit(FillerLabels.unitSeed(NET, MINER, u));
            for (int i = 0; i < P.labels(); i++) {
                if (i % 4 == 3) {
                    b[i * 32] = (byte) i; // a "free" label: no hashing, nothing stored
                } else {
                    fl.computeInto(b, i, b);
                }
            }
            faulty.put(u, b);
        }
        int failed = 0;
        for (int s = 0; s < 20; s++) {
            IdleChallenge c = challenge(100 + s);
            IdleProof proof = prove(c, faulty);
            boolean hit = proof.answers().stream().anyMatch(a -> a.index() % 4 == 3);
            Verdict v = check(c, faulty, proof);
            assertEquals(hit ? Outcome.FAILED : Outcome.PASSED, v.outcome(), "challenge " + s);
            failed += hit ? 1 : 0;
        }
        assertTrue(failed >= 15, "(3/4)^12 = 3 %: almost every challenge catches it, here " + failed + " of 20");
    }

    @Test
    void aChallengedUnitWithoutARootIsTheCallersError() throws IOException {
        IdleChallenge c = challenge(10);
        IdleProof proof = prove(c, honest);
        assertThrows(IllegalArgumentException.class, () -> new IdleProofCheck(P, NET).check(c, u -> u == 0 ? honest.root(0) : null, proof));
    }

    @Test
    void samplesTouchSeveralUnitsAndOpenTheirParents() throws IOException {
        IdleProof proof = prove(challenge(11), honest);
        Set<Long> units = new HashSet<>();
        for (IdleProof.Answer a : proof.answers()) {
            units.add(a.unit());
            int expected = a.index() == 0 ? 1 : a.index() == 1 ? 2 : P.openingsPerSample();
            assertEquals(expected, a.openings().size());
        }
        assertTrue(units.size() > 1, units.toString());
    }
}
