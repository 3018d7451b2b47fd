package cess.audit.model.idle;

import cess.shared.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Checks an idle-space proof from public data alone: the challenge, the parameters, the network,
 * and the committed root of each unit. Cost per sample: {@code d + 2} paths and two label hashes,
 * whatever the miner holds.
 *
 * <p>Three outcomes. {@code PASSED}. {@code REFUSED}: the proof is for another challenge, samples
 * other labels than the challenge draws, is malformed, or one of its paths does not lead to the
 * unit's root; it proves nothing either way, changes nothing and punishes nobody (the miner may
 * still answer before the deadline). {@code FAILED}: every path is right, so the opened labels are
 * the ones the miner committed, but a sampled label is not the hash of its committed predecessor
 * and parents: the commitment is not a labelling of this miner's filler, which is evidence. Every
 * path of the proof is checked before any label is recomputed, so a proof fails only whole.
 *
 * <p>Not thread-safe (one {@link FillerLabels} inside): one instance per thread.
 */
public final class IdleProofCheck {
    /** What a check concluded. */
    public enum Outcome { PASSED, FAILED, REFUSED }

    /** Why a proof did not pass. */
    public enum Reason { NONE, WRONG_CHALLENGE, WRONG_SAMPLE, MALFORMED, BAD_PATH, BAD_LABEL }

    /** A check's outcome, its reason and a sentence for the miner's history. */
    public record Verdict(Outcome outcome, Reason reason, String detail) {
        static final Verdict PASS = new Verdict(Outcome.PASSED, Reason.NONE, "passed");

        static Verdict refused(Reason reason, String detail) {
            return new Verdict(Outcome.REFUSED, reason, detail);
        }

        public boolean passed() {
            return outcome == Outcome.PASSED;
        }
    }

    private final IdleParams params;
    private final Hash network;
    private final FillerLabels labels;

    public IdleProofCheck(IdleParams params, Hash network) {
        this.params = params;
        this.network = network;
        this.labels = new FillerLabels(params);
    }

    /** Checks an encoded proof: one that does not decode is refused as malformed. */
    public Verdict check(IdleChallenge challenge, LongFunction<Hash> roots, byte[] encoded) {
        IdleProof proof;
        try {
            proof = IdleProof.decode(encoded, params);
        } catch (IllegalArgumentException e) {
            return Verdict.refused(Reason.MALFORMED, "malformed idle proof: " + e.getMessage());
        }
        return check(challenge, roots, proof);
    }

    /**
     * Checks {@code proof} against {@code challenge}; {@code roots} gives the committed root of each
     * challenged unit.
     *
     * @throws IllegalArgumentException if {@code roots} knows no root for a challenged unit (the
     *                                  caller's state is wrong, not the proof)
     */
    public Verdict check(IdleChallenge challenge, LongFunction<Hash> roots, IdleProof proof) {
        if (!proof.challenge().equals(challenge.id())) {
            return Verdict.refused(Reason.WRONG_CHALLENGE, "the proof answers challenge " + proof.challenge() + ", not " + challenge.id());
        }
        List<IdleProof.Answer> answers = proof.answers();
        if (answers.size() != params.samples()) {
            return Verdict.refused(Reason.MALFORMED, "an idle proof answers " + params.samples() + " samples, this one " + answers.size());
        }
        Map<Long, Hash> seeds = new HashMap<>();
        List<int[]> positions = new ArrayList<>(answers.size());
        Hash seed = IdleSampler.firstSeed(challenge.seed());
        int per = params.samplesPerRound();
        for (int r = 0; r < params.rounds(); r++) {
            if (r > 0) {
                List<Hash> revealed = new ArrayList<>(per);
                for (int k = (r - 1) * per; k < r * per; k++) {
                    revealed.add(answers.get(k).openings().get(0).label());
                }
                seed = IdleSampler.nextSeed(seed, r, revealed);
            }
            List<IdleSampler.Sample> drawn = IdleSampler.round(seed, challenge, params);
            for (int j = 0; j < per; j++) {
                int k = r * per + j;
                IdleProof.Answer a = answers.get(k);
                IdleSampler.Sample s = drawn.get(j);
                if (a.unit() != s.unit() || a.index() != s.index()) {
                    return Verdict.refused(Reason.WRONG_SAMPLE, "sample " + k + " is label " + s.index() + " of unit " + s.unit()
                            + ", the proof opens label " + a.index() + " of unit " + a.unit());
                }
                Hash unitSeed = seeds.computeIfAbsent(s.unit(), u -> FillerLabels.unitSeed(network, challenge.miner(), u));
                int[] p = labels.opened(unitSeed, s.index());
                if (a.openings().size() != p.length) {
                    return Verdict.refused(Reason.MALFORMED, "sample " + k + " opens " + p.length + " labels, the proof " + a.openings().size());
                }
                positions.add(p);
            }
        }
        for (int k = 0; k < answers.size(); k++) {
            IdleProof.Answer a = answers.get(k);
            Hash root = roots.apply(a.unit());
            if (root == null) {
                throw new IllegalArgumentException("no committed root for challenged unit " + a.unit());
            }
            int[] p = positions.get(k);
            for (int j = 0; j < p.length; j++) {
                IdleProof.Opening o = a.openings().get(j);
                if (!FillerCommitment.verify(root, params.labels(), p[j], o.label(), o.path())) {
                    return Verdict.refused(Reason.BAD_PATH, "sample " + k + " (unit " + a.unit() + ", label " + a.index() + "): label "
                            + p[j] + " does not lead to the unit's root");
                }
            }
        }
        for (int k = 0; k < answers.size(); k++) {
            IdleProof.Answer a = answers.get(k);
            List<IdleProof.Opening> o = a.openings();
            List<Hash> parentLabels = new ArrayList<>(params.parents());
            for (int j = 2; j < o.size(); j++) {
                parentLabels.add(o.get(j).label());
            }
            Hash expected = labels.label(seeds.get(a.unit()), a.index(), a.index() > 0 ? o.get(1).label() : null, parentLabels);
            if (!expected.equals(o.get(0).label())) {
                return new Verdict(Outcome.FAILED, Reason.BAD_LABEL, "sample " + k + ": label " + a.index() + " of unit " + a.unit()
                        + " is not the hash of its predecessor and parents: the unit's commitment is not this miner's filler");
            }
        }
        return Verdict.PASS;
    }
}
