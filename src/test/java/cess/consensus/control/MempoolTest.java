package cess.consensus.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.BlockBody;
import cess.consensus.model.BlockExecution;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.consensus.model.Application;
import cess.consensus.model.Onion;
import cess.runtime.model.TestGenesis;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateTrie;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MempoolTest {
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final Genesis GENESIS = TestGenesis.genesis("test", 1_000, TestGenesis.params(Amount.ofUnits(10), 80,
            new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), new StakingParams(Amount.ofUnits(1)), 1000),
            new ConsensusParams(1000, 3, 10),
            Map.of(ALICE.address(), Amount.ofUnits(1_000_000)),
            List.of(new Genesis.ValidatorSpec(ALICE.address(), Amount.ofUnits(1), Onion.onionCommitment(ALICE.seed()))),
            List.of(), List.of());
    static final Application APP = TestGenesis.app(GENESIS);
    static final Hash CHAIN = GENESIS.hash();

    final List<List<AdmissionLog.Row>> written = new ArrayList<>();
    final Mempool pool = new Mempool(new AdmissionLog(written::add), 100, BOB.address(), 1, APP);
    final Head genesis = Head.of(GENESIS.header(), BlockBody.genesisCommit(GENESIS.header()), GENESIS.initialState(),
            StateTrie.of(GENESIS.initialState()),
            APP::params);

    static SignedTransaction transfer(long nonce, long amount) {
        return new Transaction(ALICE.address(), nonce, Amount.ofUnits(10), new Transfer(BOB.address(), Amount.ofUnits(amount)))
                .sign(ALICE, CHAIN);
    }

    static List<Optional<TxRejection>> unchecked(int n) {
        List<Optional<TxRejection>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Optional.empty());
        }
        return out;
    }

    /** Block 1 with {@code txs}, as the chain would make it final. */
    BlockExecution.Outcome block(List<SignedTransaction> txs) {
        return BlockExecution.build(genesis.state(), genesis.trie(), genesis.header(), txs,
                new BlockExecution.Extras(genesis.commit(), List.of(),
                        c -> Optional.of(Onion.onionLayer(Onion.onionSecret(ALICE.seed()), Onion.ONION_DEPTH - c.reveals() - 1))),
                ALICE.address(), 5_000, CHAIN, APP, GENESIS.consensus());
    }

    Head after(BlockExecution.Outcome out) {
        return genesis.next(out.header(), genesis.commit(), out.changes(), out.trie(),
                APP::params);
    }

    @Test
    void admitsInOrderAgainstThePendingStateAndSaysWhyNot() {
        pool.load(genesis, List.of(), 1_000);
        var txs = List.of(transfer(0, 5), transfer(0, 6), transfer(1, 7), transfer(0, 5));
        var verdicts = unchecked(txs.size());
        Mempool.Admitted done = pool.admitAll(txs, verdicts, 1_000, false);
        pool.awaitRows(done);
        assertEquals(List.of(txs.get(0), txs.get(2)), done.transactions());
        assertEquals(TxError.NONCE_REPLAYED, verdicts.get(1).orElseThrow().error());
        assertEquals(TxError.DUPLICATE, verdicts.get(3).orElseThrow().error());
        assertEquals(2, pool.size());
        assertEquals(2L, (long) pool.read(v -> v.account(ALICE.address()).nonce()));
        assertEquals(List.of(1L, 2L), written.get(0).stream().map(AdmissionLog.Row::seq).toList());
    }

    @Test
    void aPeersTransactionsHaveNoRowUntilABlockNumbersThem() {
        pool.load(genesis, List.of(), 1_000);
        var mine = transfer(0, 5);
        var peers = transfer(1, 6);
        var notInPool = transfer(2, 7);
        pool.awaitRows(pool.admitAll(List.of(mine), unchecked(1), 1_000, false));
        Mempool.Admitted fromPeer = pool.admitAll(List.of(peers), unchecked(1), 1_000, true);
        assertNull(fromPeer.ticket());
        var out = block(List.of(mine, peers, notInPool));
        assertEquals(3, out.included().size());
        List<Map<Hash, Long>> seqs = new ArrayList<>();
        var dropped = pool.blockFinal(out.included(), after(out), 6_000, seqs::add);
        assertTrue(dropped.isEmpty());
        assertEquals(Map.of(peers.hash(), 2L, notInPool.hash(), 3L), seqs.get(0));
        assertEquals(0, pool.size());
        assertEquals(3L, (long) pool.read(v -> v.account(ALICE.address()).nonce()));
    }

    @Test
    void whatNoLongerAppliesLeavesThePoolAndAFailedWriteChangesNothing() {
        pool.load(genesis, List.of(), 1_000);
        var first = transfer(0, 5);
        var rival = new Transaction(ALICE.address(), 0, Amount.ofUnits(11), new Transfer(BOB.address(), Amount.ofUnits(5)))
                .sign(ALICE, CHAIN);
        pool.awaitRows(pool.admitAll(List.of(first), unchecked(1), 1_000, false));
        var out = block(List.of(rival));
        assertThrows(IllegalStateException.class, () -> pool.blockFinal(out.included(), after(out), 6_000, seqs -> {
            throw new IllegalStateException("disk full");
        }));
        assertTrue(pool.contains(first.hash()));
        var dropped = pool.blockFinal(out.included(), after(out), 6_000, seqs -> { });
        assertEquals(List.of(first), dropped.stream().map(BlockExecution.Rejected::tx).toList());
        assertFalse(pool.contains(first.hash()));
    }

    @Test
    void readersDoNotWaitWhileABlockIsWrittenButAdmissionsDo() throws Exception {
        pool.load(genesis, List.of(), 1_000);
        var out = block(List.of(transfer(0, 5)));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> pool.blockFinal(out.included(), after(out),
                6_000, seqs -> {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        // the block's write is "on the disk" now: pending reads go on...
        assertEquals(0L, CompletableFuture.supplyAsync(() -> pool.read(v -> v.account(ALICE.address()).nonce()))
                .get(5, TimeUnit.SECONDS));
        // ...and an admission waits for the write, then checks against the new head
        CompletableFuture<List<Optional<TxRejection>>> admission = CompletableFuture.supplyAsync(() -> {
            var verdicts = unchecked(1);
            pool.admitAll(List.of(transfer(1, 6)), verdicts, 6_000, true);
            return verdicts;
        });
        Thread.sleep(100);
        assertFalse(admission.isDone());
        release.countDown();
        commit.get(5, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), admission.get(5, TimeUnit.SECONDS).get(0));
    }

    @Test
    void aHeadStaysAsItWasWhenTheNextIsMade() {
        var out = block(List.of(transfer(0, 5)));
        Head next = after(out);
        assertEquals(Amount.ZERO, genesis.view().account(BOB.address()).free());
        assertEquals(Amount.ofUnits(5), next.view().account(BOB.address()).free());
        assertEquals(next.header().stateRoot(), next.trie().root());
        Replica replica = new Replica(genesis);
        replica.advance(next);
        assertEquals(next, replica.head());
        assertThrows(IllegalStateException.class, () -> replica.advance(genesis));
        assertThrows(IllegalArgumentException.class, () -> next.withCommit(genesis.commit()));
    }
}
