package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Account;
import cess.ledger.model.Call;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.ledger.model.StateKind;
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
import cess.shared.Hash;
import cess.staking.model.StakingParams;
import cess.shared.KeyPair;
import cess.storage.model.StorageCall.BuyTerritory;
import cess.storage.model.StorageCall.CreateBucket;
import cess.storage.model.StorageCall.DeleteBucket;
import cess.storage.model.StorageCall.DeleteObject;
import cess.storage.model.StorageCall.ExitMiner;
import cess.storage.model.StorageCall.ExpandTerritory;
import cess.storage.model.StorageCall.GrantGateway;
import cess.storage.model.StorageCall.PutObject;
import cess.storage.model.StorageCall.RegisterMiner;
import cess.storage.model.StorageCall.RenewTerritory;
import cess.storage.model.StorageCall.RevokeGateway;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageRulesTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {7});
    static final StorageParams STORAGE = new StorageParams(Amount.ofUnits(4000), Amount.ofUnits(1), 30);
    static final Params PARAMS = Runtime.standardParams(new FeeParams(Amount.ofUnits(10), 80), STORAGE,
            StakingParams.DEFAULT, GovernanceParams.DEFAULT, 1_000);
    static final KeyPair OWNER = KeyPair.dev("//Alice");
    static final KeyPair GATEWAY = KeyPair.dev("//Bob");
    static final KeyPair AUTHOR = KeyPair.dev("//Charlie");
    static final List<KeyPair> MINERS = IntStream.rangeClosed(1, 6).mapToObj(i -> KeyPair.dev("//Miner" + i)).toList();
    static final long DAY = StorageParams.DAY_MILLIS;
    static final long NOW = 100 * DAY;

    private final TreeMap<StateKey, StateValue> base = new TreeMap<>();
    private StateOverlay state;
    private final java.util.Map<Address, Long> nonces = new java.util.HashMap<>();

    @BeforeEach
    void fund() {
        for (KeyPair k : List.of(OWNER, GATEWAY)) {
            base.put(StateKey.account(k.address()), new Account(Amount.ofUnits(1_000_000), 0));
        }
        for (KeyPair m : MINERS) {
            base.put(StateKey.account(m.address()), new Account(Amount.ofUnits(10_000), 0));
        }
        state = new StateOverlay(base::get);
    }

    private Optional<TxRejection> send(KeyPair who, Call call) {
        return send(who, call, NOW);
    }

    private Optional<TxRejection> send(KeyPair who, Call call, long now) {
        long nonce = state.account(who.address()).nonce();
        SignedTransaction stx = new Transaction(who.address(), nonce, Amount.ofUnits(10), call).sign(who, CHAIN);
        // every call survives its canonical encoding unchanged
        assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD));
        return Runtime.STANDARD.apply(state, stx, AUTHOR.address(), 1, now, PARAMS);
    }

    private void ok(KeyPair who, Call call) {
        Optional<TxRejection> r = send(who, call);
        assertTrue(r.isEmpty(), () -> r.get().message());
    }

    private TxError refused(KeyPair who, Call call) {
        var before = new TreeMap<>(state.changes());
        TxError e = send(who, call).orElseThrow(() -> new AssertionError("expected a refusal of " + call)).error();
        assertEquals(before, state.changes(), "a refused call changes nothing");
        return e;
    }

    private void registerMiners() {
        for (KeyPair m : MINERS) {
            ok(m, new RegisterMiner("http://127.0.0.1:8080", StorageParams.TIB, Amount.ofUnits(4000)));
        }
    }

    static FileLayout layout(int segments, int lastPlain, int k, int m, int segmentSize, int rotate) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            int plain = i == segments - 1 ? lastPlain : segmentSize;
            List<Fragment> frags = new ArrayList<>();
            for (int j = 0; j < k + m; j++) {
                frags.add(new Fragment(Hash.sha256(new byte[] {(byte) i, (byte) j, (byte) rotate}),
                        MINERS.get((j + rotate) % MINERS.size()).address()));
            }
            segs.add(new Segment(Segment.hashOf(frags.stream().map(Fragment::hash).toList()), plain, frags));
        }
        return new FileLayout(segmentSize, k, m, false, segs);
    }

    private PutObject put(String key, FileLayout l) {
        return new PutObject(OWNER.address(), "photos", key, l.fid(), l.size(), new ObjectMeta("image/png", "abc", null),
                Optional.of(l));
    }

    private void territoryAndBucket(long gib) {
        registerMiners();
        ok(OWNER, new BuyTerritory("home", gib, 30));
        ok(OWNER, new CreateBucket(OWNER.address(), "photos", "home"));
    }

    @Test
    void minersRegisterWithStakeAndExit() {
        assertEquals(TxError.INVALID_ARGUMENT, refused(MINERS.get(0),
                new RegisterMiner("http://a:1", StorageParams.TIB + 1, Amount.ofUnits(4000))));
        assertEquals(TxError.INVALID_ARGUMENT, refused(MINERS.get(0),
                new RegisterMiner("ftp://a", StorageParams.TIB, Amount.ofUnits(4000))));
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(MINERS.get(0),
                new RegisterMiner("http://a:1", 3 * StorageParams.TIB, Amount.ofUnits(12_000))));
        ok(MINERS.get(0), new RegisterMiner("http://a:1", StorageParams.TIB, Amount.ofUnits(4000)));
        assertEquals(Amount.ofUnits(10_000 - 4000 - 10), state.account(MINERS.get(0).address()).free());
        assertEquals(TxError.ALREADY_EXISTS, refused(MINERS.get(0),
                new RegisterMiner("http://a:1", StorageParams.TIB, Amount.ofUnits(4000))));
        ok(MINERS.get(0), new ExitMiner());
        assertEquals(Miner.State.EXITING, state.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().state());
        assertEquals(TxError.NOT_FOUND, refused(MINERS.get(1), new ExitMiner()));
    }

    @Test
    void minersMoveFreezeWhenUnderstakedAndThawWithStake() {
        KeyPair m = MINERS.get(0);
        assertEquals(TxError.NOT_FOUND, refused(m, new StorageCall.UpdateMiner("http://b:2")));
        ok(m, new RegisterMiner("http://a:1", StorageParams.TIB, Amount.ofUnits(4000)));
        ok(m, new StorageCall.UpdateMiner("https://miner.example:8443"));
        assertEquals("https://miner.example:8443", miner(m).endpoint());
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.UpdateMiner("file:///etc")));
        // Declaring more space than the stake covers freezes the miner: it takes no new fragments.
        ok(m, new StorageCall.DeclareSpace(2 * StorageParams.TIB));
        assertEquals(Miner.State.FROZEN, miner(m).state());
        assertFalse(miner(m).acceptsFragments());
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.AddStake(Amount.ofUnits(0))));
        assertEquals(TxError.INSUFFICIENT_BALANCE, refused(m, new StorageCall.AddStake(Amount.ofUnits(1_000_000))));
        ok(m, new StorageCall.AddStake(Amount.ofUnits(3000)));
        assertEquals(Miner.State.FROZEN, miner(m).state(), "7,000 does not cover 2 TiB");
        ok(m, new StorageCall.AddStake(Amount.ofUnits(1000)));
        assertEquals(Miner.State.POSITIVE, miner(m).state());
        assertEquals(Amount.ofUnits(8000), miner(m).stake());
        // Giving space back below the stake's cover keeps it positive; below 1 GiB or what it holds is refused.
        ok(m, new StorageCall.DeclareSpace(StorageParams.TIB));
        assertEquals(Miner.State.POSITIVE, miner(m).state());
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.DeclareSpace(StorageParams.GIB - 1)));
        ok(m, new ExitMiner());
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.DeclareSpace(2 * StorageParams.TIB)));
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.AddStake(Amount.ofUnits(1))));
        ok(m, new StorageCall.UpdateMiner("http://c:3"));
        assertEquals(Miner.State.EXITING, miner(m).state(), "an exiting miner may still move: it serves what it holds");
    }

    @Test
    void aMinerCannotDeclareLessThanItHolds() {
        territoryAndBucket(5);
        int segment = 512 << 20;
        ok(OWNER, put("big.bin", layout(9, segment, 4, 2, segment, 0)));
        KeyPair m = MINERS.get(0);
        assertTrue(miner(m).usedBytes() > StorageParams.GIB, "9 segments of 512 MiB put 1.125 GiB on each miner");
        assertEquals(TxError.INVALID_ARGUMENT, refused(m, new StorageCall.DeclareSpace(StorageParams.GIB)));
        ok(m, new StorageCall.DeclareSpace(2 * StorageParams.GIB));
        assertEquals(Miner.State.POSITIVE, miner(m).state());
    }

    private Miner miner(KeyPair m) {
        return state.find(Miner.key(m.address()), Miner.class).orElseThrow();
    }

    /** The state so far as one map, and a fresh overlay on it: what a block starts from. */
    private StateOverlay nextBlock(TreeMap<StateKey, StateValue> merged) {
        merged.clear();
        merged.putAll(base);
        StateOverlay.apply(merged, state.changes());
        return new StateOverlay(merged::get);
    }

    @Test
    void expiredTerritoriesAreSweptAfterTheirGrace() {
        territoryAndBucket(1);
        ok(OWNER, new BuyTerritory("work", 1, 60));
        ok(OWNER, new CreateBucket(OWNER.address(), "docs", "work"));
        FileLayout shared = layout(2, 1000, 4, 2, 4096, 0);
        FileLayout own = layout(1, 500, 4, 2, 4096, 1);
        ok(OWNER, put("a.png", shared));
        ok(OWNER, put("b.png", own));
        ok(OWNER, new PutObject(OWNER.address(), "docs", "c.txt", shared.fid(), shared.size(),
                new ObjectMeta(null, null, null), Optional.empty()));
        long usedBefore = miner(MINERS.get(0)).usedBytes();
        TreeMap<StateKey, StateValue> merged = new TreeMap<>();
        long expires = NOW + 30 * DAY;
        long sweptAt = STORAGE.sweptAfter(expires);
        assertEquals(expires + 7 * DAY, sweptAt);

        StateOverlay block = nextBlock(merged);
        assertEquals(0, TerritoryRules.sweepExpiredTerritories(merged, block, sweptAt - 1, STORAGE));
        assertTrue(block.changes().isEmpty(), "within its grace an expired territory keeps everything");

        block = nextBlock(merged);
        assertEquals(1, TerritoryRules.sweepExpiredTerritories(merged, block, sweptAt, STORAGE));
        assertTrue(block.find(Territory.key(OWNER.address(), "home"), Territory.class).isEmpty());
        assertTrue(block.find(Bucket.key(OWNER.address(), "photos"), Bucket.class).isEmpty());
        assertTrue(block.find(BucketName.key("photos"), BucketName.class).isEmpty(), "a swept bucket's name is free");
        assertEquals(OWNER.address(), block.find(BucketName.key("docs"), BucketName.class).orElseThrow().owner());
        assertTrue(block.find(ObjectEntry.key(OWNER.address(), "photos", "a.png"), ObjectEntry.class).isEmpty());
        assertTrue(block.find(FileRecord.key(own.fid()), FileRecord.class).isEmpty(), "a file no one else names goes");
        assertEquals(1, block.find(FileRecord.key(shared.fid()), FileRecord.class).orElseThrow().refs(),
                "a file another live object names stays");
        assertTrue(block.find(ObjectEntry.key(OWNER.address(), "docs", "c.txt"), ObjectEntry.class).isPresent());
        assertTrue(block.find(Territory.key(OWNER.address(), "work"), Territory.class).isPresent());
        assertTrue(block.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().usedBytes() < usedBefore,
                "the miners' space for the removed file is free again");

        // The other territory goes once its own grace has passed, and with it the shared file.
        state = block;
        base.clear();
        base.putAll(merged);
        block = nextBlock(merged);
        assertEquals(1, TerritoryRules.sweepExpiredTerritories(merged, block, NOW + 67 * DAY, STORAGE));
        assertTrue(block.find(FileRecord.key(shared.fid()), FileRecord.class).isEmpty());
        for (KeyPair m : MINERS) {
            assertEquals(0, block.find(Miner.key(m.address()), Miner.class).orElseThrow().usedBytes());
        }
    }

    @Test
    void territoriesAreBoughtExpandedRenewedAndExpire() {
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new BuyTerritory("home", 2, 29)));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new BuyTerritory("Home!", 2, 30)));
        ok(OWNER, new BuyTerritory("home", 2, 30));
        assertEquals(Amount.ofUnits(60), state.account(StorageParams.STORAGE_POOL).free(), "2 GiB x 30 days x 1");
        assertEquals(TxError.ALREADY_EXISTS, refused(OWNER, new BuyTerritory("home", 1, 30)));
        ok(OWNER, new ExpandTerritory("home", 1));
        assertEquals(Amount.ofUnits(90), state.account(StorageParams.STORAGE_POOL).free(), "1 GiB x 30 days left");
        Territory t = state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow();
        assertEquals(3, t.gib());
        assertEquals(NOW + 30 * DAY, t.expiresMillis());
        ok(OWNER, new RenewTerritory("home", 5));
        assertEquals(NOW + 35 * DAY, state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow()
                .expiresMillis());
        assertEquals(TxError.TERRITORY_EXPIRED, send(OWNER, new ExpandTerritory("home", 1), NOW + 35 * DAY).orElseThrow().error());
        assertEquals(TxError.TERRITORY_EXPIRED, send(OWNER, new CreateBucket(OWNER.address(), "late", "home"),
                NOW + 36 * DAY).orElseThrow().error());
        assertTrue(send(OWNER, new RenewTerritory("home", 1), NOW + 40 * DAY).isEmpty());
        assertEquals(NOW + 41 * DAY, state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow()
                .expiresMillis(), "an expired territory renews from now");
    }

    @Test
    void aFileDealChargesTerritoryAndMinersAndDeleteFreesThem() {
        territoryAndBucket(1);
        FileLayout l = layout(3, 1000, 4, 2, 4096, 0);
        ok(OWNER, put("a.png", l));
        assertEquals(2 * 4096 + 1000, state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow().usedBytes());
        long perMiner = 2 * 1024 + 250;
        for (int j = 0; j < 6; j++) {
            assertEquals(perMiner, state.find(Miner.key(MINERS.get(j).address()), Miner.class).orElseThrow().usedBytes());
        }
        assertEquals(1, state.find(Bucket.key(OWNER.address(), "photos"), Bucket.class).orElseThrow().objects());
        // Every fragment entered its miner's holdings index: 3 segments, one fragment per miner each.
        for (int j = 0; j < 6; j++) {
            Address miner = MINERS.get(j).address();
            assertEquals(3, HoldingIndex.tally(state, miner).count());
            for (long seq = 0; seq < 3; seq++) {
                Holding h = HoldingIndex.at(state, miner, seq).orElseThrow();
                Segment seg = l.segments().get(h.segment());
                assertEquals(l.fid(), h.fid());
                assertEquals(seg.fragments().get(h.fragment()).hash(), h.root());
                assertEquals(miner, seg.fragments().get(h.fragment()).miner());
                assertEquals(l.fragmentSize(seg), h.length());
            }
        }
        assertEquals(TxError.NOT_EMPTY, refused(OWNER, new DeleteBucket(OWNER.address(), "photos")));
        ok(OWNER, new DeleteObject(OWNER.address(), "photos", "a.png"));
        for (KeyPair m : MINERS) {
            assertEquals(HoldingTally.NONE, HoldingIndex.tally(state, m.address()), "the file's holdings went with it");
        }
        assertEquals(0, state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow().usedBytes());
        assertEquals(0, state.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().usedBytes());
        assertTrue(state.find(FileRecord.key(l.fid()), FileRecord.class).isEmpty());
        assertEquals(TxError.NOT_FOUND, refused(OWNER, new DeleteObject(OWNER.address(), "photos", "a.png")));
        ok(OWNER, new DeleteBucket(OWNER.address(), "photos"));
    }

    @Test
    void dedupAddsAReferenceAndStoresNothingAgain() {
        territoryAndBucket(1);
        FileLayout l = layout(1, 500, 4, 2, 4096, 0);
        ok(OWNER, put("one", l));
        long used = state.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().usedBytes();
        ok(OWNER, new PutObject(OWNER.address(), "photos", "two", l.fid(), l.size(), new ObjectMeta(null, null, null),
                Optional.empty()));
        assertEquals(2, state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().refs());
        assertEquals(used, state.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().usedBytes());
        assertEquals(1, HoldingIndex.tally(state, MINERS.get(0).address()).count(), "a second reference holds nothing more");
        ok(OWNER, new DeleteObject(OWNER.address(), "photos", "one"));
        assertEquals(1, state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().refs());
        assertEquals(1, HoldingIndex.tally(state, MINERS.get(0).address()).count(), "the file is still referenced");
        // overwriting a key with the very file it names keeps the file
        ok(OWNER, new PutObject(OWNER.address(), "photos", "two", l.fid(), l.size(), new ObjectMeta(null, null, null),
                Optional.empty()));
        assertEquals(1, state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().refs());
        assertEquals(used, state.find(Miner.key(MINERS.get(0).address()), Miner.class).orElseThrow().usedBytes());
        assertEquals(TxError.NOT_FOUND, refused(OWNER, new PutObject(OWNER.address(), "photos", "x",
                Hash.sha256(new byte[] {1}), 5, new ObjectMeta(null, null, null), Optional.empty())));
    }

    @Test
    void territoryLimitsAreEnforcedAndOverwritesFit() {
        territoryAndBucket(1);
        int seg = 1 << 28; // 256 MiB segments: 4 of them fill 1 GiB
        ok(OWNER, put("big", layout(4, seg, 4, 2, seg, 0)));
        assertEquals(TxError.TERRITORY_FULL, refused(OWNER, put("more", layout(1, 1, 4, 2, seg, 1))));
        ok(OWNER, put("big", layout(4, seg, 4, 2, seg, 2)));
        assertEquals(StorageParams.GIB, state.find(Territory.key(OWNER.address(), "home"), Territory.class).orElseThrow()
                .usedBytes());
    }

    @Test
    void dealsAreCheckedAgainstTheirLayout() {
        territoryAndBucket(1);
        FileLayout l = layout(2, 100, 4, 2, 4096, 0);
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new PutObject(OWNER.address(), "photos", "k",
                Hash.ZERO, l.size(), new ObjectMeta(null, null, null), Optional.of(l))));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new PutObject(OWNER.address(), "photos", "k",
                l.fid(), l.size() + 1, new ObjectMeta(null, null, null), Optional.of(l))));
        FileLayout sameMiner = new FileLayout(4096, 4, 2, false, List.of(new Segment(Hash.ZERO, 10,
                List.of(new Fragment(Hash.ZERO, MINERS.get(0).address()), new Fragment(Hash.ZERO, MINERS.get(0).address()),
                        new Fragment(Hash.ZERO, MINERS.get(1).address()), new Fragment(Hash.ZERO, MINERS.get(2).address()),
                        new Fragment(Hash.ZERO, MINERS.get(3).address()), new Fragment(Hash.ZERO, MINERS.get(4).address())))));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, put("k", sameMiner)));
        FileLayout shortMiddle = layout(2, 100, 4, 2, 4096, 0);
        FileLayout broken = new FileLayout(4096, 4, 2, false, List.of(
                new Segment(shortMiddle.segments().get(0).hash(), 100, shortMiddle.segments().get(0).fragments()),
                shortMiddle.segments().get(1)));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, put("k", broken)));
        Segment first = l.segments().get(0);
        FileLayout wrongHash = new FileLayout(4096, 4, 2, false, List.of(
                new Segment(Hash.sha256(new byte[] {1}), first.storedLength(), first.fragments()), l.segments().get(1)));
        assertTrue(wrongHash.shapeProblem().orElseThrow().contains("Merkle root"));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, put("k", wrongHash)));
        ok(MINERS.get(5), new ExitMiner());
        assertEquals(TxError.MINER_UNAVAILABLE, refused(OWNER, put("k", l)));
        assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, put("../etc/passwd", layout(1, 10, 4, 2, 4096, 1))));
        assertEquals(TxError.NOT_FOUND, refused(OWNER, new PutObject(OWNER.address(), "nobucket", "k", l.fid(), l.size(),
                new ObjectMeta(null, null, null), Optional.of(l))));
    }

    @Test
    void gatewaysActOnlyWithAGrant() {
        territoryAndBucket(1);
        FileLayout l = layout(1, 10, 4, 2, 4096, 0);
        assertEquals(TxError.FORBIDDEN, refused(GATEWAY, put("k", l)));
        assertEquals(TxError.FORBIDDEN, refused(GATEWAY, new CreateBucket(OWNER.address(), "other", "home")));
        ok(OWNER, new GrantGateway(GATEWAY.address()));
        ok(GATEWAY, put("k", l));
        ok(OWNER, new RevokeGateway(GATEWAY.address()));
        assertEquals(TxError.FORBIDDEN, refused(GATEWAY, new DeleteObject(OWNER.address(), "photos", "k")));
        assertEquals(TxError.NOT_FOUND, refused(OWNER, new RevokeGateway(GATEWAY.address())));
    }

    @Test
    void bucketNamesFollowS3RulesAndReserveTheNodesPaths() {
        territoryAndBucket(1);
        for (String bad : List.of("api", "console", "health", "metrics", "openapi", "ab", "Upper", "a..b", "192.168.1.1", "-ab")) {
            assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new CreateBucket(OWNER.address(), bad, "home")), bad);
        }
        assertEquals(TxError.ALREADY_EXISTS, refused(OWNER, new CreateBucket(OWNER.address(), "photos", "home")));
        assertEquals(TxError.NOT_FOUND, refused(OWNER, new CreateBucket(OWNER.address(), "docs", "nowhere")));
    }

    /** Issue #17: bucket names are one namespace across accounts, as S3's. */
    @Test
    void anAccountsDefaultBucketIsNobodyElses() {
        territoryAndBucket(1);
        ok(GATEWAY, new BuyTerritory("own", 1, 30));
        String owners = Names.defaultBucket(OWNER.address());
        assertEquals(TxError.INVALID_ARGUMENT, refused(GATEWAY, new CreateBucket(GATEWAY.address(), owners, "own")),
                "squatting another account's default bucket");
        assertTrue(state.find(BucketName.key(owners), BucketName.class).isEmpty());
        ok(GATEWAY, new CreateBucket(GATEWAY.address(), Names.defaultBucket(GATEWAY.address()), "own"));
        assertTrue(Names.isDefaultBucketForm(owners));
        assertTrue(!Names.isDefaultBucketForm("files-xyz"));
    }

    @Test
    void bucketNamesAreOneNamespaceAcrossAccounts() {
        territoryAndBucket(1);
        assertEquals(OWNER.address(), state.find(BucketName.key("photos"), BucketName.class).orElseThrow().owner());
        ok(GATEWAY, new BuyTerritory("own", 1, 30));
        TxRejection taken = send(GATEWAY, new CreateBucket(GATEWAY.address(), "photos", "own")).orElseThrow();
        assertEquals(TxError.ALREADY_EXISTS, taken.error());
        assertTrue(taken.message().contains("another account"), taken.message());
        assertTrue(state.find(Bucket.key(GATEWAY.address(), "photos"), Bucket.class).isEmpty(), "nothing created");
        assertEquals(TxError.ALREADY_EXISTS, refused(OWNER, new CreateBucket(OWNER.address(), "photos", "home")));
        ok(GATEWAY, new CreateBucket(GATEWAY.address(), "bobs", "own"));
        assertEquals(TxError.ALREADY_EXISTS, refused(OWNER, new CreateBucket(OWNER.address(), "bobs", "home")));
        // Deleting frees the name for everyone.
        ok(OWNER, new DeleteBucket(OWNER.address(), "photos"));
        assertTrue(state.find(BucketName.key("photos"), BucketName.class).isEmpty());
        ok(GATEWAY, new CreateBucket(GATEWAY.address(), "photos", "own"));
        assertEquals(GATEWAY.address(), state.find(BucketName.key("photos"), BucketName.class).orElseThrow().owner());
        assertEquals(new BucketName(OWNER.address()), Storage.BUCKET_NAME.decode(
                new BucketName(OWNER.address()).encode()));
    }

    /** Issue #17: the names S3 reserves are refused like any bad name. */
    @Test
    void bucketNamesReservedByS3AreRefused() {
        territoryAndBucket(1);
        for (String bad : List.of("xn--caf-dma", "sthree-bucket", "sthree-configurator", "amzn-s3-demo-bucket",
                "data-s3alias", "data--ol-s3", "data.mrap", "data--x-s3", "data--table-s3")) {
            assertTrue(Names.bucketProblem(bad).orElse("").contains("reserved by S3"), bad);
            assertEquals(TxError.INVALID_ARGUMENT, refused(OWNER, new CreateBucket(OWNER.address(), bad, "home")), bad);
        }
        for (String good : List.of("xn-a", "sthree", "amzn-s3-demo", "s3alias-data", "data-s3", "mrap.data")) {
            assertTrue(Names.bucketProblem(good).isEmpty(), good);
        }
        String dflt = Names.defaultBucket(OWNER.address());
        assertTrue(Names.bucketProblem(dflt).isEmpty(), dflt);
        assertFalse(dflt.equals(Names.defaultBucket(GATEWAY.address())), "each account's default bucket is its own");
    }

    /**
     * State kind codes are part of the commitment: storage's kinds are namespaced by its module
     * index and never share a kind index (uniqueness across modules: RuntimeTest).
     */
    @Test
    void storageKindsAreItsOwnAndDistinct() {
        List<StateKind> kinds = new Storage().kinds();
        assertTrue(kinds.stream().allMatch(k -> k.module() == Storage.INDEX), kinds.toString());
        assertEquals(kinds.size(), kinds.stream().map(StateKind::index).distinct().count(), kinds.toString());
        for (StateKind k : kinds) {
            assertEquals(Optional.of(k), Runtime.STANDARD.kind(k.code()), k.name());
            assertEquals(Optional.of(k), Runtime.STANDARD.kind(k.name()), k.name());
        }
    }

    @Test
    void objectKeysRefusePathTricks() {
        for (String bad : List.of("", "/abs", "a/../b", "..", "a/./b", "tab\there", "nul\0")) {
            assertTrue(Names.keyProblem(bad).isPresent(), bad);
        }
        for (String good : List.of("a", "a/b/c.txt", "..hidden", "dir/", "ünïcødé 😀", "a..b")) {
            assertTrue(Names.keyProblem(good).isEmpty(), good);
        }
    }

    @Test
    void aFileIsPublicWhileSomeObjectNamingItIsPublic() {
        territoryAndBucket(1);
        FileLayout l = layout(1, 500, 4, 2, 4096, 0);
        ok(OWNER, put("private", l));
        FileRecord f = state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow();
        assertFalse(f.publicRead(), "objects are private by default");
        ObjectMeta pub = new ObjectMeta("image/png", "abc", null, ObjectAcl.PUBLIC_READ);
        ok(OWNER, new PutObject(OWNER.address(), "photos", "public", l.fid(), l.size(), pub, Optional.empty()));
        assertEquals(1, state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().publicRefs());
        assertTrue(state.find(ObjectEntry.key(OWNER.address(), "photos", "public"), ObjectEntry.class).orElseThrow()
                .meta().publicRead(), "the flag is recorded with the object");
        // Overwriting the public key with a private object of the same file withdraws it.
        ok(OWNER, put("public", l));
        assertFalse(state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().publicRead());
        ok(OWNER, new PutObject(OWNER.address(), "photos", "public", l.fid(), l.size(), pub, Optional.empty()));
        ok(OWNER, new DeleteObject(OWNER.address(), "photos", "private"));
        assertTrue(state.find(FileRecord.key(l.fid()), FileRecord.class).orElseThrow().publicRead(),
                "deleting a private object leaves the public one");
        ok(OWNER, new DeleteObject(OWNER.address(), "photos", "public"));
        assertTrue(state.find(FileRecord.key(l.fid()), FileRecord.class).isEmpty());
    }

    @Test
    void stateValuesRoundTripTheirEncoding() {
        FileLayout l = layout(2, 77, 4, 8, 4096, 3);
        StateValue[] values = {
            new Miner("http://x:1", 5, 3, Amount.ofUnits(9), Miner.State.FROZEN, 11),
            new Territory(3, 4, 5, 6), new Bucket("home", 2, 9), new Grant(4),
            new FileRecord(new FileLayout(4096, 4, 8, true, l.segments()), 2, 8),
            new FileRecord(new FileLayout(4096, 4, 8, true, l.segments()), 3, 8, 2),
            new ObjectEntry(l.fid(), 12, new ObjectMeta("text/plain", "e", new TreeMap<>(java.util.Map.of("k", "v"))), 3),
            new ObjectEntry(l.fid(), 12, new ObjectMeta("text/plain", "e", null, ObjectAcl.PUBLIC_READ), 3)};
        StateKind[] kinds = {Storage.MINER, Storage.TERRITORY, Storage.BUCKET, Storage.GRANT,
            Storage.FILE, Storage.FILE, Storage.OBJECT, Storage.OBJECT};
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], kinds[i].decode(values[i].encode()));
        }
        Encoder e = new Encoder();
        l.encode(e);
        assertEquals(l, FileLayout.decode(new Decoder(e.toBytes())));
    }
}
