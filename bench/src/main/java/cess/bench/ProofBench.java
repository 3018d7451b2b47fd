package cess.bench;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditParams;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Holdings;
import cess.audit.model.ProofCheck;
import cess.audit.model.Prover;
import cess.audit.model.Refusal;
import cess.audit.model.Sample;
import cess.audit.model.Sampler;
import cess.audit.model.ServiceProof;
import cess.ledger.model.Transaction;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.ChunkTree;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.control.FragmentStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Storage-proof costs against what a miner holds (issue #19): for a miner holding 1, 16 and 256
 * GiB of 8 MiB fragments, the time to build a proof on the node's own path ({@link Prover#answer}
 * over a {@link FragmentStore}, reading {@link FragmentStore#block} and
 * {@link FragmentStore#blockNodes} exactly as {@code ChallengeResponder} does), the time to check
 * it ({@link ProofCheck#check}), its size, the time to draw the samples ({@link Sampler#draw}),
 * and the chain bytes these make for 1,000 miners. Also the cost of committing to a fragment on
 * the upload path: SHA-256 against the {@link ChunkTree} root over 8 MiB.
 *
 * <p><b>Sparse fragments.</b> Each fragment is 8 MiB of zeros but its first 1 KiB (a distinct
 * id), written as 1 KiB and a hole ({@link RandomAccessFile#setLength}); its block nodes and root
 * are computed without hashing 8 MiB: block 0 is hashed, blocks 1..127 are all zero and share one
 * node. The shortcut is checked against a full {@link ChunkTree#root} of a real fragment, and one
 * fragment of every store is read back through {@link FragmentStore#get} (which hashes all of it
 * against its root); any difference stops the bench. A hole reads as zeros from the page cache or
 * the file system's extent map without touching the disk: the warm figures measure the code path
 * and the system calls, not a disk's seek. With {@code --cold N} the page cache is dropped
 * ({@code sync}, {@code /proc/sys/vm/drop_caches}, root only) before each of N more challenges.
 *
 * <p>Usage: {@code ProofBench --dir DIR [--sizes-gib 1,16,256] [--challenges 9] [--warmup 3]
 * [--passes 2] [--cold 9] [--hash-runs 201] [--miners 1000] [--out FILE]}. Not a test: nothing
 * fails on a number, only on a wrong answer (a proof that does not pass, a shortcut that differs).
 */
public final class ProofBench {
    static final int FRAGMENT = 8 << 20;
    static final int ID_BYTES = 1024;
    static final int BLOCKS = ChunkTree.blocks(FRAGMENT);
    static final long DAY_MS = 86_400_000L;
    static final long DEVNET_BLOCK_MS = 1_000;
    static final long PRODUCTION_BLOCK_MS = 6_000;

    private final Path dir;
    private final AuditParams params = AuditParams.DEFAULT;
    private final KeyPair key = KeyPair.dev("bench-miner");
    private final Address miner = key.address();
    private final byte[] zeroNode;
    private final StringBuilder report = new StringBuilder();
    private long nextId;

    ProofBench(Path dir) {
        this.dir = dir;
        this.zeroNode = new ChunkTree.Hasher().update(new byte[ChunkTree.BLOCK_BYTES], 0, ChunkTree.BLOCK_BYTES).finish().bytes();
    }

    /** A miner's fragments, in memory, as the chain's index would list them. */
    static final class MemoryHoldings implements Holdings {
        private final Address miner;
        private final Holding[] held;

        MemoryHoldings(Address miner, Holding[] held) {
            this.miner = miner;
            this.held = held;
        }

        @Override
        public long count(Address m) {
            return m.equals(miner) ? held.length : 0;
        }

        @Override
        public Holding at(Address m, long seq) {
            if (!m.equals(miner) || seq < 0 || seq >= held.length) {
                throw new IllegalArgumentException("miner " + m + " has no holding " + seq);
            }
            return held[(int) seq];
        }

        @Override
        public long maxChunks(Address m) {
            return m.equals(miner) && held.length > 0 ? ChunkTree.chunks(FRAGMENT) : 0;
        }
    }

    /** One store of {@code count} sparse fragments and the holdings that list them. */
    record Miner(int count, FragmentStore store, MemoryHoldings holdings) {
        long bytes() {
            return (long) count * FRAGMENT;
        }
    }

    /** The measures of one challenge. */
    record Run(double provingMs, double againMs, double verifyMs, double samplingMs, int proofBytes, int challengeBytes,
               int distinct, int block0) {
    }

    // ---------------------------------------------------------------- fragments

    /** Fragment {@code i}'s first 1 KiB: SHA-256 in counter mode over its number. */
    static byte[] id(int i) {
        byte[] out = new byte[ID_BYTES];
        for (int k = 0; k < ID_BYTES / Hash.LENGTH; k++) {
            byte[] h = Hash.sha256(new Encoder().string("cess-bench/fragment").u64(i).u32(k).toBytes()).bytes();
            System.arraycopy(h, 0, out, k * Hash.LENGTH, Hash.LENGTH);
        }
        return out;
    }

    /** The block nodes of fragment {@code i} by the shortcut: block 0 hashed, the 127 zero blocks one shared node. */
    byte[] shortcutNodes(byte[] id) {
        byte[] block0 = new byte[ChunkTree.BLOCK_BYTES];
        System.arraycopy(id, 0, block0, 0, id.length);
        byte[] first = new ChunkTree.Hasher().update(block0, 0, block0.length).finish().bytes(); // one block: its root is its node
        byte[] nodes = new byte[BLOCKS * Hash.LENGTH];
        System.arraycopy(first, 0, nodes, 0, Hash.LENGTH);
        for (int b = 1; b < BLOCKS; b++) {
            System.arraycopy(zeroNode, 0, nodes, b * Hash.LENGTH, Hash.LENGTH);
        }
        return nodes;
    }

    /** {@code <dir>/<hex[2:4]>/<hex[2:]>}, FragmentStore's layout. */
    static Path fragmentPath(Path store, Hash root) {
        String hex = root.hex().substring(2);
        return store.resolve(hex.substring(0, 2)).resolve(hex);
    }

    static Path nodesPath(Path store, Hash root) {
        Path p = fragmentPath(store, root);
        return p.resolveSibling(p.getFileName() + ".nodes");
    }

    /** Checks the shortcut against a real 8 MiB fragment, and the layout against FragmentStore's own put. */
    void checkShortcut() throws IOException {
        byte[] id = id(0);
        byte[] full = new byte[FRAGMENT];
        System.arraycopy(id, 0, full, 0, id.length);
        ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(full, 0, full.length);
        Hash realRoot = hasher.finish();
        byte[] nodes = shortcutNodes(id);
        Hash shortRoot = ChunkTree.rootOfBlocks(nodes, BLOCKS);
        if (!realRoot.equals(ChunkTree.root(full)) || !realRoot.equals(shortRoot) || !Arrays.equals(nodes, hasher.blockNodes())) {
            throw new IllegalStateException("the sparse shortcut differs from ChunkTree over the real fragment: root "
                    + shortRoot + " against " + realRoot);
        }
        Path check = dir.resolve("check");
        FragmentStore store = new FragmentStore(check);
        store.putHashed(realRoot, full, nodes);
        if (!Files.isRegularFile(fragmentPath(check, realRoot)) || !Files.isRegularFile(nodesPath(check, realRoot))) {
            throw new IllegalStateException("FragmentStore.putHashed did not write " + fragmentPath(check, realRoot)
                    + " and its .nodes: the bench's layout is not the store's");
        }
        line("Shortcut checked: fragment 0's root over 8 MiB (`ChunkTree.root`) = root of the shortcut's block nodes = "
                + realRoot.hex().substring(0, 18) + "…; `FragmentStore.putHashed` wrote it where the bench writes.");
    }

    /** Writes {@code count} sparse fragments into their own store, the holdings in index order. */
    Miner build(int count) throws IOException {
        Path storeDir = dir.resolve(count + "-fragments");
        FragmentStore store = new FragmentStore(storeDir);
        Holding[] held = new Holding[count];
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> {
            byte[] id = id(i);
            byte[] nodes = shortcutNodes(id);
            Hash root = ChunkTree.rootOfBlocks(nodes, BLOCKS);
            try {
                Path p = fragmentPath(storeDir, root);
                Files.createDirectories(p.getParent());
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.write(id);
                    f.setLength(FRAGMENT); // the rest is a hole: zeros, no disk
                }
                Files.write(nodesPath(storeDir, root), nodes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Hash fid = Hash.sha256(new Encoder().string("cess-bench/file").u64(i / 6).toBytes());
            held[i] = new Holding(fid, 0, i % 6, root, FRAGMENT);
            done.incrementAndGet();
        });
        double s = (System.nanoTime() - t0) / 1e9;
        // Every store, read back through the node's verifying read: first and last fragment.
        for (int i : new int[] {0, count - 1}) {
            Hash root = held[i].root();
            Optional<byte[]> back = store.get(root);
            byte[] expect = new byte[FRAGMENT];
            System.arraycopy(id(i), 0, expect, 0, ID_BYTES);
            if (back.isEmpty() || !Arrays.equals(back.get(), expect)) {
                throw new IllegalStateException("fragment " + i + " of " + storeDir + " does not read back as written");
            }
            if (!Arrays.equals(store.blockNodes(root, FRAGMENT), shortcutNodes(id(i)))) {
                throw new IllegalStateException("fragment " + i + " of " + storeDir + ": FragmentStore rebuilt other block nodes");
            }
        }
        line(String.format(Locale.ROOT, "Wrote %,d sparse fragments (%s of holdings) in %.1f s; fragments 0 and %,d read back "
                + "through `FragmentStore.get` (verified against their roots).", done.get(), gib(count), s, count - 1));
        return new Miner(count, store, new MemoryHoldings(miner, held));
    }

    // ---------------------------------------------------------------- challenges

    /** The node's reading of a miner's fragments, as ChallengeResponder wires it. */
    static Prover.Blocks blocks(FragmentStore store) {
        return new Prover.Blocks() {
            @Override
            public byte[] block(Holding f, int b) {
                try {
                    return store.block(f.root(), f.length(), b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public byte[] blockNodes(Holding f) {
                try {
                    return store.blockNodes(f.root(), f.length());
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** One challenge, issued, answered and checked; fails loudly unless the proof passes. */
    Run challenge(Miner m, String tag) {
        long id = nextId++;
        Hash blockSeed = Hash.sha256(("cess-bench/block/" + tag + "/" + id).getBytes(StandardCharsets.UTF_8));
        Hash seed = Sampler.seed(blockSeed, miner, id);
        long height = 1_000 + id;

        long t0 = System.nanoTime();
        List<Sample> drawn = Sampler.draw(seed, miner, m.holdings(), params.samples());
        long t1 = System.nanoTime();
        Challenge c = Challenge.issue(id, miner, seed, m.holdings(), height, m.bytes(), params).orElseThrow();
        if (!c.samples().equals(drawn)) {
            throw new IllegalStateException("Challenge.issue drew other samples than Sampler.draw");
        }

        long t2 = System.nanoTime();
        Prover.Answer a = Prover.answer(c, m.holdings(), blocks(m.store()));
        long t3 = System.nanoTime();
        if (!a.lost().isEmpty()) {
            throw new IllegalStateException("the prover lost " + a.lost().size() + " samples: " + a.why());
        }

        // The same answer again at once: every block and node file now in the page cache, so this
        // is the code's own cost (hashing, system calls, copies) without the first touch of the pages.
        long a0 = System.nanoTime();
        Prover.Answer again = Prover.answer(c, m.holdings(), blocks(m.store()));
        long a1 = System.nanoTime();
        if (!again.proof().equals(a.proof())) {
            throw new IllegalStateException("the same challenge answered twice gave two proofs");
        }

        long t4 = System.nanoTime();
        Optional<Refusal> verdict = ProofCheck.check(c, a.proof(), miner, height + 1, m.holdings(), params);
        long t5 = System.nanoTime();
        if (verdict.isPresent()) {
            throw new IllegalStateException("an honest proof did not pass: " + verdict.get().message());
        }
        Set<Long> distinct = new HashSet<>();
        int block0 = 0;
        for (Sample s : c.samples()) {
            distinct.add(s.seq());
            if (s.chunk() < ChunkTree.BLOCK_CHUNKS) {
                block0++;
            }
        }
        return new Run((t3 - t2) / 1e6, (a1 - a0) / 1e6, (t5 - t4) / 1e6, (t1 - t0) / 1e6, a.proof().encodedSize(), c.encode().length,
                distinct.size(), block0);
    }

    /** Drops the page cache (root only): what a cold read costs. Empty if done, else why not. */
    static Optional<String> dropCaches() {
        try {
            Process p = new ProcessBuilder("sync").inheritIO().start();
            if (p.waitFor() != 0) {
                return Optional.of("`sync` failed");
            }
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write /proc/sys/vm/drop_caches (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): not root, or /proc/sys is read-only in this container");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    // ---------------------------------------------------------------- upload hashing

    void hashing(int runs) {
        byte[] data = new byte[FRAGMENT];
        new Random(19).nextBytes(data);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Double> plain = new ArrayList<>();
        List<Double> tree = new ArrayList<>();
        List<Double> stepped = new ArrayList<>();
        byte[] sink = new byte[Hash.LENGTH];
        int warm = 15;
        for (int r = 0; r < warm + runs; r++) {
            long t0 = System.nanoTime();
            byte[] d = sha.digest(data);
            long t1 = System.nanoTime();
            Hash root = ChunkTree.root(data);
            long t2 = System.nanoTime();
            ChunkTree.Hasher h = new ChunkTree.Hasher(); // as FragmentStore.read feeds it: 256 KiB at a time
            for (int off = 0; off < data.length; off += 256 * 1024) {
                h.update(data, off, 256 * 1024);
            }
            Hash root2 = h.finish();
            long t3 = System.nanoTime();
            if (!root.equals(root2)) {
                throw new IllegalStateException("ChunkTree.root and the Hasher fed in steps differ");
            }
            sink[0] ^= d[0] ^ root.bytes()[0];
            if (r >= warm) {
                plain.add(mbps(t1 - t0));
                tree.add(mbps(t2 - t1));
                stepped.add(mbps(t3 - t2));
            }
        }
        double p = Stats.median(plain);
        double t = Stats.median(tree);
        double s = Stats.median(stepped);
        line("");
        line("### Committing to a fragment on the upload path (8 MiB, one thread, " + runs + " runs after " + warm
                + " warm-up, median)");
        line("");
        double pb = best(plain);
        double tb = best(tree);
        double sb = best(stepped);
        line("| hash of 8 MiB | median MB/s | ms per fragment | best MB/s | quartiles MB/s |");
        line("|---|---|---|---|---|");
        line("| SHA-256 (`MessageDigest`, the old fragment hash) | " + Stats.f1(p) + " | " + Stats.f2(FRAGMENT / p / 1e3) + " | "
                + Stats.f1(pb) + " | " + quartiles(plain) + " |");
        line("| `ChunkTree.root` (the new commitment, one call, as the gateway) | " + Stats.f1(t) + " | "
                + Stats.f2(FRAGMENT / t / 1e3) + " | " + Stats.f1(tb) + " | " + quartiles(tree) + " |");
        line("| `ChunkTree.Hasher` fed 256 KiB at a time (as a verified read) | " + Stats.f1(s) + " | "
                + Stats.f2(FRAGMENT / s / 1e3) + " | " + Stats.f1(sb) + " | " + quartiles(stepped) + " |");
        line("");
        line(String.format(Locale.ROOT, "Best runs (the least disturbed by other processes): ratio %.2f× (%.2f× fed in steps).",
                pb / tb, pb / sb));
        long shaBlocks = compressions(FRAGMENT);
        long treeBlocks = treeCompressions(FRAGMENT, ChunkTree.CHUNK);
        line(String.format(Locale.ROOT, "Ratio SHA-256 / ChunkTree throughput: **%.2f×** measured (%.2f× fed in steps); "
                + "the compression count predicts %.2f× (%,d against %,d SHA-256 blocks).", p / t, p / s,
                (double) treeBlocks / shaBlocks, treeBlocks, shaBlocks));
        hashMbps = new double[] {pb, tb};
        if (sink[0] == 42) {
            line(""); // keeps the results live
        }
    }

    /** The best SHA-256 and ChunkTree rates of the run, MB/s: what the chunk-size options are fitted to. */
    private double[] hashMbps;

    static double best(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    static String quartiles(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return Stats.f1(s[s.length / 4]) + " – " + Stats.f1(s[(3 * s.length) / 4]);
    }

    static double mbps(long nanos) {
        return FRAGMENT / (nanos / 1e9) / 1e6;
    }

    /** SHA-256 compression blocks for a message of {@code n} bytes (padding: 0x80 and a 64-bit length). */
    static long compressions(long n) {
        return (n + 9 + 63) / 64;
    }

    /** Compression blocks of a chunk tree over {@code length} bytes in chunks of {@code chunk}: leaves and inner nodes. */
    static long treeCompressions(long length, int chunk) {
        long leaves = (length + chunk - 1) / chunk;
        return leaves * compressions(1 + chunk) + (leaves - 1) * compressions(1 + 2 * Hash.LENGTH);
    }

    /** Digest calls of a chunk tree over {@code length} bytes: one per leaf and one per inner node. */
    static long treeHashes(long length, int chunk) {
        long leaves = (length + chunk - 1) / chunk;
        return 2 * leaves - 1;
    }

    // ---------------------------------------------------------------- chain bytes

    void chainBytes(Run r, ServiceProof sampleProof, int miners) {
        int tx = new Transaction(miner, 0, Amount.ZERO, new AuditCall.SubmitProof(sampleProof)).sign(key, Hash.ZERO)
                .encode().length;
        int inBlock = tx + 4; // a block lists its transactions length-prefixed (u32)
        long devPeriods = DAY_MS / AuditParams.local(DEVNET_BLOCK_MS).periodBlocks() / DEVNET_BLOCK_MS;
        AuditParams prod = AuditParams.production(PRODUCTION_BLOCK_MS);
        long prodPeriods = DAY_MS / (prod.periodBlocks() * PRODUCTION_BLOCK_MS);
        line("");
        line(String.format(Locale.ROOT, "### Chain bytes for %,d miners (one proof each per period)", miners));
        line("");
        line(String.format(Locale.ROOT, "A proof of %d samples of 8 MiB fragments: %,d bytes (`encodedSize`); its `submit_proof` "
                + "transaction, signed: %,d bytes, %,d in a block (u32 length prefix). The open challenge's state entry "
                + "(`Challenge.encode()`): %,d bytes, kept until its deadline, then removed.", params.samples(), r.proofBytes(),
                tx, inBlock, r.challengeBytes()));
        line("");
        line("| network | period | periods a day | block bytes a period | block bytes a day | open challenges' state |");
        line("|---|---|---|---|---|---|");
        line(String.format(Locale.ROOT, "| devnet (`AuditParams.local`) | 60 s | %,d | %s | %s | %s |", devPeriods,
                mb((long) miners * inBlock), mb((long) miners * inBlock * devPeriods), mb((long) miners * r.challengeBytes())));
        line(String.format(Locale.ROOT, "| production (`AuditParams.production`) | 1 h | %,d | %s | %s | %s |", prodPeriods,
                mb((long) miners * inBlock), mb((long) miners * inBlock * prodPeriods), mb((long) miners * r.challengeBytes())));
        line("");
        line(String.format(Locale.ROOT, "Per year at production's period: %s of blocks for %,d miners.",
                mb((long) miners * inBlock * prodPeriods * 365), miners));
        options(miners, inBlock - r.proofBytes(), devPeriods, prodPeriods);
    }

    /** What the three ways to a smaller chain would give, from the formulas. */
    void options(int miners, int txOverhead, long devPeriods, long prodPeriods) {
        int siblings = 23 - 10; // log2(8 MiB / 1 KiB)
        line("");
        line("#### Fewer samples at a weaker bound (`AuditParams.samplesFor(δ, p)`, `ServiceProof.encodedSize(s, 13)`)");
        line("");
        line("| δ lost | pass p | samples | proof bytes | a day, production | a day, devnet | p at δ = 5 % | periods to 10^-4 at δ = 5 % |");
        line("|---|---|---|---|---|---|---|---|");
        double[][] bounds = {{0.05, 1e-4}, {0.05, 1e-2}, {0.05, 1e-1}, {0.10, 1e-4}, {0.20, 1e-4}, {0.10, 1e-2}};
        for (double[] b : bounds) {
            int s = AuditParams.samplesFor(b[0], b[1]);
            int size = ServiceProof.encodedSize(s, siblings);
            double p5 = Math.pow(0.95, s);
            long periods = (long) Math.ceil(Math.log(1e-4) / (s * Math.log(0.95)) - 1e-9);
            line(String.format(Locale.ROOT, "| %.0f %% | %s | %d | %,d | %s | %s | %.2g | %d |", b[0] * 100, sci(b[1]), s, size,
                    mb((long) miners * (size + txOverhead) * prodPeriods), mb((long) miners * (size + txOverhead) * devPeriods),
                    p5, periods));
        }
        line("");
        line("#### Smaller chunks (180 samples of 8 MiB fragments: entry = 21 + C + 32 × log2(8 MiB / C))");
        line("");
        line("| chunk C | siblings | bytes a sample | proof bytes | a day, production | upload hashing (SHA-256 blocks against plain SHA-256) | predicted tree MB/s |");
        line("|---|---|---|---|---|---|---|");
        long plainBlocks = compressions(FRAGMENT);
        // Time = a per compression + b per digest call, fitted to the two measured hashes of 8 MiB:
        // SHA-256 (plainBlocks compressions, one call) and ChunkTree at 1 KiB (its compressions and calls).
        double[] fit = null;
        if (hashMbps != null) {
            double tPlain = FRAGMENT / hashMbps[0];
            double tTree = FRAGMENT / hashMbps[1];
            double perBlock = tPlain / plainBlocks;
            double perCall = (tTree - perBlock * treeCompressions(FRAGMENT, ChunkTree.CHUNK)) / (treeHashes(FRAGMENT, ChunkTree.CHUNK) - 1);
            fit = new double[] {perBlock, perCall};
        }
        for (int chunk : new int[] {1024, 512, 256, 128, 64, 32}) {
            int sib = 23 - Integer.numberOfTrailingZeros(chunk);
            int entry = ServiceProof.ENTRY_OVERHEAD + chunk + sib * Hash.LENGTH;
            int size = ServiceProof.HEADER_BYTES + params.samples() * entry;
            double ratio = (double) treeCompressions(FRAGMENT, chunk) / plainBlocks;
            String predicted = "";
            if (fit != null) {
                double t = fit[0] * treeCompressions(FRAGMENT, chunk) + fit[1] * (treeHashes(FRAGMENT, chunk) - 1);
                predicted = Stats.f1(FRAGMENT / t) + " (" + Stats.f2(hashMbps[0] / (FRAGMENT / t)) + "× SHA-256's time)";
            }
            line(String.format(Locale.ROOT, "| %,d B | %d | %,d | %,d | %s | %.2f× | %s |", chunk, sib, entry, size,
                    mb((long) miners * (size + txOverhead) * prodPeriods), ratio, predicted));
        }
        if (fit != null) {
            line("");
            line(String.format(Locale.ROOT, "Fitted to this run's best SHA-256 and ChunkTree runs: %.1f ns a compression block, %.0f ns more "
                    + "a digest call (a leaf or a node) besides its blocks.", fit[0] * 1e3, fit[1] * 1e3));
        }
        line("");
        line("#### Verdicts off the block path (proofs to the on-duty validators; one signed verdict list per period on chain)");
        line("");
        line("Per period: 8 bytes of first challenge id, a pass/fail bit per miner, a signer bitmap, and an Ed25519 "
                + "signature (64 bytes) from each of the > 2/3 of the V on-duty validators that sign it.");
        line("");
        line("| V on-duty | signatures | verdict bytes a period | a day, production | a day, devnet | proof bytes each validator receives a period |");
        line("|---|---|---|---|---|---|");
        for (int v : new int[] {4, 11}) {
            int sigs = 2 * v / 3 + 1;
            long bytes = 8 + (miners + 7) / 8 + (v + 7) / 8 + 64L * sigs + txOverhead;
            line(String.format(Locale.ROOT, "| %d%s | %d | %,d | %s | %s | %s |", v, v == 11 ? " (R²S's most)" : " (devnet)", sigs,
                    bytes, mb(bytes * prodPeriods), mb(bytes * devPeriods),
                    mb((long) miners * ServiceProof.encodedSize(params.samples(), siblings))));
        }
    }

    static String sci(double p) {
        int e = (int) Math.round(Math.log10(p));
        return "10^" + e;
    }

    static String mb(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }

    static String gib(int count) {
        return ((long) count * FRAGMENT >> 30) + " GiB";
    }

    void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!a.containsKey("dir")) {
            throw new IllegalArgumentException("usage: ProofBench --dir DIR [--sizes-gib 1,16,256] [--challenges 9] [--warmup 3] "
                    + "[--passes 2] [--cold 9] [--hash-runs 201] [--miners 1000] [--out FILE]");
        }
        int[] sizes = Arrays.stream(a.getOrDefault("sizes-gib", "1,16,256").split(",")).mapToInt(Integer::parseInt).toArray();
        int challenges = Integer.parseInt(a.getOrDefault("challenges", "9"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
        int passes = Integer.parseInt(a.getOrDefault("passes", "2"));
        int cold = Integer.parseInt(a.getOrDefault("cold", "9"));
        int hashRuns = Integer.parseInt(a.getOrDefault("hash-runs", "201"));
        int miners = Integer.parseInt(a.getOrDefault("miners", "1000"));
        ProofBench b = new ProofBench(Path.of(a.get("dir")));
        b.run(sizes, challenges, warmup, passes, cold, hashRuns, miners);
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), b.report);
        }
    }

    void run(int[] sizes, int challenges, int warmup, int passes, int cold, int hashRuns, int miners) throws IOException {
        checkShortcut();
        List<Miner> ms = new ArrayList<>();
        for (int gib : sizes) {
            ms.add(build((int) (((long) gib << 30) / FRAGMENT)));
        }
        // The JIT first, on the smallest store: these are not counted.
        for (int i = 0; i < 20; i++) {
            challenge(ms.get(0), "jit");
        }
        Map<Miner, List<Run>> warm = new LinkedHashMap<>();
        Map<Miner, List<List<Run>>> perPass = new LinkedHashMap<>();
        for (Miner m : ms) {
            warm.put(m, new ArrayList<>());
            perPass.put(m, new ArrayList<>());
        }
        for (int pass = 0; pass < passes; pass++) {
            for (Miner m : ms) {
                for (int i = 0; i < warmup; i++) {
                    challenge(m, "warm-" + pass);
                }
                List<Run> runs = new ArrayList<>();
                for (int i = 0; i < challenges; i++) {
                    runs.add(challenge(m, "pass-" + pass));
                }
                warm.get(m).addAll(runs);
                perPass.get(m).add(runs);
            }
        }
        line("");
        line(String.format(Locale.ROOT, "### Proofs, page cache warm (%d samples, `AuditParams.DEFAULT`; medians of %d challenges "
                + "per size: %d passes over the sizes, each %d challenges after %d warm-up)", params.samples(),
                passes * challenges, passes, challenges, warmup));
        table(warm);
        line("");
        line("Medians of each pass (proving / verification / sampling ms):");
        line("");
        for (Miner m : ms) {
            StringBuilder sb = new StringBuilder("- " + gib(m.count()) + ":");
            for (List<Run> runs : perPass.get(m)) {
                sb.append(' ').append(Stats.f2(med(runs, Run::provingMs))).append(" / ").append(Stats.f2(med(runs, Run::verifyMs)))
                        .append(" / ").append(Stats.f2(med(runs, Run::samplingMs))).append(';');
            }
            sb.setLength(sb.length() - 1);
            sb.append("; every proving run ").append(Stats.runs(warm.get(m).stream().map(Run::provingMs).toList()));
            line(sb.toString());
        }
        if (cold > 0) {
            Optional<String> why = dropCaches();
            line("");
            if (why.isPresent()) {
                line("### Proofs, page cache dropped: not measured: " + why.get());
            } else {
                Map<Miner, List<Run>> coldRuns = new LinkedHashMap<>();
                for (Miner m : ms) {
                    List<Run> runs = new ArrayList<>();
                    for (int i = 0; i < cold; i++) {
                        dropCaches().ifPresent(w -> {
                            throw new IllegalStateException(w);
                        });
                        runs.add(challenge(m, "cold"));
                    }
                    coldRuns.put(m, runs);
                }
                line(String.format(Locale.ROOT, "### Proofs, page cache dropped before each challenge (`sync; echo 3 > "
                        + "/proc/sys/vm/drop_caches`; medians of %d challenges per size)", cold));
                table(coldRuns);
                line("");
                for (Miner m : ms) {
                    line("- " + gib(m.count()) + " proving runs: " + Stats.runs(coldRuns.get(m).stream().map(Run::provingMs).toList()));
                }
            }
        }
        hashing(hashRuns);
        Miner last = ms.get(ms.size() - 1);
        Run any = warm.get(last).get(0);
        Challenge c = Challenge.issue(nextId++, miner, Sampler.seed(Hash.ZERO, miner, 0), last.holdings(), 1, last.bytes(), params)
                .orElseThrow();
        ServiceProof proof = Prover.answer(c, last.holdings(), blocks(last.store())).proof();
        chainBytes(any, proof, miners);
    }

    void table(Map<Miner, List<Run>> runs) {
        line("");
        line("| holdings | fragments | proving ms | proving again ms (pages cached) | verification ms | proof bytes | sampling ms "
                + "| distinct fragments sampled | samples in block 0 |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Miner, List<Run>> e : runs.entrySet()) {
            List<Run> r = e.getValue();
            Set<Integer> sizes = new HashSet<>();
            r.forEach(x -> sizes.add(x.proofBytes()));
            line(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %.0f | %.0f |", gib(e.getKey().count()),
                    e.getKey().count(), Stats.f2(med(r, Run::provingMs)), Stats.f2(med(r, Run::againMs)),
                    Stats.f2(med(r, Run::verifyMs)),
                    sizes.size() == 1 ? String.format(Locale.ROOT, "%,d", sizes.iterator().next()) : sizes.toString(),
                    String.format(Locale.ROOT, "%.3f", med(r, Run::samplingMs)), med(r, x -> x.distinct()),
                    med(r, x -> x.block0())));
        }
    }

    static double med(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return Stats.median(runs.stream().map(f::applyAsDouble).toList());
    }
}
