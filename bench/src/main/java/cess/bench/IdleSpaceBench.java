package cess.bench;

import cess.audit.model.idle.FillerCommitment;
import cess.audit.model.idle.FillerIndex;
import cess.audit.model.idle.FillerLabels;
import cess.audit.model.idle.IdleChallenge;
import cess.audit.model.idle.IdleParams;
import cess.audit.model.idle.IdleProof;
import cess.audit.model.idle.IdleProofCheck;
import cess.audit.model.idle.IdleProver;
import cess.shared.Address;
import cess.shared.Hash;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The soundness margin of idle-space proofs (issue #19): per parameter set, on one core,
 * <ol type="a">
 *   <li>filling a unit: its labels, then its commitment (root and index);</li>
 *   <li>an honest miner answering a challenge from its unit files, through the page cache and with
 *       O_DIRECT (every block and index node read from the device);</li>
 *   <li>cheaters answering the same challenges: one that kept only the roots (it refills every
 *       sampled unit), one that kept the index (1/64 of the space), and ones that also kept every
 *       k-th label; with the labels each recomputed and the critical path of that work (summed over
 *       the rounds), which bounds a cheater with unlimited cores;</li>
 *   <li>the proof's size and its verification (decode and check).</li>
 * </ol>
 * Then the depth table ({@link IdleDepth}) behind the choice of parents. Medians of {@code runs}
 * runs after warm-up; every proof is checked and must pass.
 *
 * <p>Usage: {@code IdleSpaceBench [--runs N] [--dir DIR] [--sets devnet,64m,1g] [--depth true|false]}.
 */
public final class IdleSpaceBench {
    static final Hash NETWORK = Hash.sha256("bench network".getBytes(StandardCharsets.US_ASCII));
    static final Address MINER = Address.of(Hash.sha256("bench miner".getBytes(StandardCharsets.US_ASCII)).bytes());

    record ParamSet(String name, IdleParams params, int units) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        Path dir = Path.of(a.getOrDefault("dir", "bench/target/idle"));
        IdleParams dev = IdleParams.devnet();
        Map<String, ParamSet> all = Map.of(
                "devnet", new ParamSet("devnet (1 MiB units)", dev, 16),
                "64m", new ParamSet("64 MiB units", new IdleParams(64 << 20, dev.parents(), dev.samples(), dev.rounds()), 4),
                "1g", new ParamSet("1 GiB units", IdleParams.production(), 2));
        System.out.printf(Locale.ROOT, "idle-space proofs: %d cores, %s, runs %d%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), runs);
        for (String name : a.getOrDefault("sets", "devnet,64m,1g").split(",")) {
            measure(all.get(name), runs, dir.resolve(name));
        }
        if (Boolean.parseBoolean(a.getOrDefault("depth", "true"))) {
            System.out.println();
            System.out.print(IdleDepth.table(dev.labels(), new int[] {3, 4, 5, 6, 8}, new int[] {2, 4, 8, 16, 64}));
            System.out.println();
            System.out.print(IdleDepth.table(1 << 21, new int[] {4, 5, 6}, new int[] {2, 4, 8, 16, 64}));
        }
    }

    static void measure(ParamSet set, int runs, Path dir) throws IOException {
        IdleParams p = set.params();
        System.out.printf(Locale.ROOT, "%n== %s: unit %,d bytes (%,d labels), d=%d, %d samples in %d rounds, %d units on disk%n",
                set.name(), p.unitBytes(), p.labels(), p.parents(), p.samples(), p.rounds(), set.units());
        Files.createDirectories(dir);
        Map<Long, Hash> roots = new HashMap<>();
        List<Double> fillLabels = new ArrayList<>();
        List<Double> fillTree = new ArrayList<>();
        FillerLabels fl = new FillerLabels(p);
        byte[] labels = new byte[p.unitBytes()];
        int warm = p.unitBytes() >= 64 << 20 ? 1 : 3; // the first fills warm the JIT
        int fills = Math.max(runs + warm, set.units());
        for (long u = 0; u < fills; u++) {
            long t0 = System.nanoTime();
            fl.fill(FillerLabels.unitSeed(NETWORK, MINER, u), labels);
            long t1 = System.nanoTime();
            FillerIndex.Built idx = FillerIndex.build(labels);
            long t2 = System.nanoTime();
            if (u >= warm) {
                fillLabels.add((t1 - t0) / 1e6);
                fillTree.add((t2 - t1) / 1e6);
            }
            if (u < set.units()) {
                roots.put(u, idx.root());
                write(IdleStores.labelsFile(dir, u), labels);
                write(IdleStores.indexFile(dir, u), idx.pages());
            }
        }
        labels = null;
        double lab = Stats.median(fillLabels);
        double tree = Stats.median(fillTree);
        System.out.printf(Locale.ROOT, "(a) fill one unit: labels %s ms (%.2f M labels/s, %.0f ns a label) + commitment %s ms = %s ms; runs %s + %s%n",
                Stats.f1(lab), p.labels() / lab / 1e3, lab * 1e6 / p.labels(), Stats.f1(tree), Stats.f1(lab + tree),
                Stats.runs(fillLabels), Stats.runs(fillTree));

        SplittableRandom seeds = new SplittableRandom(19);
        List<IdleChallenge> challenges = new ArrayList<>();
        for (int r = 0; r < runs + 2; r++) {
            byte[] s = new byte[32];
            seeds.nextBytes(s);
            challenges.add(new IdleChallenge(Hash.sha256(s, new byte[] {'c'}), MINER, Hash.of(s), 0, set.units()));
        }
        IdleProver prover = new IdleProver(p, NETWORK);
        IdleProofCheck check = new IdleProofCheck(p, NETWORK);
        List<Double> cached = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> verify = new ArrayList<>();
        List<byte[]> proofs = new ArrayList<>();
        try (IdleStores.MinerFiles files = new IdleStores.MinerFiles(dir, false);
             IdleStores.MinerFiles device = new IdleStores.MinerFiles(dir, true)) {
            for (int r = 0; r < challenges.size(); r++) {
                IdleChallenge c = challenges.get(r);
                long t0 = System.nanoTime();
                IdleProof proof = prover.prove(c, files);
                long t1 = System.nanoTime();
                IdleProof again = prover.prove(c, device);
                long t2 = System.nanoTime();
                byte[] enc = proof.encode();
                long t3 = System.nanoTime();
                IdleProofCheck.Verdict v = check.check(c, roots::get, enc);
                long t4 = System.nanoTime();
                if (!v.passed() || !again.equals(proof)) {
                    throw new IllegalStateException("an honest proof did not pass: " + v);
                }
                if (r >= 2) {
                    cached.add((t1 - t0) / 1e6);
                    direct.add((t2 - t1) / 1e6);
                    verify.add((t4 - t3) / 1e6);
                    proofs.add(enc);
                }
            }
        }
        double honest = Stats.median(cached);
        double honestDevice = Stats.median(direct);
        System.out.printf(Locale.ROOT, "(b) honest answer: %s ms from the page cache, %s ms with O_DIRECT; runs %s / %s%n",
                Stats.f2(honest), Stats.f2(honestDevice), Stats.runs(cached), Stats.runs(direct));
        System.out.printf(Locale.ROOT, "(d) proof %,d bytes (at most %,d), verified in %s ms; runs %s%n", proofs.get(0).length,
                IdleProof.maxEncodedBytes(p), Stats.f2(Stats.median(verify)), Stats.runs(verify));

        double perLabelNs = lab * 1e6 / p.labels();
        int[][] cheaters = {{IdleStores.Cheater.ROOTS_ONLY}, {IdleStores.Cheater.INDEX_ONLY}, {64}, {8}, {4}};
        String[] names = {"kept only the roots", "kept the index (1/64)", "index + every 64th label (1/32 in all)",
                "index + every 8th label", "index + every 4th label"};
        for (int k = 0; k < cheaters.length; k++) {
            int keep = cheaters[k][0];
            int cheaterRuns = p.unitBytes() >= 1 << 30 ? Math.min(runs, 3) : runs;
            List<Double> times = new ArrayList<>();
            Set<Long> sampledUnits = new HashSet<>();
            for (int r = 0; r < cheaterRuns; r++) {
                IdleChallenge c = challenges.get(2 + r);
                IdleStores.Cheater cheater = new IdleStores.Cheater(p, dir, NETWORK, MINER, keep);
                cheater.prepare(set.units());
                long t0 = System.nanoTime();
                IdleProof proof = prover.prove(c, cheater);
                long t1 = System.nanoTime();
                if (!check.check(c, roots::get, proof).passed()) {
                    throw new IllegalStateException("a cheater's regenerated proof must pass");
                }
                times.add((t1 - t0) / 1e6);
                if (r == 0) {
                    proof.answers().forEach(x -> sampledUnits.add(x.unit()));
                }
            }
            long[] work = replay(p, dir, keep, set.units(), challenges.get(2), prover);
            double med = Stats.median(times);
            System.out.printf(Locale.ROOT, "(c) cheater that %s: %s ms (%s× the honest page-cache answer, %s× O_DIRECT); "
                            + "%,d labels recomputed over %d sampled units (%,.0f ms at the filler's rate), "
                            + "critical path %,d labels over %d rounds (%,.1f ms at any number of cores); runs %s%n",
                    names[k], Stats.f1(med), Stats.f1(med / honest), Stats.f1(med / honestDevice), work[0], sampledUnits.size(),
                    work[0] * perLabelNs / 1e6, work[1], p.rounds(), work[1] * perLabelNs / 1e6, Stats.runs(times));
        }
    }

    /**
     * The first challenge again with a fresh cheater, round by round in the prover's order: labels
     * recomputed, and the sum over rounds of each round's critical path.
     */
    static long[] replay(IdleParams p, Path dir, int keep, int units, IdleChallenge c, IdleProver prover) throws IOException {
        IdleProof proof;
        try (IdleStores.MinerFiles files = new IdleStores.MinerFiles(dir, false)) {
            proof = prover.prove(c, files);
        }
        IdleStores.Cheater cheater = new IdleStores.Cheater(p, dir, NETWORK, MINER, keep);
        cheater.prepare(units);
        FillerLabels fl = new FillerLabels(p);
        long path = 0;
        for (int r = 0; r < p.rounds(); r++) {
            cheater.newRound();
            for (IdleProof.Answer a : proof.answers().subList(r * p.samplesPerRound(), (r + 1) * p.samplesPerRound())) {
                for (int pos : fl.opened(FillerLabels.unitSeed(NETWORK, MINER, a.unit()), a.index())) {
                    cheater.block(a.unit(), pos / FillerCommitment.BLOCK_LABELS);
                }
            }
            path += cheater.depth;
        }
        return new long[] {cheater.recomputed, path};
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
