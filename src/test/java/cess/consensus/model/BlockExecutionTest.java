package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Account;
import cess.runtime.model.TestGenesis;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.storage.model.StorageParams;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.model.TxError;
import cess.shared.Amount;
import cess.staking.model.StakingParams;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockExecutionTest {
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final Genesis GENESIS = TestGenesis.genesis("test", 1_000, TestGenesis.params(Amount.ofUnits(10), 80,
            new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), new StakingParams(Amount.ofUnits(1)), 1000),
            new ConsensusParams(1000, 3, 10),
            Map.of(ALICE.address(), Amount.ofUnits(1_000_000)),
            List.of(new Genesis.ValidatorSpec(ALICE.address(), Amount.ofUnits(1), Onion.onionCommitment(ALICE.seed()))),
            List.of(), List.of());
    static final Application APP = TestGenesis.app(GENESIS);

    /** Block 1's extras: the genesis block's empty commit, no evidence, Alice's onion. */
    static BlockExecution.Extras extras() {
        return new BlockExecution.Extras(BlockBody.genesisCommit(GENESIS.header()), List.of(),
                c -> java.util.Optional.of(Onion.onionLayer(Onion.onionSecret(ALICE.seed()), Onion.ONION_DEPTH - c.reveals() - 1)));
    }

    static BlockExecution.Outcome build(List<SignedTransaction> txs, long now) {
        var state = GENESIS.initialState();
        return BlockExecution.build(state, StateTrie.of(state), GENESIS.header(), txs, extras(), ALICE.address(), now,
                CHAIN, APP, GENESIS.consensus());
    }
    static final Hash CHAIN = GENESIS.hash();

    static SignedTransaction transfer(long nonce, long amount) {
        return new Transaction(ALICE.address(), nonce, Amount.ofUnits(10), new Transfer(BOB.address(), Amount.ofUnits(amount)))
                .sign(ALICE, CHAIN);
    }

    static NavigableMap<StateKey, StateValue> apply(NavigableMap<StateKey, StateValue> state,
                                                    NavigableMap<StateKey, StateValue> changes) {
        TreeMap<StateKey, StateValue> next = new TreeMap<>(state);
        StateOverlay.apply(next, changes);
        return next;
    }

    @Test
    void buildsAValidBlockThatReplays() {
        var state = GENESIS.initialState();
        var out = build(List.of(transfer(0, 5), transfer(1, 6)), 5_000);
        assertEquals(1, out.header().height());
        assertEquals(GENESIS.hash(), out.header().parent());
        assertEquals(2, out.included().size());
        Block block = new Block(out.header(), out.body(), new Commit(1, 0, out.header().hash(), List.of(
                Commit.precommit(ALICE, CHAIN, 1, 0, out.header().hash()))));
        var replay = BlockExecution.replay(state, StateTrie.of(state), GENESIS.header(), block, CHAIN, APP, GENESIS.consensus());
        assertTrue(replay.invalid().isEmpty(), replay.invalid().toString());
        assertEquals(out.changes(), replay.outcome().orElseThrow().changes());
        assertEquals(Amount.ofUnits(11), ((Account) apply(state, out.changes()).get(StateKey.account(BOB.address()))).free());
        assertTrue(block.commit().verify(block.header(), GENESIS.validatorSet(), CHAIN).isEmpty());
    }

    @Test
    void buildSkipsWhatNoLongerAppliesAndRespectsTheLimit() {
        var out = build(List.of(transfer(0, 5), transfer(5, 6), transfer(1, 7), transfer(2, 8), transfer(3, 9)), 5_000);
        assertEquals(3, out.included().size());
        assertEquals(1, out.rejected().size());
        assertEquals(TxError.NONCE_GAP, out.rejected().get(0).why().error());
    }

    @Test
    void blockTimeAlwaysAdvances() {
        var out = build(List.of(transfer(0, 5)), 0);
        assertEquals(GENESIS.timestampMillis() + 1, out.header().timestampMillis());
    }

    @Test
    void replayCatchesATamperedStateRootAndForeignParent() {
        var state = GENESIS.initialState();
        var out = build(List.of(transfer(0, 5)), 5_000);
        BlockHeader h = out.header();
        BlockHeader lying = new BlockHeader(h.height(), h.parent(), h.timestampMillis(), h.proposer(), h.txRoot(),
                Hash.ZERO, h.epoch(), h.reveal(), h.lastCommitHash(), h.evidenceRoot());
        Commit c = new Commit(1, 0, lying.hash(), List.of());
        assertTrue(BlockExecution.replay(state, StateTrie.of(state), GENESIS.header(), new Block(lying, out.body(), c), CHAIN,
                APP, GENESIS.consensus()).invalid().orElseThrow().contains("state root"));
        BlockHeader orphan = new BlockHeader(h.height(), Hash.ZERO, h.timestampMillis(), h.proposer(), h.txRoot(),
                h.stateRoot(), h.epoch(), h.reveal(), h.lastCommitHash(), h.evidenceRoot());
        assertTrue(BlockExecution.replay(state, StateTrie.of(state), GENESIS.header(), new Block(orphan, out.body(), c), CHAIN,
                APP, GENESIS.consensus()).invalid().isPresent());
    }

    @Test
    void epochsFollowHeight() {
        assertEquals(0, GENESIS.consensus().epochOf(9));
        assertEquals(1, GENESIS.consensus().epochOf(10));
    }
}
