package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.governance.model.Action;
import cess.governance.model.Governance;
import cess.governance.model.GovernanceCall;
import cess.governance.model.GovernanceParams;
import cess.governance.model.GovernanceState;
import cess.governance.model.Vote;
import cess.ledger.model.Account;
import cess.ledger.model.Balances;
import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.Currency;
import cess.ledger.model.FeeParams;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Issuance;
import cess.ledger.model.Module;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.oss.model.Oss;
import cess.oss.model.OssCall;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.KeyPair;
import cess.staking.model.Staking;
import cess.staking.model.StakingCall;
import cess.staking.model.StakingParams;
import cess.storage.model.ObjectMeta;
import cess.storage.model.Storage;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageParams;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The composition of modules: what {@link Runtime} checks once, how it reads calls, and its parameters. */
class RuntimeTest {
    static final FeeParams FEES = new FeeParams(Amount.ofUnits(10), 80);
    static final StorageParams STORAGE = new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30);
    static final Params PARAMS = Runtime.standardParams(FEES, STORAGE, StakingParams.DEFAULT, GovernanceParams.DEFAULT, 1_000);
    static final Address ALICE = KeyPair.dev("//Alice").address();
    static final Address BOB = KeyPair.dev("//Bob").address();

    /** A module that declares what it is given and has no calls, to compose runtimes with. */
    record Declared(int index, String name, List<StateKind> kinds) implements Module {
        @Override
        public Call decodeCall(int call, Decoder d) {
            throw new IllegalArgumentException(name + " has no call " + call);
        }

        @Override
        public Optional<TxRejection> apply(CallContext ctx, Call call) {
            throw new IllegalStateException(name + " has no calls to apply");
        }
    }

    static StateKind kind(int module, int index, String name) {
        return StateKind.of(module, index, name, Account::decode);
    }

    @Test
    void aModuleIndexIsTakenOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Runtime(List.of(new Balances(),
                new Declared(Balances.INDEX, "copycat", List.of()))));
        assertTrue(e.getMessage().contains("balances") && e.getMessage().contains("copycat")
                && e.getMessage().contains("index " + Balances.INDEX), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Runtime(List.of(new Storage(), new Storage())));
    }

    @Test
    void aKindNameIsDeclaredOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Runtime(List.of(new Balances(),
                new Declared(9, "other", List.of(kind(9, 0, "account"))))));
        assertTrue(e.getMessage().contains("account"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Runtime(List.of(
                new Declared(9, "twice", List.of(kind(9, 0, "first"), kind(9, 0, "second"))))),
                "two kinds of one module with one index share a code");
    }

    @Test
    void aModuleDeclaresOnlyItsOwnKinds() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Runtime(List.of(
                new Declared(9, "thief", List.of(kind(Balances.INDEX, 7, "stolen"))))));
        assertTrue(e.getMessage().contains("thief"), e.getMessage());
    }

    /** State kind codes are part of the commitment: two kinds of the standard runtime never share one, nor a name. */
    @Test
    void theStandardKindsHaveUniqueCodesAndNamesAndResolve() {
        List<StateKind> kinds = Runtime.STANDARD.modules().stream().flatMap(m -> m.kinds().stream()).toList();
        assertEquals(kinds.size(), kinds.stream().map(StateKind::code).distinct().count(), kinds.toString());
        assertEquals(kinds.size(), kinds.stream().map(StateKind::name).distinct().count(), kinds.toString());
        for (Module m : Runtime.STANDARD.modules()) {
            for (StateKind k : m.kinds()) {
                assertEquals(m.index(), k.module(), k.name());
                assertEquals(Optional.of(k), Runtime.STANDARD.kind(k.code()));
                assertEquals(Optional.of(k), Runtime.STANDARD.kind(k.name()));
                StateKey key = new StateKey(k, "some-id");
                assertEquals(key, StateKey.parse(key.toString(), Runtime.STANDARD));
                assertEquals(key, StateKey.parseStored(key.stored(), Runtime.STANDARD));
            }
        }
        assertEquals(List.of(Balances.INDEX, Storage.INDEX, Governance.INDEX, Staking.INDEX, cess.audit.model.Audit.INDEX, Oss.INDEX),
                Runtime.STANDARD.modules().stream().map(Module::index).toList());
        assertEquals(Optional.empty(), Runtime.STANDARD.kind(0xFFFF));
        assertEquals(Optional.empty(), Runtime.STANDARD.kind("nothing"));
        assertThrows(IllegalArgumentException.class, () -> StateKey.parse("nothing:x", Runtime.STANDARD));
        assertThrows(IllegalArgumentException.class, () -> StateKey.parseStored("65535:x", Runtime.STANDARD));
    }

    @Test
    void aCallOfAnUnknownModuleOrIndexIsRefusedClearly() {
        byte[] unknownModule = new Encoder().u8(99).u8(0).toBytes();
        var e = assertThrows(IllegalArgumentException.class, () -> Runtime.STANDARD.decodeCall(new Decoder(unknownModule)));
        assertEquals("no module has index 99", e.getMessage());
        byte[] unknownCall = new Encoder().u8(Balances.INDEX).u8(200).toBytes();
        var c = assertThrows(IllegalArgumentException.class, () -> Runtime.STANDARD.decodeCall(new Decoder(unknownCall)));
        assertTrue(c.getMessage().contains("balances") && c.getMessage().contains("200"), c.getMessage());
        // a runtime without storage cannot read storage's calls, though the standard one can
        Runtime small = new Runtime(List.of(new Balances()));
        Encoder exit = new Encoder();
        Call.encode(exit, new cess.storage.model.StorageCall.ExitMiner());
        byte[] exitMiner = exit.toBytes();
        assertEquals(new cess.storage.model.StorageCall.ExitMiner(), Runtime.STANDARD.decodeCall(new Decoder(exitMiner)));
        var s = assertThrows(IllegalArgumentException.class, () -> small.decodeCall(new Decoder(exitMiner)));
        assertEquals("no module has index " + Storage.INDEX, s.getMessage());
    }

    /** One of every call of the standard runtime. */
    static List<Call> everyCall() {
        cess.shared.Hash h = cess.shared.Hash.sha256(new byte[] {1});
        return List.of(new cess.ledger.model.Transfer(BOB, Amount.ofUnits(1)),
                new StorageCall.RegisterMiner("http://m:1", 1L << 40, Amount.ofUnits(4000)), new StorageCall.ExitMiner(),
                new StorageCall.UpdateMiner("http://m:2"), new StorageCall.AddStake(Amount.ofUnits(1)),
                new StorageCall.DeclareSpace(1L << 41), new StorageCall.BuyTerritory("home", 2, 30),
                new StorageCall.ExpandTerritory("home", 1), new StorageCall.RenewTerritory("home", 30),
                new StorageCall.GrantGateway(BOB), new StorageCall.RevokeGateway(BOB),
                new StorageCall.CreateBucket(ALICE, "photos", "home"), new StorageCall.DeleteBucket(ALICE, "photos"),
                new StorageCall.PutObject(ALICE, "photos", "a.png", h, 12, new ObjectMeta("image/png", "e", null),
                        Optional.empty()),
                new StorageCall.DeleteObject(ALICE, "photos", "a.png"),
                new StorageCall.WithdrawMiner(), new StorageCall.ClaimRestoral(h, 3, 5), new StorageCall.CompleteRestoral(h, 3, 5, h),
                new StakingCall.Bond(Amount.ofUnits(5000), h), new StakingCall.Unbond(),
                new GovernanceCall.Propose(new Action.Funding(BOB, Amount.ofUnits(1)), "fund", ""),
                new GovernanceCall.Cast(1, Vote.Choice.AYE, Amount.ofUnits(1)), new GovernanceCall.Cancel(1),
                new OssCall.RegisterGateway("https://gw.example:8443/cess"), new OssCall.UpdateGateway("http://gw:9"),
                new OssCall.DeregisterGateway());
    }

    @Test
    void everyCallHasItsOwnTypeAndIndexesAndRoundTrips() {
        List<Call> calls = everyCall();
        long declared = 1 + StorageCall.class.getPermittedSubclasses().length + StakingCall.class.getPermittedSubclasses().length
                + GovernanceCall.class.getPermittedSubclasses().length + OssCall.class.getPermittedSubclasses().length;
        assertEquals(declared, calls.size(), "the list holds one of every call");
        assertEquals(calls.size(), calls.stream().map(Call::type).distinct().count(), "call type names are unique");
        assertEquals(calls.size(), calls.stream().map(c -> c.module() << 8 | c.index()).distinct().count(),
                "module and call index are unique");
        for (Call c : calls) {
            Encoder e = new Encoder();
            Call.encode(e, c);
            Decoder d = new Decoder(e.toBytes());
            assertEquals(c, Runtime.STANDARD.decodeCall(d), c.type());
            d.end();
            assertTrue(Runtime.STANDARD.modules().stream().anyMatch(m -> m.index() == c.module()), c.type());
        }
        for (Module m : Runtime.STANDARD.modules()) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.decodeCall(255, new Decoder(new byte[0])));
            assertEquals(m.name() + " has no call 255", e.getMessage());
        }
    }

    @Test
    void everyGovernableParameterHasOneKeyAndIsRegisteredByItsOwner() {
        Map<String, Class<?>> owners = Map.of("balances", FeeParams.class, "staking", StakingParams.class,
                "governance", GovernanceParams.class);
        List<Class<?>> records = List.of(FeeParams.class, StorageParams.class, StakingParams.class, GovernanceParams.class,
                ChainTiming.class);
        // the runtime's own parameter first, then each module's in module order
        List<String> keys = new ArrayList<>(List.of(ChainTiming.KEY));
        List<Map.Entry<GovernableParam, Class<?>>> declared = new ArrayList<>();
        declared.add(Map.entry(PARAMS.governable(ChainTiming.KEY).orElseThrow(), ChainTiming.class));
        for (Module m : Runtime.STANDARD.modules()) {
            for (GovernableParam p : m.governable()) {
                keys.add(p.key());
                declared.add(Map.entry(p, owners.get(m.name())));
            }
        }
        assertEquals(keys.size(), new HashSet<>(keys).size(), "no key registered twice: " + keys);
        assertEquals(keys, PARAMS.governable().stream().map(GovernableParam::key).toList(),
                "the parameters hold exactly what the runtime and its modules register, in order");
        for (Map.Entry<GovernableParam, Class<?>> d : declared) {
            GovernableParam p = d.getKey();
            assertTrue(d.getValue() != null, p.key() + " is registered by a module that owns no parameter record");
            assertEquals(PARAMS, p.apply(PARAMS, p.current(PARAMS)), p.key() + " reads back what it writes");
            String changed = new BigInteger(p.current(PARAMS)).add(BigInteger.ONE).toString();
            Params after = p.apply(PARAMS, changed);
            assertEquals(changed, p.current(after), p.key());
            for (Class<?> r : records) {
                assertEquals(r == d.getValue(), !PARAMS.get(r).equals(after.get(r)),
                        p.key() + " changes " + r.getSimpleName() + " only if that is its owner's record");
            }
        }
        assertTrue(new Storage().governable().isEmpty(), "storage registers none yet");
    }

    @Test
    void twoModulesRegisteringOneKeyAreRefused() {
        List<GovernableParam> twice = new ArrayList<>(new Balances().governable());
        twice.addAll(new Balances().governable());
        var e = assertThrows(IllegalArgumentException.class, () -> Params.of(List.of(FEES), twice));
        assertTrue(e.getMessage().contains("minFee"), e.getMessage());
    }

    @Test
    void effectiveParametersCarryWhatGovernanceEnacted() {
        TreeMap<StateKey, StateValue> state = new TreeMap<>();
        assertEquals(PARAMS, Runtime.STANDARD.effective(state::get, PARAMS), "nothing enacted: the genesis's parameters");
        state.put(GovernanceState.KEY, new GovernanceState(3, new TreeMap<>(Map.of("minFee", "42",
                ChainTiming.KEY, "250", "staking.minBond", "7"))));
        Params p = Runtime.STANDARD.effective(state::get, PARAMS);
        assertEquals(new FeeParams(Amount.ofUnits(42), 80), p.get(FeeParams.class));
        assertEquals(250, Runtime.blockTimeMillis(p));
        assertEquals(new StakingParams(Amount.ofUnits(7)), p.get(StakingParams.class));
        assertEquals(STORAGE, p.get(StorageParams.class));
        assertEquals(GovernanceParams.DEFAULT, p.get(GovernanceParams.class));
        assertEquals(1_000, Runtime.blockTimeMillis(PARAMS), "the genesis's parameters stay as they were");
        assertEquals(new RuntimeApplication(Runtime.STANDARD, PARAMS).params(state::get), p);

        state.put(GovernanceState.KEY, new GovernanceState(3, new TreeMap<>(Map.of("noSuchParam", "1", "minFee", "42"))));
        Params upgraded = Runtime.STANDARD.effective(state::get, PARAMS);
        assertEquals(new FeeParams(Amount.ofUnits(42), 80), upgraded.get(FeeParams.class),
                "an override of a parameter no module registers any more is skipped; the others still hold");
    }

    @Test
    void theCurrencyKeepsTheIssuanceRight() {
        TreeMap<StateKey, StateValue> base = new TreeMap<>(Map.of(StateKey.account(ALICE), new Account(Amount.ofUnits(1000), 4),
                Issuance.KEY, new Issuance(Amount.ofUnits(1000))));
        StateOverlay s = new StateOverlay(base::get);
        Currency cur = Balances.currency(s);
        BigInteger held = BigInteger.ZERO; // what a module keeps between reserve and unreserve or slashInto

        assertEquals(Optional.empty(), cur.reserve(ALICE, Amount.ofUnits(300)));
        held = held.add(BigInteger.valueOf(300));
        assertEquals(Amount.ofUnits(700), cur.free(ALICE));
        assertEquals(4, s.account(ALICE).nonce(), "moving tokens leaves the nonce alone");
        assertBalanced(s, held);

        var refused = cur.reserve(ALICE, Amount.ofUnits(701)).orElseThrow();
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused.error());
        assertEquals(Amount.ofUnits(700), cur.free(ALICE), "a refusal changes nothing");

        cur.unreserve(ALICE, Amount.ofUnits(100));
        held = held.subtract(BigInteger.valueOf(100));
        assertEquals(Amount.ofUnits(800), cur.free(ALICE));
        assertBalanced(s, held);

        cur.slashInto(BOB, Amount.ofUnits(200));
        held = held.subtract(BigInteger.valueOf(200));
        assertEquals(Amount.ofUnits(200), cur.free(BOB), "the slashed amount is paid to its recipient");
        assertEquals(Amount.ofUnits(800), cur.free(ALICE));
        assertBalanced(s, held);

        assertEquals(Optional.empty(), cur.transfer(ALICE, BOB, Amount.ofUnits(50)));
        assertEquals(Amount.ofUnits(750), cur.free(ALICE));
        assertEquals(Amount.ofUnits(250), cur.free(BOB));
        assertEquals(TxError.INSUFFICIENT_BALANCE, cur.transfer(ALICE, BOB, Amount.ofUnits(751)).orElseThrow().error());
        assertBalanced(s, held);

        cur.mint(BOB, Amount.ofUnits(500));
        assertEquals(Amount.ofUnits(750), cur.free(BOB));
        assertEquals(Amount.ofUnits(1500), Issuance.of(s), "minting grows the issuance");
        assertBalanced(s, held);

        assertEquals(Optional.empty(), cur.burn(ALICE, Amount.ofUnits(250)));
        assertEquals(Amount.ofUnits(500), cur.free(ALICE));
        assertEquals(Amount.ofUnits(1250), Issuance.of(s), "burning shrinks the issuance");
        assertBalanced(s, held);

        Map<StateKey, StateValue> before = new TreeMap<>(s.changes());
        assertEquals(TxError.INSUFFICIENT_BALANCE, cur.burn(ALICE, Amount.ofUnits(501)).orElseThrow().error());
        assertEquals(before, s.changes(), "a refused burn changes nothing, the issuance included");
        cur.unreserve(ALICE, Amount.ZERO);
        assertEquals(before, s.changes(), "nothing to give back writes nothing");
        assertFalse(held.signum() < 0);
    }

    /** Free balances plus what modules hold equal the total issuance. */
    private static void assertBalanced(StateOverlay s, BigInteger held) {
        Set<Address> accounts = Set.of(ALICE, BOB);
        BigInteger free = accounts.stream().map(a -> s.account(a).free().units()).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(Issuance.of(s).units(), free.add(held), "free " + free + " + held " + held);
    }
}
