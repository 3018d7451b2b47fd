package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditFault;
import cess.audit.model.AuditKeys;
import cess.audit.model.AuditParams;
import cess.audit.model.AuditRecord;
import cess.audit.model.AuditRules;
import cess.audit.model.Challenge;
import cess.audit.model.CorruptReport;
import cess.audit.model.Holding;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.Prover;
import cess.audit.model.ReportRules;
import cess.audit.model.Sample;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Call;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.oss.model.Gateway;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Miner;
import cess.storage.model.MinerAbsence;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralParams;
import cess.storage.model.RestoralRules;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageParams;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two sources of restoral orders that need the audit and the storage market together, run by
 * the standard runtime block after block: a miner that misses {@code restoral.missesBeforeRepair}
 * challenges in a row, and a gateway's corrupt-read report checked by a targeted challenge. A
 * file of three segments, RS 4+2 on the first six of eight miners (the last two hold nothing and
 * may repair); Alice is the owner and an active gateway.
 */
class RepairSourcesTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {21});
    static final StorageParams STORAGE = new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30);
    /** Periods of 10 blocks, 3 blocks to answer. */
    static final AuditParams AUDIT = new AuditParams(AuditParams.DEFAULT_SAMPLES, 10, 3, 1L << 40, 500, 1500, 500, 1000, 1,
            100, AuditParams.DEFAULT_MAX_PROOF_BYTES);
    static final RestoralParams RESTORAL = RestoralParams.local(1_000); // repair after 2 misses in a row
    static final Params PARAMS = Runtime.STANDARD.params(List.of(new FeeParams(Amount.ofUnits(10), 80), STORAGE, RESTORAL,
            StakingParams.DEFAULT, GovernanceParams.DEFAULT, AUDIT, IdleAuditParams.local(1_000, Runtime.TEST_NETWORK),
            new ChainTiming(1_000)));
    static final KeyPair GATEWAY = KeyPair.dev("//Alice");
    static final KeyPair STRANGER = KeyPair.dev("//Bob");
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");
    static final List<KeyPair> MINERS = IntStream.rangeClosed(1, 8).mapToObj(i -> KeyPair.dev("//Miner" + i)).toList();
    static final long NOW = 100 * StorageParams.DAY_MILLIS;
    /** Each fragment 70 KiB: 70 chunks, two blocks. */
    static final int SEGMENT = 4 * 70 * 1024;

    private final AuditChain chain = new AuditChain(CHAIN, PARAMS, MINERS, AUTHOR, NOW, 2);
    private final TreeMap<StateKey, StateValue> state = chain.state;
    private final Map<Hash, byte[]> disk = chain.disk;
    private final List<ChainEvent> events = chain.events;
    private FileLayout layout;

    @BeforeEach
    void aFileOnSixOfEightMiners() {
        state.put(StateKey.account(STRANGER.address()), new Account(Amount.ofUnits(1_000_000), 0));
        state.put(Gateway.key(GATEWAY.address()), Gateway.registered("http://127.0.0.1:8080", 0));
        layout = chain.randomFile(3, SEGMENT, new Random(2), (i, j) -> j); // fragment j of every segment on //Miner(j+1)
        chain.registerAndDeal(GATEWAY, layout);
    }

    /** The refusal of {@code call}, checking that it changed nothing but the sender's nonce and fee. */
    private TxRejection refused(StateOverlay o, KeyPair who, Call call) {
        TreeMap<StateKey, StateValue> before = new TreeMap<>(o.changes());
        TxRejection r = chain.send(o, who, call).orElseThrow(() -> new AssertionError("expected a refusal of " + call));
        assertEquals(before, new TreeMap<>(o.changes()), "a refused call changes nothing");
        return r;
    }

    /** Every miner but {@code silent} answers honestly; {@code silent} says nothing. */
    private BiConsumer<StateOverlay, Challenge> allBut(Set<Address> silent) {
        return (o, c) -> {
            if (!silent.contains(c.miner())) {
                chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(chain.prove(o, c)));
            }
        };
    }

    private BiConsumer<StateOverlay, Challenge> honest() {
        return allBut(Set.of());
    }

    private Optional<RestoralOrder> order(int segment, int fragment) {
        return Optional.ofNullable((RestoralOrder) state.get(RestoralOrder.key(layout.fid(), segment, fragment)));
    }

    private AuditCall.ReportCorrupt report(int segment, int fragment, List<Long> suspects) {
        return new AuditCall.ReportCorrupt(MINERS.get(fragment).address(), layout.fid(), segment, fragment, suspects);
    }

    /** Sends {@code call} in a block of its own (answering any challenge honestly) and returns the report it opened. */
    private CorruptReport reported(AuditCall.ReportCorrupt call) {
        int before = chain.issued().size();
        chain.block(o -> {
            for (AuditRules.Event e : chain.issued().subList(before, chain.issued().size())) {
                chain.ok(o, chain.key(e.miner()), new AuditCall.SubmitProof(chain.prove(o, o.find(AuditKeys.challenge(e.challenge()),
                        Challenge.class).orElseThrow())));
            }
            chain.ok(o, GATEWAY, call);
        });
        return state.values().stream().filter(v -> v instanceof CorruptReport r && r.fragment().segment() == call.segment()
                && r.fragment().fragment() == call.fragment()).map(v -> (CorruptReport) v).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ missed challenges

    @Test
    void aMinerThatMissesNChallengesInARowHasItsFragmentsClaimableAndAPassBeforeAnyClaimKeepsItsData() {
        KeyPair silent = MINERS.get(2); // fragment 2 of every segment
        chain.run(23, allBut(Set.of(silent.address()))); // period 10's challenge (issued by 19, due by 22) missed
        assertEquals(1, chain.record(silent).consecutiveMissed());
        assertFalse(((MinerAbsence) state.get(MinerAbsence.key(silent.address()))).presumed(),
                "1 miss of the 2 the genesis waits for: counted, nothing presumed");
        assertTrue(RestoralRules.orderFor(new StateOverlay(state::get), layout.fid(), 0, 2, chain.height).isEmpty());

        chain.run(33, allBut(Set.of(silent.address()))); // and period 20's
        assertEquals(2, chain.record(silent).consecutiveMissed());
        MinerAbsence absent = (MinerAbsence) state.get(MinerAbsence.key(silent.address()));
        assertEquals(2, absent.misses());
        assertTrue(absent.presumed(), "the 2nd missed service challenge in a row presumes its data lost");
        assertEquals(0, state.keySet().stream().filter(k -> k.kind().equals(cess.storage.model.Storage.RESTORAL)).count(),
                "one entry for the miner, no order written per fragment");
        StateOverlay o = new StateOverlay(state::get);
        for (int seg = 0; seg < 3; seg++) {
            assertEquals(RestoralOrder.Reason.MISSED_CHALLENGES,
                    RestoralRules.orderFor(o, layout.fid(), seg, 2, chain.height).orElseThrow().reason(), "segment " + seg);
        }
        chain.block(b -> chain.ok(b, MINERS.get(6), new StorageCall.ClaimRestoral(layout.fid(), 0, 2)));

        // It comes back: it answers its next challenges and passes.
        chain.run(49, honest());
        assertEquals(0, chain.record(silent).consecutiveMissed());
        assertTrue(state.get(MinerAbsence.key(silent.address())) == null, "a pass lifts the presumption");
        StateOverlay after = new StateOverlay(state::get);
        assertTrue(RestoralRules.orderFor(after, layout.fid(), 1, 2, chain.height).isEmpty(), "unclaimed implied orders lapse");
        assertEquals(TxError.NOT_FOUND, refused(after, MINERS.get(7), new StorageCall.ClaimRestoral(layout.fid(), 1, 2))
                .error());
        RestoralOrder claimed = order(0, 2).orElseThrow();
        assertEquals(RestoralOrder.Reason.MISSED_CHALLENGES, claimed.reason(), "the claimed one stands");
        chain.ok(after, MINERS.get(6), new StorageCall.CompleteRestoral(layout.fid(), 0, 2,
                layout.segments().get(0).fragments().get(2).hash()));
        StateOverlay.apply(state, after.changes());
        FileLayout now = ((FileRecord) state.get(FileRecord.key(layout.fid()))).layout();
        assertEquals(MINERS.get(6).address(), now.segments().get(0).fragments().get(2).miner());
        assertEquals(silent.address(), now.segments().get(1).fragments().get(2).miner(), "the rest stays with it");
    }

    // ------------------------------------------------------------------ corrupt-read reports

    @Test
    void aReportOpensATargetedChallengeThatAnHonestMinerPassesUnpunished() {
        chain.run(9, honest());
        Amount stake = chain.stake(MINERS.get(2));
        AuditRecord before = chain.record(MINERS.get(2));
        CorruptReport r = reported(report(1, 2, List.of(5L, 69L)));
        assertEquals(CorruptReport.State.PENDING, r.state());
        assertEquals(GATEWAY.address(), r.reporter());
        assertEquals(1, ReportRules.openCount(new StateOverlay(state::get), GATEWAY.address()));

        chain.block(o -> {
            Challenge c = o.find(AuditKeys.challenge(r.id()), Challenge.class).orElseThrow();
            assertEquals(MINERS.get(2).address(), c.miner(), "issued at once, in the next block");
            assertEquals(chain.height + AUDIT.deadlineBaseBlocks(), c.deadlineHeight(), "by the usual floor");
            assertEquals(AUDIT.samples(), c.samples().size());
            Hash root = layout.segments().get(1).fragments().get(2).hash();
            assertTrue(c.samples().stream().allMatch(s -> s.root().equals(root)), "every sample in the reported fragment");
            assertEquals(List.of(5L, 69L), c.samples().subList(0, 2).stream().map(Sample::chunk).toList(), "suspects first");
            chain.ok(o, MINERS.get(2), new AuditCall.SubmitProof(chain.prove(o, c)));
        });
        CorruptReport cleared = (CorruptReport) state.get(AuditKeys.report(r.id()));
        assertEquals(CorruptReport.State.CLEARED, cleared.state());
        assertEquals(stake, chain.stake(MINERS.get(2)), "no punishment");
        assertEquals(before, chain.record(MINERS.get(2)), "its record is untouched");
        assertTrue(order(1, 2).isEmpty());
        assertEquals(0, ReportRules.openCount(new StateOverlay(state::get), GATEWAY.address()));

        StateOverlay o = new StateOverlay(state::get);
        TxRejection again = refused(o, GATEWAY, report(1, 2, List.of()));
        assertEquals(TxError.DUPLICATE, again.error());
        assertTrue(again.message().contains("may be reported again from block " + (cleared.clearedHeight() + AUDIT.periodBlocks())),
                again.message());
        chain.run(cleared.clearedHeight() + AUDIT.periodBlocks(), honest());
        assertTrue(state.get(AuditKeys.report(r.id())) == null, "forgotten once cooled");
        reported(report(1, 2, List.of())); // accepted again
    }

    @Test
    void aFailedTargetedChallengeOpensTheFragmentsOrderAndIsPunishedAsAFailedProof() {
        chain.run(9, honest());
        Hash root = layout.segments().get(0).fragments().get(4).hash();
        CorruptReport r = reported(report(0, 4, List.of(17L)));
        KeyPair m = MINERS.get(4);
        int before = chain.issued().size();
        chain.block(o -> {
            for (AuditRules.Event e : chain.issued().subList(before, chain.issued().size())) {
                if (e.challenge() != r.id()) {
                    chain.ok(o, chain.key(e.miner()), new AuditCall.SubmitProof(chain.prove(o, o.find(AuditKeys.challenge(e.challenge()),
                            Challenge.class).orElseThrow())));
                }
            }
            byte[] rotten = disk.get(root).clone();
            rotten[17 * ChunkTree.CHUNK + 3] ^= 1; // chunk 17 rots on its disk
            disk.put(root, rotten);
            Challenge c = o.find(AuditKeys.challenge(r.id()), Challenge.class).orElseThrow();
            Prover.Answer a = Prover.answer(c, chain.holdings(o), chain.blocks());
            assertFalse(a.lost().isEmpty(), "its prover confesses the rotten chunk");
            chain.ok(o, m, new AuditCall.SubmitProof(a.proof()));
        });
        RestoralOrder o = order(0, 4).orElseThrow();
        assertEquals(RestoralOrder.Reason.CORRUPT_READ, o.reason());
        assertEquals(m.address(), o.lost());
        assertEquals(Amount.ofUnits(4000 - 200), chain.stake(m), "5 %, as a failed service proof");
        assertEquals(1, chain.record(m).failedService());
        assertTrue(chain.record(m).lastReason().contains("failed its service proof") && chain.record(m).lastReason()
                .contains("after a corrupt-read report by " + GATEWAY.address()), chain.record(m).lastReason());
        AuditFault fault = (AuditFault) state.get(AuditKeys.fault(m.address(), r.id()));
        assertEquals(root, fault.fragments().get(0).root());
        assertTrue(state.get(AuditKeys.report(r.id())) == null, "the report is closed");
        assertEquals(TxError.ALREADY_EXISTS, refused(new StateOverlay(state::get), GATEWAY, report(0, 4, List.of())).error(),
                "a fragment being rebuilt is not reported again");
    }

    @Test
    void aMissedTargetedChallengeOpensTheOrderToo() {
        chain.run(9, honest());
        CorruptReport r = reported(report(2, 5, List.of()));
        KeyPair m = MINERS.get(5);
        chain.run(chain.height + 1 + AUDIT.deadlineBaseBlocks() + 1, (o, c) -> {
            if (c.id() != r.id()) {
                chain.ok(o, chain.key(c.miner()), new AuditCall.SubmitProof(chain.prove(o, c)));
            }
        });
        assertEquals(RestoralOrder.Reason.CORRUPT_READ, order(2, 5).orElseThrow().reason());
        assertEquals(1, chain.record(m).failedService(), "punished as a failed service proof, not as a free first miss");
        assertEquals(0, chain.record(m).missed());
        assertEquals(Amount.ofUnits(3800), chain.stake(m));
        assertTrue(chain.record(m).lastReason().endsWith(", missed)"), chain.record(m).lastReason());
    }

    @Test
    void reportsThatCannotBeCheckedOrWouldSpamAreRefusedAndChangeNothing() {
        chain.run(9, honest());
        StateOverlay o = new StateOverlay(state::get);
        assertEquals(TxError.FORBIDDEN, refused(o, STRANGER, report(0, 1, List.of())).error(), "not a gateway");
        assertEquals(TxError.NOT_FOUND, refused(o, GATEWAY, new AuditCall.ReportCorrupt(MINERS.get(1).address(),
                Hash.sha256(new byte[] {1}), 0, 1, List.of())).error(), "an unknown file");
        assertEquals(TxError.NOT_FOUND, refused(o, GATEWAY, new AuditCall.ReportCorrupt(MINERS.get(1).address(),
                layout.fid(), 3, 1, List.of())).error(), "no such segment");
        TxRejection wrongMiner = refused(o, GATEWAY, new AuditCall.ReportCorrupt(MINERS.get(0).address(), layout.fid(), 0, 1,
                List.of()));
        assertEquals(TxError.INVALID_ARGUMENT, wrongMiner.error(), "a fragment that miner does not hold");
        assertTrue(wrongMiner.message().contains("is held by " + MINERS.get(1).address()), wrongMiner.message());
        assertEquals(TxError.INVALID_ARGUMENT, refused(o, GATEWAY, report(0, 1, List.of(70L))).error(),
                "a suspect chunk past the fragment's 70");
        chain.ok(o, GATEWAY, report(0, 1, List.of()));
        assertEquals(TxError.DUPLICATE, refused(o, GATEWAY, report(0, 1, List.of())).error(), "a report is open on it");
        for (int seg = 0; seg < 3; seg++) {
            for (int f = 0; f < 6; f++) {
                if (ReportRules.openCount(o, GATEWAY.address()) < ReportRules.MAX_OPEN_PER_REPORTER && !(seg == 0 && f == 1)) {
                    chain.ok(o, GATEWAY, report(seg, f, List.of()));
                }
            }
        }
        assertEquals(ReportRules.MAX_OPEN_PER_REPORTER, ReportRules.openCount(o, GATEWAY.address()));
        TxRejection spam = refused(o, GATEWAY, report(2, 5, List.of()));
        assertEquals(TxError.FORBIDDEN, spam.error());
        assertTrue(spam.message().contains("reports open, the most allowed"), spam.message());
    }

    @Test
    void aReportSurvivesItsEncodingAndItsJson() {
        Holding h = new Holding(layout.fid(), 2, 5, layout.segments().get(2).fragments().get(5).hash(), 70 * 1024);
        CorruptReport r = new CorruptReport(7, GATEWAY.address(), MINERS.get(5).address(), h, List.of(3L, 9L), 11,
                CorruptReport.State.CLEARED, 14);
        assertEquals(r, CorruptReport.decode(new cess.shared.Decoder(r.encode())));
        AuditCall.ReportCorrupt call = report(2, 5, List.of(3L));
        var json = cess.runtime.wire.TransactionJson.toJson(new Transaction(GATEWAY.address(), 0, Amount.ofUnits(10), call)
                .sign(GATEWAY, CHAIN)).getJsonObject("call");
        assertEquals("report_corrupt", json.getString("type"));
        assertEquals(call, new cess.audit.wire.AuditJson().read("report_corrupt", json).orElseThrow());
        Set<String> fields = new HashSet<>(json.keySet());
        assertEquals(Set.of("type", "miner", "fid", "segment", "fragment", "suspects"), fields);
    }
}
