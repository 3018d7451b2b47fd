package cess.audit.model.idle;

import cess.shared.Hash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the answer to an idle-space challenge from a {@link FillerStore}: round by round, the
 * samples, then per sample the sampled label, its predecessor and its parents with their paths.
 * Reads one block and at most {@code ceil(log2(labels / 128) / 6)} index pages per opened label
 * (pages read once per proof), nothing else, so its cost does not grow with the space a miner
 * holds. Not thread-safe (one per thread).
 */
public final class IdleProver {
    private final IdleParams params;
    private final Hash network;
    private final FillerLabels labels;

    public IdleProver(IdleParams params, Hash network) {
        this.params = params;
        this.network = network;
        this.labels = new FillerLabels(params);
    }

    /** The proof for {@code challenge}, reading {@code store}; its I/O errors pass through. */
    public IdleProof prove(IdleChallenge challenge, FillerStore store) throws IOException {
        Map<Long, Hash> seeds = new HashMap<>();
        Map<String, byte[]> pages = new HashMap<>(); // index pages read for this proof: the top ones serve every opening
        List<IdleProof.Answer> answers = new ArrayList<>(params.samples());
        Hash seed = IdleSampler.firstSeed(challenge.seed());
        for (int r = 0; r < params.rounds(); r++) {
            if (r > 0) {
                List<Hash> revealed = new ArrayList<>();
                for (IdleProof.Answer a : answers.subList(answers.size() - params.samplesPerRound(), answers.size())) {
                    revealed.add(a.openings().get(0).label());
                }
                seed = IdleSampler.nextSeed(seed, r, revealed);
            }
            for (IdleSampler.Sample s : IdleSampler.round(seed, challenge, params)) {
                Hash unitSeed = seeds.computeIfAbsent(s.unit(), u -> FillerLabels.unitSeed(network, challenge.miner(), u));
                answers.add(answer(store, s, labels.opened(unitSeed, s.index()), pages));
            }
        }
        return new IdleProof(challenge.id(), answers);
    }


    private IdleProof.Answer answer(FillerStore store, IdleSampler.Sample s, int[] positions, Map<String, byte[]> pages)
            throws IOException {
        List<IdleProof.Opening> openings = new ArrayList<>(positions.length);
        int cachedBlock = -1;
        byte[] block = null;
        for (int pos : positions) {
            int b = pos / FillerCommitment.BLOCK_LABELS;
            if (b != cachedBlock) {
                block = store.block(s.unit(), b);
                cachedBlock = b;
            }
            List<Hash> siblings = new ArrayList<>();
            for (FillerIndex.Location at : FillerIndex.siblings(params.labels(), pos)) {
                String key = s.unit() + "/" + at.page();
                byte[] page = pages.get(key);
                if (page == null) {
                    page = store.indexPage(s.unit(), at.page());
                    pages.put(key, page);
                }
                siblings.add(Hash.of(Arrays.copyOfRange(page, at.offset(), at.offset() + Hash.LENGTH)));
            }
            int at = pos % FillerCommitment.BLOCK_LABELS * FillerLabels.LABEL;
            Hash label = Hash.of(Arrays.copyOfRange(block, at, at + FillerLabels.LABEL));
            openings.add(new IdleProof.Opening(label, FillerCommitment.path(params.labels(), pos, block, siblings)));
        }
        return new IdleProof.Answer(s.unit(), s.index(), openings);
    }
}
