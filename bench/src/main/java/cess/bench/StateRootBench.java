package cess.bench;

import cess.ledger.model.Balances;
import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.Genesis;
import cess.consensus.model.Application;
import cess.consensus.model.Onion;
import cess.runtime.model.RuntimeApplication;
import cess.runtime.wire.GenesisJson;
import cess.ledger.model.Account;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The cost of committing to the state in a block, against the state's size: a block of 1,000
 * transfers built on the devnet genesis with N extra funded accounts in state (10k, 100k, 1M).
 * Per N it times, in the same JVM on the same state and block:
 * <ul>
 *   <li>{@code build}: {@link BlockExecution#build} as a proposer runs it, which executes the
 *       transfers and computes the state root with the incremental {@link StateTrie};</li>
 *   <li>{@code trie}: that root alone, {@code trie.with(changes).root()};</li>
 *   <li>{@code flat}: the peer, the commitment the chain used before (a Merkle root over
 *       {@code H(key ‖ value)} of every entry in key order, recomputed over the whole state at
 *       every block build and replay), kept here as {@link #flatRoot}.</li>
 * </ul>
 * It also prints what a node's start costs: building the whole trie from the state, or reading it
 * from its file (written on a clean stop).
 * Warm-up rounds first, then {@code runs} counted rounds; medians in milliseconds.
 *
 * <p>Usage: {@code StateRootBench [runs] [sizes...]}, defaults 7 and 10000 100000 1000000.
 */
public final class StateRootBench {
    static final int TRANSFERS = 1000;
    static final int WARMUP = 3;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000, 1_000_000);
        }
        Genesis genesis;
        try (java.io.InputStream in = StateRootBench.class.getResourceAsStream("/cess/genesis/devnet.json")) {
            genesis = GenesisJson.read(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the devnet genesis is in the node's classes", e);
        }
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            senders.add(KeyPair.dev("//Bench" + i));
        }
        System.out.println("state root of a block of " + TRANSFERS + " transfers (ms, median of " + runs + " after "
                + WARMUP + " warm-up rounds)");
        System.out.printf("%-10s %10s %10s %10s %12s%n", "accounts", "build", "trie", "flat", "flat/trie");
        for (int n : sizes) {
            TreeMap<StateKey, StateValue> state = new TreeMap<>(genesis.initialState());
            for (KeyPair s : senders) {
                state.put(StateKey.account(s.address()), new Account(Amount.cess(1000), 0));
            }
            for (int i = state.size(); i < n; i++) {
                state.put(new StateKey(Balances.ACCOUNT, "cXbench" + i), new Account(Amount.ofUnits(i + 1), 0));
            }
            long r0 = System.nanoTime();
            StateTrie trie = StateTrie.of(state);
            double rebuild = (System.nanoTime() - r0) / 1e6;
            double reread = reread(trie);
            List<SignedTransaction> txs = new ArrayList<>();
            Hash chain = genesis.hash();
            for (int i = 0; i < TRANSFERS; i++) {
                KeyPair to = senders.get((i + 1) % TRANSFERS);
                txs.add(new Transaction(senders.get(i).address(), 0, Amount.cess(1),
                        new Transfer(to.address(), Amount.ofUnits(1))).sign(senders.get(i), chain));
            }
            KeyPair alice = KeyPair.dev("//Alice");
            Application app = RuntimeApplication.of(genesis.app().params());
            BlockExecution.Extras extras = new BlockExecution.Extras(BlockBody.genesisCommit(genesis.header()), List.of(),
                    c -> java.util.Optional.of(Onion.onionLayer(Onion.onionSecret(alice.seed()), Onion.ONION_DEPTH - c.reveals() - 1)));
            List<Double> build = new ArrayList<>();
            List<Double> trieOnly = new ArrayList<>();
            List<Double> flat = new ArrayList<>();
            for (int round = 0; round < WARMUP + runs; round++) {
                long t0 = System.nanoTime();
                BlockExecution.Outcome out = BlockExecution.build(state, trie, genesis.header(), txs, extras,
                        alice.address(), genesis.timestampMillis() + 1000, chain, app, genesis.consensus());
                long t1 = System.nanoTime();
                Hash incremental = trie.with(out.changes()).root();
                long t2 = System.nanoTime();
                Hash whole = flatRoot(state, out.changes());
                long t3 = System.nanoTime();
                if (out.included().size() != TRANSFERS || !incremental.equals(out.header().stateRoot())
                        || whole.equals(Hash.ZERO)) {
                    throw new IllegalStateException("the block did not include every transfer, or roots disagree");
                }
                if (round >= WARMUP) {
                    build.add((t1 - t0) / 1e6);
                    trieOnly.add((t2 - t1) / 1e6);
                    flat.add((t3 - t2) / 1e6);
                }
            }
            double b = Stats.median(build);
            double t = Stats.median(trieOnly);
            double f = Stats.median(flat);
            System.out.printf("%-10d %10s %10s %10s %11sx%n", state.size(), Stats.f1(b), Stats.f1(t), Stats.f1(f),
                    Stats.f1(f / t));
            System.out.println("           runs: build " + Stats.runs(build) + ", trie " + Stats.runs(trieOnly) + ", flat "
                    + Stats.runs(flat) + "; a start: the whole trie built from the state " + Stats.f1(rebuild) + " ms, read from its file "
                    + Stats.f1(reread) + " ms");
        }
    }

    /** Writes the trie to a temporary file and times reading it back, as a node's start does. */
    static double reread(StateTrie trie) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("state-trie", ".bin");
            try {
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        java.nio.file.Files.newOutputStream(f), 1 << 16))) {
                    trie.writeTo(out);
                }
                long t0 = System.nanoTime();
                StateTrie back;
                try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                        java.nio.file.Files.newInputStream(f), 1 << 16))) {
                    back = StateTrie.readFrom(in);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!back.root().equals(trie.root())) {
                    throw new IllegalStateException("the trie read back has another root");
                }
                return ms;
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The previous commitment, linear in the state: a Merkle root over every entry's leaf, in key order. */
    static Hash flatRoot(NavigableMap<StateKey, StateValue> base, NavigableMap<StateKey, StateValue> changes) {
        List<Hash> leaves = new ArrayList<>(base.size() + changes.size());
        Iterator<Map.Entry<StateKey, StateValue>> b = base.entrySet().iterator();
        Iterator<Map.Entry<StateKey, StateValue>> c = changes.entrySet().iterator();
        Map.Entry<StateKey, StateValue> nb = b.hasNext() ? b.next() : null;
        Map.Entry<StateKey, StateValue> nc = c.hasNext() ? c.next() : null;
        while (nb != null || nc != null) {
            int cmp = nb == null ? 1 : nc == null ? -1 : nb.getKey().compareTo(nc.getKey());
            Map.Entry<StateKey, StateValue> take = cmp < 0 ? nb : nc;
            if (take.getValue() != null) {
                leaves.add(Hash.sha256(new Encoder().raw(take.getKey().encode()).bytes(take.getValue().encode()).toBytes()));
            }
            if (cmp <= 0) {
                nb = b.hasNext() ? b.next() : null;
            }
            if (cmp >= 0) {
                nc = c.hasNext() ? c.next() : null;
            }
        }
        return Merkle.root(leaves);
    }
}
