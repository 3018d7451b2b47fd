package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditFault;
import cess.audit.model.AuditParams;
import cess.audit.model.AuditRules;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Prover;
import cess.audit.model.ServiceProof;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Balances;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.Miner;
import cess.storage.model.Storage;
import cess.storage.model.RestoralOrder;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit module run by the standard runtime over a real storage market: miners registered,
 * a file of random bytes dealt to them, blocks begun one after another. Honest miners answer
 * with proofs built from the bytes they hold; the chain passes them, fails a tampered one,
 * counts a silent miner's misses, and refuses what is not an answer without changing anything.
 */
class AuditModuleTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {5});
    static final StorageParams STORAGE = new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30);
    /** Periods of 10 blocks, 3 blocks to answer: the CESS table otherwise. */
    static final AuditParams AUDIT = new AuditParams(AuditParams.DEFAULT_SAMPLES, 10, 3, 1L << 40, 500, 1500, 500, 1000, 1,
            100, AuditParams.DEFAULT_MAX_PROOF_BYTES);
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80), STORAGE,
            StakingParams.DEFAULT, GovernanceParams.DEFAULT, AUDIT, 1_000);
    static final KeyPair OWNER = KeyPair.dev("//Alice");
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");
    static final List<KeyPair> MINERS = IntStream.rangeClosed(1, 6).mapToObj(i -> KeyPair.dev("//Miner" + i)).toList();
    static final long NOW = 100 * StorageParams.DAY_MILLIS;
    /** Each fragment 70 KiB: two blocks, the second short. */
    static final int SEGMENT = 4 * 70 * 1024;

    private final AuditChain chain = new AuditChain(CHAIN, PARAMS, MINERS, AUTHOR, NOW, 1);
    private final TreeMap<StateKey, StateValue> state = chain.state;
    private final Map<Hash, byte[]> disk = chain.disk;
    private final List<ChainEvent> events = chain.events;

    @BeforeEach
    void aFileOnSixMiners() {
        chain.registerAndDeal(OWNER, chain.randomFile(3, SEGMENT, new Random(1), (i, j) -> (i + j) % 6));
    }

    @Test
    void honestMinersPassEveryPeriodAndEachIsChallengedOnceAPeriod() {
        Map<Long, Integer> perBlock = new HashMap<>();
        chain.run(39, (o, c) -> {
            chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(chain.prove(o, c)));
            int n = perBlock.merge(chain.height, 1, Integer::sum);
            assertEquals(n, AuditRules.judgedIn(o, chain.height), "each judged proof counts as a check of the block (R²S credit)");
        });
        assertEquals(6 * 3, chain.issued().size(), "periods starting at 10, 20 and 30: six miners each");
        assertTrue(state.keySet().stream().filter(k -> k.kind().equals(cess.audit.model.Audit.JUDGED)).count() <= 2,
                "a block's count is kept for its child's opening only");
        for (KeyPair m : MINERS) {
            assertEquals(3, chain.record(m).passed(), m.address().toString());
            assertEquals(0, chain.record(m).missed());
            assertEquals(Amount.ofUnits(4000), chain.stake(m), "nobody honest loses stake");
        }
        chain.run(45, (o, c) -> { });
        assertTrue(state.values().stream().noneMatch(v -> v instanceof Challenge c && c.deadlineHeight() < chain.height - 1),
                "a challenge leaves the state once its deadline has passed");
    }

    @Test
    void aTamperedAnswerFailsIsSlashedAndNamesTheFragmentForRepair() {
        KeyPair cheat = MINERS.get(2);
        chain.run(19, (o, c) -> {
            ServiceProof honest = chain.prove(o, c);
            if (!c.miner().equals(cheat.address())) {
                chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(honest));
                return;
            }
            List<ServiceProof.Entry> entries = new ArrayList<>(honest.entries());
            ServiceProof.Entry e = entries.get(7);
            byte[] data = e.data();
            data[0] ^= 1;
            entries.set(7, new ServiceProof.Entry(e.seq(), e.chunk(), data, e.siblings()));
            chain.ok(o, cheat, new AuditCall.SubmitProof(new ServiceProof(honest.challengeId(), entries)));
            assertEquals(TxError.DUPLICATE, chain.send(o, cheat, new AuditCall.SubmitProof(honest)).orElseThrow().error(),
                    "a judged challenge takes no second answer");
        });
        assertEquals(1, chain.record(cheat).failedService());
        assertEquals(Amount.ofUnits(4000 - 200), chain.stake(cheat), "5 % of the 4,000 collateral");
        assertEquals(Amount.ofUnits(200), ((Account) state.get(StateKey.account(Balances.PUNISHMENT_POOL))).free());
        assertTrue(chain.record(cheat).lastReason().contains("failed its service proof"), chain.record(cheat).lastReason());
        List<AuditFault> faults = state.entrySet().stream().filter(en -> en.getKey().kind().equals(cess.audit.model.Audit.FAULT))
                .map(en -> (AuditFault) en.getValue()).toList();
        assertEquals(1, faults.size());
        assertEquals(cheat.address(), faults.get(0).miner());
        assertTrue(disk.containsKey(faults.get(0).fragments().get(0).root()), "the fault names a fragment the miner holds");
        assertEquals(Miner.State.FROZEN, ((Miner) state.get(Miner.key(cheat.address()))).state(),
                "its stake no longer covers its space");
    }

    @Test
    void aSilentMinerMissesItsDeadlinesAndIsSlashedFromTheSecond() {
        KeyPair silent = MINERS.get(4);
        chain.run(43, (o, c) -> {
            if (!c.miner().equals(silent.address())) {
                chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(chain.prove(o, c)));
            }
        });
        // Periods 10, 20 and 30 each challenged it; all three deadlines (3 blocks after
        // issue, so by 42) have passed by 43, and period 40's challenge has not expired yet.
        assertEquals(3, chain.record(silent).missed());
        assertEquals(3, chain.record(silent).consecutiveMissed());
        // 1st miss free, 2nd 5 % (200), 3rd 15 % (600) of the 4,000 collateral.
        assertEquals(Amount.ofUnits(4000 - 200 - 600), chain.stake(silent));
        assertEquals(Amount.ofUnits(800), chain.record(silent).punished());
        assertTrue(chain.record(silent).lastReason().contains("missed its deadline"), chain.record(silent).lastReason());
        assertTrue(events.stream().anyMatch(e -> e instanceof AuditRules.Event a && a.kind() == AuditRules.Event.Kind.MISSED
                && a.miner().equals(silent.address())));
    }

    @Test
    void whatIsNotAnAnswerIsRefusedAndChangesNothing() {
        KeyPair other = MINERS.get(0);
        chain.run(19, (o, c) -> {
            ServiceProof honest = chain.prove(o, c);
            KeyPair miner = chain.key(c.miner());
            KeyPair notIt = miner.equals(other) ? MINERS.get(1) : other;
            TreeMap<StateKey, StateValue> before = new TreeMap<>(o.changes());
            assertEquals(TxError.FORBIDDEN, chain.send(o, notIt, new AuditCall.SubmitProof(honest)).orElseThrow().error(),
                    "from a miner that was not asked");
            assertEquals(TxError.NOT_FOUND, chain.send(o, miner, new AuditCall.SubmitProof(
                    new ServiceProof(honest.challengeId() + 1000, honest.entries()))).orElseThrow().error(), "an unknown challenge");
            assertEquals(TxError.INVALID_ARGUMENT, chain.send(o, miner, new AuditCall.SubmitProof(
                    new ServiceProof(honest.challengeId(), honest.entries().subList(1, honest.entries().size()))))
                    .orElseThrow().error(), "a sample short");
            List<ServiceProof.Entry> swapped = new ArrayList<>(honest.entries());
            java.util.Collections.swap(swapped, 0, 1);
            boolean same = swapped.get(0).seq() == swapped.get(1).seq() && swapped.get(0).chunk() == swapped.get(1).chunk();
            if (!same) {
                assertEquals(TxError.INVALID_ARGUMENT, chain.send(o, miner, new AuditCall.SubmitProof(
                        new ServiceProof(honest.challengeId(), swapped))).orElseThrow().error(), "samples out of order");
            }
            assertEquals(before, new TreeMap<>(o.changes()), "refusals change nothing");
            chain.ok(o, miner, new AuditCall.SubmitProof(honest));
        });
        for (KeyPair m : MINERS) {
            assertEquals(1, chain.record(m).passed(), "the honest answer after the refusals still passes");
            assertEquals(0, chain.record(m).failedService());
        }
    }

    @Test
    void aMinerThatLostItsBytesCannotBuildAProofAndConfessesWhichFragments() {
        KeyPair lossy = MINERS.get(3);
        chain.run(19, (o, c) -> {
            if (!c.miner().equals(lossy.address())) {
                chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(chain.prove(o, c)));
                return;
            }
            cess.audit.model.Holdings held = new StorageAudit(state, o, Balances.currency(o), PARAMS).holdings();
            Hash lost = held.at(lossy.address(), 0).root();
            byte[] rotten = disk.get(lost).clone();
            rotten[5] ^= 1; // in block 0
            disk.put(lost, rotten);
            assertThrows(IllegalStateException.class, () -> chain.prove(o, c), "its blocks no longer hash to their nodes");
            Prover.Answer a = Prover.answer(c, held, chain.blocks());
            assertFalse(a.lost().isEmpty(), "every sample in the rotten fragment is confessed");
            assertTrue(a.why().contains("block"), a.why());
            chain.ok(o, lossy, new AuditCall.SubmitProof(a.proof()));
        });
        assertEquals(1, chain.record(lossy).failedService(), "judged at once: no free miss for lost data");
        assertEquals(Amount.ofUnits(3800), chain.stake(lossy));
        AuditFault fault = state.entrySet().stream().filter(en -> en.getKey().kind().equals(cess.audit.model.Audit.FAULT))
                .map(en -> (AuditFault) en.getValue()).findFirst().orElseThrow();
        assertEquals(1, fault.fragments().size(), "only the rotten fragment: the others answered");
        cess.audit.model.Holding h = fault.fragments().get(0);
        RestoralOrder order = (RestoralOrder) state.get(RestoralOrder.key(h.fid(), h.segment(), h.fragment()));
        assertNotNull(order, "the loss opened the fragment's repair");
        assertEquals(lossy.address(), order.lost());
        assertEquals(RestoralOrder.Reason.PROOF_FAILED, order.reason());
        assertEquals("open", order.stateAt(order.createdHeight()));
        assertEquals(1, state.keySet().stream().filter(k -> k.kind().equals(Storage.RESTORAL)).count(),
                "one order: only the rotten fragment is lost");
    }
}
