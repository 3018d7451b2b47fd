package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditKeys;
import cess.audit.model.AuditParams;
import cess.audit.model.AuditRecord;
import cess.audit.model.AuditRules;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.IdleHistory;
import cess.audit.model.IdleRules;
import cess.audit.model.IdleSpace;
import cess.audit.model.IssuedIdleChallenge;
import cess.audit.model.idle.IdleParams;
import cess.audit.model.idle.IdleProof;
import cess.audit.model.idle.IdleProver;
import cess.audit.model.idle.MemoryFiller;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Account;
import cess.ledger.model.Balances;
import cess.ledger.model.Call;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StoragePower;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.Miner;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle space run by the standard runtime over a real storage market: miners commit the roots of
 * filler they hold in memory, the block after challenges the batch, an honest answer certifies
 * it and counts toward power, and every later period challenges the certified units again. Every
 * refusal changes nothing and punishes nobody; a commitment that is not the miner's filler fails
 * and is slashed; a silent miner's batch is refused at its deadline.
 */
class IdleModuleTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {7});
    static final Hash NETWORK = IdleAuditParams.network("idle-test");
    static final StorageParams STORAGE = new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30);
    /** Periods of 10 blocks, 3 blocks to answer. */
    static final AuditParams AUDIT = new AuditParams(AuditParams.DEFAULT_SAMPLES, 10, 3, 1L << 40, 500, 1500, 500, 1000, 1,
            100, AuditParams.DEFAULT_MAX_PROOF_BYTES);
    /** 64 KiB units (2,048 labels), 3 blocks to answer, 8 roots a call. */
    static final IdleParams PROOF = new IdleParams(1 << 16, 5, 66, 22);
    static final IdleAuditParams IDLE = new IdleAuditParams(PROOF, NETWORK, 3, 1L << 40, 8);
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80), STORAGE,
            StakingParams.DEFAULT, GovernanceParams.DEFAULT, AUDIT, IDLE, 1_000);
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");
    static final KeyPair STRANGER = KeyPair.dev("//Dave");
    static final List<KeyPair> MINERS = List.of(KeyPair.dev("//Miner1"), KeyPair.dev("//Miner2"), KeyPair.dev("//Miner3"));
    static final long NOW = 100 * StorageParams.DAY_MILLIS;

    private final TreeMap<StateKey, StateValue> state = new TreeMap<>();
    private final Map<Address, MemoryFiller> disks = new HashMap<>();
    private final List<ChainEvent> events = new ArrayList<>();
    private long height;

    @BeforeEach
    void threeMiners() {
        state.put(StateKey.account(STRANGER.address()), new Account(Amount.ofUnits(10_000), 0));
        for (KeyPair m : MINERS) {
            state.put(StateKey.account(m.address()), new Account(Amount.ofUnits(10_000), 0));
            disks.put(m.address(), MemoryFiller.honest(PROOF, NETWORK, m.address(), 8));
        }
        StateOverlay o = new StateOverlay(state::get);
        for (KeyPair m : MINERS) {
            ok(o, m, new StorageCall.RegisterMiner("http://127.0.0.1:8080", StorageParams.TIB, Amount.ofUnits(4000)));
        }
        StateOverlay.apply(state, o.changes());
    }

    private Optional<TxRejection> send(StateOverlay o, KeyPair who, Call call) {
        long nonce = o.account(who.address()).nonce();
        SignedTransaction stx = new Transaction(who.address(), nonce, Amount.ofUnits(10), call).sign(who, CHAIN);
        assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD), "the call survives its encoding");
        return Runtime.STANDARD.apply(o, stx, AUTHOR.address(), height, NOW + height * 1000, PARAMS);
    }

    private void ok(StateOverlay o, KeyPair who, Call call) {
        Optional<TxRejection> r = send(o, who, call);
        assertTrue(r.isEmpty(), () -> r.get().message());
    }

    /** Sends {@code call}, expects {@code error}, and checks that nothing changed (not even the fee or the nonce). */
    private TxRejection refused(StateOverlay o, KeyPair who, Call call, TxError error) {
        Map<StateKey, StateValue> before = new HashMap<>(o.changes());
        Optional<TxRejection> r = send(o, who, call);
        assertTrue(r.isPresent(), "refused: " + call);
        assertEquals(error, r.get().error(), r.get().message());
        assertEquals(before, o.changes(), "a refused call changes nothing");
        return r.get();
    }

    private void block(Consumer<StateOverlay> inBlock) {
        height++;
        StateOverlay o = new StateOverlay(state::get);
        Runtime.STANDARD.beginBlock(state, o, height, false, NOW + height * 1000, Hash.sha256(new byte[] {(byte) height, 3}),
                PARAMS, events::add);
        inBlock.accept(o);
        StateOverlay.apply(state, o.changes());
    }

    private List<IssuedIdleChallenge> issuedIdle(StateOverlay o, int from) {
        List<IssuedIdleChallenge> out = new ArrayList<>();
        for (ChainEvent e : events.subList(from, events.size())) {
            if (e instanceof AuditRules.Event a && a.kind() == AuditRules.Event.Kind.ISSUED) {
                o.find(AuditKeys.idleChallenge(a.challenge()), IssuedIdleChallenge.class).ifPresent(out::add);
            }
        }
        return out;
    }

    private KeyPair key(Address a) {
        return MINERS.stream().filter(k -> k.address().equals(a)).findFirst().orElseThrow();
    }

    private byte[] prove(IssuedIdleChallenge c) {
        try {
            return new IdleProver(PROOF, NETWORK).prove(c.challenge(), disks.get(c.miner())).encode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AuditCall.CommitFiller commitment(Address miner, long first, int n) {
        List<Hash> roots = new ArrayList<>();
        for (long u = first; u < first + n; u++) {
            roots.add(disks.get(miner).root(u));
        }
        return new AuditCall.CommitFiller(first, roots);
    }

    private IdleSpace space(KeyPair m) {
        return IdleRules.space(state::get, m.address());
    }

    private AuditRecord record(KeyPair m) {
        return (AuditRecord) state.getOrDefault(AuditKeys.record(m.address()), AuditRecord.NONE);
    }

    private Amount stake(KeyPair m) {
        return ((Miner) state.get(Miner.key(m.address()))).stake();
    }

    private StoragePower.Power power(KeyPair m) {
        return Runtime.POWER.of(state::get, PARAMS, m.address()).orElseThrow();
    }

    /** Runs blocks until {@code last}; each idle challenge issued is handed to {@code answer} in its block. */
    private void run(long last, java.util.function.BiConsumer<StateOverlay, IssuedIdleChallenge> answer) {
        while (height < last) {
            int before = events.size();
            block(o -> issuedIdle(o, before).forEach(c -> answer.accept(o, c)));
        }
    }

    private void answerHonestly(StateOverlay o, IssuedIdleChallenge c) {
        ok(o, key(c.miner()), new AuditCall.SubmitIdleProof(c.id(), prove(c)));
    }

    @Test
    void committedFillerIsCertifiedByItsFirstChallengeCountsAsPowerAndPassesEveryPeriod() {
        block(o -> MINERS.forEach(m -> ok(o, m, commitment(m.address(), 0, 8))));
        for (KeyPair m : MINERS) {
            assertTrue(space(m).hasPending());
            assertEquals(0, power(m).certifiedIdleBytes(), "committed but uncertified space counts nothing");
            assertTrue(power(m).describe().contains("count nothing until certified"), power(m).describe());
        }
        run(4, this::answerHonestly);
        for (KeyPair m : MINERS) {
            assertEquals(8, space(m).certified(), space(m).lastReason());
            assertFalse(space(m).hasPending());
            assertEquals(8L << 16, power(m).certifiedIdleBytes());
            assertEquals(AuditRecord.NONE, record(m), "an idle pass is kept in the idle history, not the audit record");
        }
        run(39, this::answerHonestly);
        for (KeyPair m : MINERS) {
            assertEquals(0, record(m).missed());
            assertEquals(Amount.ofUnits(4000), stake(m));
            IdleHistory h = (IdleHistory) state.get(AuditKeys.idleHistory(m.address()));
            assertEquals(List.of(IdleHistory.Kind.COMMITTED, IdleHistory.Kind.CERTIFIED, IdleHistory.Kind.PASSED,
                    IdleHistory.Kind.PASSED, IdleHistory.Kind.PASSED), h.entries().stream().map(IdleHistory.Entry::kind).toList());
        }
        assertTrue(state.keySet().stream().noneMatch(k -> k.kind().equals(cess.audit.model.Audit.IDLE_CHALLENGE)
                && ((IssuedIdleChallenge) state.get(k)).deadlineHeight() < height - 1), "closed challenges leave the state");
    }

    @Test
    void aBatchWithoutAnAnswerIsRefusedAtItsDeadlineAndMayBeCommittedAgain() {
        KeyPair silent = MINERS.get(1);
        block(o -> ok(o, silent, commitment(silent.address(), 0, 4)));
        run(6, (o, c) -> { });
        assertEquals(0, space(silent).certified());
        assertFalse(space(silent).hasPending());
        assertEquals(4, space(silent).refusedUnits());
        assertTrue(space(silent).lastReason().contains("no valid proof"), space(silent).lastReason());
        assertEquals(0, power(silent).certifiedIdleBytes());
        assertEquals(1, record(silent).missed(), "a missed certification counts with the missed deadlines");
        assertEquals(Amount.ofUnits(4000), stake(silent), "the first miss is free");
        assertEquals(null, state.get(cess.storage.model.MinerAbsence.key(silent.address())),
                "an idle miss says nothing of its fragments: it does not count toward restoral.missesBeforeRepair");
        block(o -> ok(o, silent, commitment(silent.address(), 0, 4)));
        run(9, this::answerHonestly);
        assertEquals(4, space(silent).certified(), space(silent).lastReason());
    }

    @Test
    void rootsThatAreNotTheMinersFillerFailAndAreSlashed() {
        KeyPair cheat = MINERS.get(2);
        MemoryFiller fake = new MemoryFiller();
        Random r = new Random(3);
        for (long u = 0; u < 2; u++) {
            byte[] junk = new byte[PROOF.unitBytes()];
            r.nextBytes(junk);
            fake.put(u, junk);
        }
        disks.put(cheat.address(), fake);
        block(o -> ok(o, cheat, commitment(cheat.address(), 0, 2)));
        run(4, this::answerHonestly);
        assertEquals(0, space(cheat).certified());
        assertEquals(2, space(cheat).refusedUnits());
        assertTrue(space(cheat).lastReason().contains("not the hash of its predecessor"), space(cheat).lastReason());
        assertEquals(1, record(cheat).failedIdle());
        assertEquals(Amount.ofUnits(4000 - 400), stake(cheat), "10 % of the 4,000 collateral");
        assertEquals(Amount.ofUnits(400), ((Account) state.get(StateKey.account(Balances.PUNISHMENT_POOL))).free());
    }

    @Test
    void commitmentsOutsideTheRulesAreRefusedAndChangeNothing() {
        KeyPair m = MINERS.get(0);
        block(o -> {
            refused(o, STRANGER, commitment(m.address(), 0, 2), TxError.FORBIDDEN);
            refused(o, m, new AuditCall.CommitFiller(0, List.of()), TxError.INVALID_ARGUMENT);
            List<Hash> nine = new ArrayList<>(commitment(m.address(), 0, 8).roots());
            nine.add(Hash.ZERO);
            assertTrue(refused(o, m, new AuditCall.CommitFiller(0, nine), TxError.INVALID_ARGUMENT).message()
                    .contains("1..8 roots"));
            assertTrue(refused(o, m, new AuditCall.CommitFiller(3, commitment(m.address(), 0, 2).roots()),
                    TxError.INVALID_ARGUMENT).message().contains("starts at unit 0"));
            ok(o, m, commitment(m.address(), 0, 4));
            assertTrue(refused(o, m, commitment(m.address(), 4, 2), TxError.ALREADY_EXISTS).message()
                    .contains("still being certified"));
        });
        run(4, this::answerHonestly);
        block(o -> assertTrue(refused(o, m, commitment(m.address(), 2, 2), TxError.ALREADY_EXISTS).message()
                .contains("overlap the certified units")));
        // A miner whose declared space is all but filled: 1 TiB of 64 KiB units, four left.
        KeyPair full = MINERS.get(1);
        long units = StorageParams.TIB / PROOF.unitBytes();
        state.put(AuditKeys.idleSpace(full.address()), new IdleSpace(units - 4, 0, 0, 0, 0, -1, "set by the test"));
        block(o -> assertTrue(refused(o, full, new AuditCall.CommitFiller(units - 4, commitment(full.address(), 0, 5).roots()),
                TxError.INVALID_ARGUMENT).message().contains("beyond its space"), "room for 4 more units, not 5"));
    }

    @Test
    void idleProofsOutsideTheRulesAreRefusedChangeNothingAndPunishNobody() {
        KeyPair m = MINERS.get(0);
        KeyPair other = MINERS.get(1);
        block(o -> {
            ok(o, m, commitment(m.address(), 0, 8));
            ok(o, other, commitment(other.address(), 0, 8));
        });
        List<IssuedIdleChallenge> mine = new ArrayList<>();
        List<IssuedIdleChallenge> theirs = new ArrayList<>();
        int before = events.size();
        block(o -> issuedIdle(o, before).forEach(c -> (c.miner().equals(m.address()) ? mine : theirs).add(c)));
        IssuedIdleChallenge c = mine.get(0);
        IssuedIdleChallenge t = theirs.get(0);
        byte[] honest = prove(c);
        IdleProof proof = IdleProof.decode(honest, PROOF);
        block(o -> {
            refused(o, STRANGER, new AuditCall.SubmitIdleProof(c.id(), honest), TxError.FORBIDDEN);
            refused(o, m, new AuditCall.SubmitIdleProof(t.id(), honest), TxError.FORBIDDEN);
            refused(o, other, new AuditCall.SubmitIdleProof(t.id(), honest), TxError.INVALID_ARGUMENT); // another challenge's proof
            refused(o, m, new AuditCall.SubmitIdleProof(9_999, honest), TxError.NOT_FOUND);
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), new byte[] {1, 2, 3}), TxError.INVALID_ARGUMENT); // malformed
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), new byte[(int) IdleProof.maxEncodedBytes(PROOF) + 1]),
                    TxError.INVALID_ARGUMENT); // oversized
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), tamperLabel(proof).encode()), TxError.INVALID_ARGUMENT);
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), wrongIndex(proof).encode()), TxError.INVALID_ARGUMENT);
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), wrongPath(proof).encode()), TxError.INVALID_ARGUMENT);
            ok(o, m, new AuditCall.SubmitIdleProof(c.id(), honest));
            refused(o, m, new AuditCall.SubmitIdleProof(c.id(), honest), TxError.DUPLICATE); // replay
        });
        assertEquals(8, space(m).certified());
        assertEquals(0, space(other).certified(), "its challenge is still open");
        for (KeyPair k : List.of(m, other)) {
            assertEquals(0, record(k).failedIdle());
            assertEquals(Amount.ofUnits(4000), stake(k));
        }
        height = t.deadlineHeight(); // the next block closes it
        block(o -> assertTrue(refused(o, other, new AuditCall.SubmitIdleProof(t.id(), prove(t)), TxError.NOT_FOUND).message()
                .contains("closed after its deadline")));
        assertEquals(0, space(other).certified());
        assertEquals(8, space(other).refusedUnits(), "its batch was refused at the deadline");
    }

    private static IdleProof tamperLabel(IdleProof p) {
        List<IdleProof.Answer> answers = new ArrayList<>(p.answers());
        IdleProof.Answer a = answers.get(5);
        List<IdleProof.Opening> os = new ArrayList<>(a.openings());
        byte[] label = os.get(0).label().bytes();
        label[0] ^= 1;
        os.set(0, new IdleProof.Opening(Hash.of(label), os.get(0).path()));
        answers.set(5, new IdleProof.Answer(a.unit(), a.index(), os));
        return new IdleProof(p.challenge(), answers);
    }

    private static IdleProof wrongIndex(IdleProof p) {
        List<IdleProof.Answer> answers = new ArrayList<>(p.answers());
        IdleProof.Answer a = answers.get(0);
        answers.set(0, new IdleProof.Answer(a.unit(), (a.index() + 1) % PROOF.labels(), a.openings()));
        return new IdleProof(p.challenge(), answers);
    }

    private static IdleProof wrongPath(IdleProof p) {
        List<IdleProof.Answer> answers = new ArrayList<>(p.answers());
        IdleProof.Answer a = answers.get(3);
        List<IdleProof.Opening> os = new ArrayList<>(a.openings());
        List<Hash> path = new ArrayList<>(os.get(1).path());
        path.set(2, Hash.ZERO);
        os.set(1, new IdleProof.Opening(os.get(1).label(), path));
        answers.set(3, new IdleProof.Answer(a.unit(), a.index(), os));
        return new IdleProof(p.challenge(), answers);
    }
}
