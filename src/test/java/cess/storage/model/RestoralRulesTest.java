package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Call;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.runtime.model.Runtime;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.StorageCall.BuyTerritory;
import cess.storage.model.StorageCall.ClaimRestoral;
import cess.storage.model.StorageCall.CompleteRestoral;
import cess.storage.model.StorageCall.CreateBucket;
import cess.storage.model.StorageCall.DeleteObject;
import cess.storage.model.StorageCall.ExitMiner;
import cess.storage.model.StorageCall.PutObject;
import cess.storage.model.StorageCall.RegisterMiner;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restoral orders through the runtime, as a block applies them: open, claim, expire, re-claim, complete, refusals. */
class RestoralRulesTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {9});
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80),
            new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30), StakingParams.DEFAULT, GovernanceParams.DEFAULT,
            1_000);
    static final long CLAIM = PARAMS.get(RestoralParams.class).claimBlocks();
    static final Amount REWARD = PARAMS.get(RestoralParams.class).reward();
    static final KeyPair OWNER = KeyPair.dev("//Alice");
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");
    /** Eight miners: a segment's six fragments on the first six, two spare to repair on. */
    static final List<KeyPair> MINERS = IntStream.rangeClosed(1, 8).mapToObj(i -> KeyPair.dev("//Miner" + i)).toList();
    static final long NOW = 100 * StorageParams.DAY_MILLIS;

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>();
    private StateOverlay state;
    private long height = 10;
    private FileLayout layout;

    @BeforeEach
    void aFileOnSixOfEightMiners() {
        base.put(StateKey.account(OWNER.address()), new Account(Amount.ofUnits(1_000_000), 0));
        base.put(StateKey.account(StorageParams.STORAGE_POOL), new Account(Amount.cess(10), 0));
        for (KeyPair m : MINERS) {
            base.put(StateKey.account(m.address()), new Account(Amount.cess(100), 0));
        }
        state = new StateOverlay(base::get);
        for (KeyPair m : MINERS) {
            ok(m, new RegisterMiner("http://127.0.0.1:8080", StorageParams.TIB, Amount.ofUnits(4000)));
        }
        ok(OWNER, new BuyTerritory("home", 1, 30));
        ok(OWNER, new CreateBucket(OWNER.address(), "photos", "home"));
        layout = StorageRulesTest.layout(2, 5_000, 4, 2, 1 << 20, 0); // fragment j on //Miner(j+1)
        ok(OWNER, new PutObject(OWNER.address(), "photos", "a.png", layout.fid(), layout.size(),
                new ObjectMeta("image/png", "abc", null), Optional.of(layout)));
    }

    private Optional<TxRejection> send(KeyPair who, Call call) {
        long nonce = state.account(who.address()).nonce();
        SignedTransaction stx = new Transaction(who.address(), nonce, Amount.ofUnits(10), call).sign(who, CHAIN);
        assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD), "the call survives its encoding");
        return Runtime.STANDARD.apply(state, stx, AUTHOR.address(), height, NOW, PARAMS);
    }

    private void ok(KeyPair who, Call call) {
        Optional<TxRejection> r = send(who, call);
        assertTrue(r.isEmpty(), () -> r.get().message());
    }

    private TxRejection refused(KeyPair who, Call call) {
        var before = new TreeMap<>(state.changes());
        TxRejection r = send(who, call).orElseThrow(() -> new AssertionError("expected a refusal of " + call));
        var after = new TreeMap<>(state.changes());
        after.keySet().removeIf(k -> k.equals(StateKey.account(who.address())) || k.equals(StateKey.account(AUTHOR.address())));
        before.keySet().removeIf(k -> k.equals(StateKey.account(who.address())) || k.equals(StateKey.account(AUTHOR.address())));
        assertEquals(before, after, "a refused call changes nothing but its fee");
        return r;
    }

    private Hash fid() {
        return layout.fid();
    }

    private FileLayout onChain() {
        return state.find(FileRecord.key(fid()), FileRecord.class).orElseThrow().layout();
    }

    private Optional<RestoralOrder> order(int segment, int fragment) {
        return state.find(RestoralOrder.key(fid(), segment, fragment), RestoralOrder.class);
    }

    private boolean holds(KeyPair miner, int segment, int fragment) {
        return state.find(HoldingSlot.key(miner.address(), fid(), segment, fragment), HoldingSlot.class).isPresent();
    }

    private long used(KeyPair miner) {
        return state.find(Miner.key(miner.address()), Miner.class).orElseThrow().usedBytes();
    }

    /** Fragment 2 of segment 0 (on //Miner3) failed a proof. */
    private void lose() {
        assertTrue(RestoralRules.open(state, fid(), 0, 2, MINERS.get(2).address(), RestoralOrder.Reason.PROOF_FAILED, height));
    }

    @Test
    void aLostFragmentIsClaimedRebuiltAndMovedAndTheRestorerIsPaid() {
        lose();
        assertFalse(RestoralRules.open(state, fid(), 0, 2, MINERS.get(2).address(), RestoralOrder.Reason.MISSED_CHALLENGES,
                height), "one order per fragment; the first reason stays");
        assertEquals(RestoralOrder.Reason.PROOF_FAILED, order(0, 2).orElseThrow().reason());
        assertEquals("open", order(0, 2).orElseThrow().stateAt(height));

        KeyPair restorer = MINERS.get(6);
        ok(restorer, new ClaimRestoral(fid(), 0, 2));
        assertEquals("claimed", order(0, 2).orElseThrow().stateAt(height));
        assertEquals(restorer.address(), order(0, 2).orElseThrow().claim().orElseThrow().claimant());

        Hash root = layout.segments().get(0).fragments().get(2).hash();
        long size = layout.fragmentSize(layout.segments().get(0));
        long lostUsed = used(MINERS.get(2));
        Amount before = state.account(restorer.address()).free();
        height += 5;
        ok(restorer, new CompleteRestoral(fid(), 0, 2, root));

        assertEquals(restorer.address(), onChain().segments().get(0).fragments().get(2).miner(), "the layout moved");
        assertEquals(root, onChain().segments().get(0).fragments().get(2).hash(), "the commitment did not change");
        assertTrue(onChain().segments().get(0).hashMatchesFragments());
        assertTrue(holds(restorer, 0, 2) && !holds(MINERS.get(2), 0, 2), "the holdings moved: proofs now ask the restorer");
        assertEquals(size, used(restorer));
        assertEquals(lostUsed - size, used(MINERS.get(2)));
        assertTrue(order(0, 2).isEmpty(), "the order closed");
        assertEquals(before.plus(REWARD).minus(Amount.ofUnits(10)), state.account(restorer.address()).free(),
                "paid the reward from the storage pool, less its fee");
    }

    @Test
    void aClaimExpiresAndAnotherMinerMayClaimAgain() {
        lose();
        ok(MINERS.get(6), new ClaimRestoral(fid(), 0, 2));
        TxRejection taken = refused(MINERS.get(7), new ClaimRestoral(fid(), 0, 2));
        assertEquals(TxError.ALREADY_EXISTS, taken.error());
        assertTrue(taken.message().contains("claimed by " + MINERS.get(6).address()), taken.message());
        assertEquals(TxError.ALREADY_EXISTS, refused(MINERS.get(6), new ClaimRestoral(fid(), 0, 2)).error());

        height += CLAIM + 1; // the first claim lapsed
        assertEquals("claim_expired", order(0, 2).orElseThrow().stateAt(height));
        Hash root = layout.segments().get(0).fragments().get(2).hash();
        TxRejection late = refused(MINERS.get(6), new CompleteRestoral(fid(), 0, 2, root));
        assertEquals(TxError.DEADLINE_PASSED, late.error());
        assertTrue(late.message().contains("claim the order again"), late.message());
        ok(MINERS.get(7), new ClaimRestoral(fid(), 0, 2));
        assertEquals(TxError.FORBIDDEN, refused(MINERS.get(6), new CompleteRestoral(fid(), 0, 2, root)).error(),
                "the lapsed claimant may not complete another's claim");
        ok(MINERS.get(7), new CompleteRestoral(fid(), 0, 2, root));
        assertEquals(MINERS.get(7).address(), onChain().segments().get(0).fragments().get(2).miner());
    }

    @Test
    void refusalsChangeNothingAndNameTheProblem() {
        Hash root = layout.segments().get(0).fragments().get(2).hash();
        TxRejection notLost = refused(MINERS.get(6), new ClaimRestoral(fid(), 0, 2));
        assertEquals(TxError.NOT_FOUND, notLost.error());
        assertTrue(notLost.message().contains("is not lost"), notLost.message());
        lose();
        TxRejection own = refused(MINERS.get(0), new ClaimRestoral(fid(), 0, 2));
        assertEquals(TxError.FORBIDDEN, own.error(), "//Miner1 holds fragment 0 of the segment");
        assertTrue(own.message().contains("holds fragment 0 of this segment"), own.message());
        assertEquals(TxError.FORBIDDEN, refused(OWNER, new ClaimRestoral(fid(), 0, 2)).error(), "not a miner");
        assertEquals(TxError.INVALID_ARGUMENT, refused(MINERS.get(6), new ClaimRestoral(fid(), 2, 0)).error(), "no segment 2");
        assertEquals(TxError.INVALID_ARGUMENT, refused(MINERS.get(6), new ClaimRestoral(fid(), 0, 6)).error(), "no fragment 6");
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(6), new ClaimRestoral(Hash.sha256(new byte[] {1}), 0, 0)).error());
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(6), new CompleteRestoral(fid(), 0, 3, root)).error(),
                "no order for fragment 3");
        assertEquals(TxError.FORBIDDEN, refused(MINERS.get(6), new CompleteRestoral(fid(), 0, 2, root)).error(),
                "completing an unclaimed order");

        ok(MINERS.get(6), new ClaimRestoral(fid(), 0, 2));
        TxRejection wrong = refused(MINERS.get(6), new CompleteRestoral(fid(), 0, 2, Hash.sha256(new byte[] {2})));
        assertEquals(TxError.INVALID_ARGUMENT, wrong.error());
        assertTrue(wrong.message().contains("is not the file's"), wrong.message());
        assertEquals(MINERS.get(2).address(), onChain().segments().get(0).fragments().get(2).miner(), "nothing moved");
    }

    @Test
    void anExitingMinersFragmentsNeedNoOrderWrittenAheadAndDeletingTheFileClosesOrders() {
        ok(MINERS.get(3), new ExitMiner());
        assertTrue(order(1, 3).isEmpty(), "exiting writes no order per fragment");
        Optional<RestoralOrder> implied = RestoralRules.orderFor(state, fid(), 1, 3, height);
        assertEquals(RestoralOrder.Reason.MINER_EXITING, implied.orElseThrow().reason());
        ok(MINERS.get(6), new ClaimRestoral(fid(), 1, 3));
        assertEquals(RestoralOrder.Reason.MINER_EXITING, order(1, 3).orElseThrow().reason(), "the claim wrote the order");
        assertEquals(TxError.FORBIDDEN, refused(MINERS.get(3), new ClaimRestoral(fid(), 0, 3)).error(),
                "an exiting miner takes nothing");

        lose();
        ok(OWNER, new DeleteObject(OWNER.address(), "photos", "a.png"));
        assertTrue(order(0, 2).isEmpty() && order(1, 3).isEmpty(), "a deleted file leaves no order behind");
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(6), new CompleteRestoral(fid(), 1, 3,
                layout.segments().get(1).fragments().get(3).hash())).error());
    }

    @Test
    void anExitingMinerWithdrawsItsStakeOnlyOnceItsDataMovedAndItCooledOff() {
        KeyPair leaving = MINERS.get(3);
        ok(leaving, new ExitMiner());
        MinerExit exit = state.find(MinerExit.key(leaving.address()), MinerExit.class).orElseThrow();
        assertEquals(height + PARAMS.get(RestoralParams.class).exitCoolingBlocks(), exit.withdrawableHeight());
        assertFalse(exit.forced());
        TxRejection early = refused(leaving, new StorageCall.WithdrawMiner());
        assertTrue(early.message().contains("cooling off until block " + exit.withdrawableHeight()), early.message());
        height = exit.withdrawableHeight();
        TxRejection holding = refused(leaving, new StorageCall.WithdrawMiner());
        assertEquals(TxError.NOT_EMPTY, holding.error());
        assertTrue(holding.message().contains("still holds 2 fragments"), holding.message());

        for (int seg = 0; seg < 2; seg++) { // fragment 3 of each segment, onto //Miner7
            ok(MINERS.get(6), new ClaimRestoral(fid(), seg, 3));
            ok(MINERS.get(6), new CompleteRestoral(fid(), seg, 3, layout.segments().get(seg).fragments().get(3).hash()));
        }
        Amount free = state.account(leaving.address()).free();
        ok(leaving, new StorageCall.WithdrawMiner());
        assertEquals(free.plus(Amount.ofUnits(4000)).minus(Amount.ofUnits(10)), state.account(leaving.address()).free(),
                "its whole stake back, less the fee: it was not punished for the data it handed over");
        assertTrue(state.find(Miner.key(leaving.address()), Miner.class).isEmpty(), "no longer a miner");
        assertTrue(state.find(MinerExit.key(leaving.address()), MinerExit.class).isEmpty());
        assertEquals(TxError.NOT_FOUND, refused(leaving, new StorageCall.WithdrawMiner()).error(), "a stake comes back once");
        assertEquals(TxError.INVALID_ARGUMENT, refused(MINERS.get(0), new StorageCall.WithdrawMiner()).error(),
                "a miner that did not exit keeps its stake bonded");
    }

    @Test
    void aMinerThatMissesNChallengesInARowHasItsFragmentsClaimableAndAPassLiftsTheUnclaimedOnes() {
        RestoralParams p = PARAMS.get(RestoralParams.class);
        int n = p.missesBeforeRepair();
        Address silent = MINERS.get(3).address(); // fragment 3 of both segments
        for (int run = 1; run < n; run++) {
            RestoralRules.missed(state, silent, height - n + run, p);
        }
        assertEquals(n - 1, state.find(MinerAbsence.key(silent), MinerAbsence.class).orElseThrow().misses());
        assertFalse(RestoralRules.presumedLost(state, silent));
        assertTrue(RestoralRules.orderFor(state, fid(), 0, 3, height).isEmpty(), (n - 1) + " misses in a row open nothing");
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(6), new ClaimRestoral(fid(), 0, 3)).error());

        RestoralRules.missed(state, silent, height, p);
        assertEquals(new MinerAbsence(height - n + 1, n, height), state.find(MinerAbsence.key(silent), MinerAbsence.class)
                .orElseThrow());
        assertTrue(order(0, 3).isEmpty() && order(1, 3).isEmpty(), "one entry for the miner, no order written per fragment");
        RestoralOrder implied = RestoralRules.orderFor(state, fid(), 1, 3, height + 5).orElseThrow();
        assertEquals(RestoralOrder.Reason.MISSED_CHALLENGES, implied.reason());
        assertEquals(height, implied.createdHeight(), "implied since the miss that made the run long enough");
        RestoralRules.missed(state, silent, height + 7, p);
        assertEquals(height, state.find(MinerAbsence.key(silent), MinerAbsence.class).orElseThrow().presumedHeight(),
                "a longer run keeps the block that made it long enough");

        ok(MINERS.get(6), new ClaimRestoral(fid(), 0, 3));
        assertEquals(RestoralOrder.Reason.MISSED_CHALLENGES, order(0, 3).orElseThrow().reason(), "the claim wrote the order");

        RestoralRules.answered(state, silent); // it came back and passed a proof
        assertTrue(state.find(MinerAbsence.key(silent), MinerAbsence.class).isEmpty());
        assertTrue(RestoralRules.orderFor(state, fid(), 1, 3, height).isEmpty(), "the unclaimed implied order lapsed");
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(7), new ClaimRestoral(fid(), 1, 3)).error());
        assertTrue(holds(MINERS.get(3), 1, 3), "the honest miner back from its restart keeps that fragment");

        long before = used(MINERS.get(6));
        ok(MINERS.get(6), new CompleteRestoral(fid(), 0, 3, layout.segments().get(0).fragments().get(3).hash()));
        assertEquals(MINERS.get(6).address(), onChain().segments().get(0).fragments().get(3).miner(),
                "the claimed order stood and completed");
        assertTrue(holds(MINERS.get(6), 0, 3) && !holds(MINERS.get(3), 0, 3));
        assertEquals(before + layout.fragmentSize(layout.segments().get(0)), used(MINERS.get(6)));
        RestoralTally t = state.find(RestoralTally.KEY, RestoralTally.class).orElseThrow();
        assertEquals(1, t.completed());
        assertEquals(1, t.completedWithin(height, 10));
    }

    @Test
    void missesBeforeRepairIsAGenesisParameterOfAtLeastOne() {
        assertEquals(3, RestoralParams.DEFAULT.missesBeforeRepair());
        assertEquals(2, RestoralParams.local(1_000).missesBeforeRepair());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RestoralParams.DEFAULT.withMissesBeforeRepair(0));
        assertTrue(e.getMessage().contains("missesBeforeRepair must be 1.."), e.getMessage());
        for (MinerAbsence a : List.of(new MinerAbsence(12, 3, 14), new MinerAbsence(12, 1, -1))) {
            assertEquals(a, MinerAbsence.decode(new Decoder(a.encode())));
        }
        assertTrue(MinerAbsence.first(5, 1).presumed(), "with 1, the first miss presumes the loss");
        assertFalse(MinerAbsence.first(5, 2).presumed());
        assertTrue(MinerAbsence.first(5, 2).plusMiss(9, 2).presumed());
    }

    @Test
    void theTallyCountsCompletionsPerBlockOverItsWindow() {
        RestoralTally t = RestoralTally.NONE.plusOne(5).plusOne(5).plusOne(9);
        assertEquals(3, t.completed());
        assertEquals(2, t.recent().size(), "one pair per block");
        assertEquals(1, t.completedWithin(9, 4), "blocks 6..9");
        assertEquals(3, t.completedWithin(9, 5), "blocks 5..9");
        RestoralTally later = t.plusOne(5 + RestoralTally.WINDOW_BLOCKS);
        assertEquals(4, later.completed(), "the total keeps everything");
        assertEquals(2, later.recent().size(), "block 5 fell out of the window");
        assertEquals(later, RestoralTally.decode(new Decoder(later.encode())));
    }

    @Test
    void anOrderSurvivesItsEncoding() {
        RestoralOrder o = RestoralOrder.open(fid(), 3, 5, MINERS.get(2).address(), RestoralOrder.Reason.FORCED_OUT, 77);
        assertEquals(o, RestoralOrder.decode(new Decoder(o.encode())));
        RestoralOrder c = o.claimedBy(MINERS.get(6).address(), 99);
        assertEquals(c, RestoralOrder.decode(new Decoder(c.encode())));
        assertEquals("claimed", c.stateAt(99));
        assertEquals("claim_expired", c.stateAt(100));
        Address lost = MINERS.get(2).address();
        assertEquals(lost, o.lost());
    }
}
