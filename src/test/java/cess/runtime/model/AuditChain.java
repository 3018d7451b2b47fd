package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditKeys;
import cess.audit.model.AuditRecord;
import cess.audit.model.AuditRules;
import cess.audit.model.Challenge;
import cess.audit.model.Holding;
import cess.audit.model.Holdings;
import cess.audit.model.Prover;
import cess.audit.model.ServiceProof;
import cess.ledger.model.Balances;
import cess.ledger.model.Call;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.Params;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.ledger.model.Account;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Miner;
import cess.storage.model.ObjectMeta;
import cess.storage.model.Segment;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntBinaryOperator;

/**
 * A chain the audit tests run block by block through the standard runtime: its state, the
 * miners' disks (fragment bytes by root), the events its blocks raised and its height; signed
 * transactions applied in a block, challenges handed to an answer as they are issued, honest
 * proofs built from the disks. Not thread-safe; one per test.
 */
final class AuditChain {
    final TreeMap<StateKey, StateValue> state = new TreeMap<>();
    final Map<Hash, byte[]> disk = new HashMap<>();
    final List<ChainEvent> events = new ArrayList<>();
    long height;

    private final Hash chain;
    private final Params params;
    private final List<KeyPair> miners;
    private final KeyPair author;
    private final long now;
    private final byte seedTag;

    /** @param seedTag a byte in every block's seed, so that two test classes draw different samples */
    AuditChain(Hash chain, Params params, List<KeyPair> miners, KeyPair author, long now, int seedTag) {
        this.chain = chain;
        this.params = params;
        this.miners = miners;
        this.author = author;
        this.now = now;
        this.seedTag = (byte) seedTag;
    }

    Optional<TxRejection> send(StateOverlay o, KeyPair who, Call call) {
        long nonce = o.account(who.address()).nonce();
        SignedTransaction stx = new Transaction(who.address(), nonce, Amount.ofUnits(10), call).sign(who, chain);
        assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD), "the call survives its encoding");
        return Runtime.STANDARD.apply(o, stx, author.address(), height, now + height * 1000, params);
    }

    void ok(StateOverlay o, KeyPair who, Call call) {
        Optional<TxRejection> r = send(o, who, call);
        assertTrue(r.isEmpty(), () -> r.get().message());
    }

    /** Begins the next block and hands its overlay to {@code inBlock} (the block's transactions), then makes it final. */
    void block(Consumer<StateOverlay> inBlock) {
        height++;
        StateOverlay o = new StateOverlay(state::get);
        Runtime.STANDARD.beginBlock(state, o, height, false, now + height * 1000,
                Hash.sha256(new byte[] {(byte) height, seedTag}), params, events::add);
        inBlock.accept(o);
        StateOverlay.apply(state, o.changes());
    }

    List<AuditRules.Event> issued() {
        return events.stream().filter(e -> e instanceof AuditRules.Event a && a.kind() == AuditRules.Event.Kind.ISSUED)
                .map(e -> (AuditRules.Event) e).toList();
    }

    /** Runs blocks until {@code lastHeight}; every challenge issued is handed to {@code answer} in its block. */
    void run(long lastHeight, BiConsumer<StateOverlay, Challenge> answer) {
        while (height < lastHeight) {
            int before = issued().size();
            block(o -> {
                for (AuditRules.Event e : issued().subList(before, issued().size())) {
                    answer.accept(o, o.find(AuditKeys.challenge(e.challenge()), Challenge.class).orElseThrow());
                }
            });
        }
    }

    Holdings holdings(StateOverlay o) {
        return new StorageAudit(state, o, Balances.currency(o), params).holdings();
    }

    /** The honest answer: read from the disk, only the sampled blocks. */
    ServiceProof prove(StateOverlay o, Challenge c) {
        return Prover.prove(c, holdings(o), blocks());
    }

    Prover.Blocks blocks() {
        return new Prover.Blocks() {
            public byte[] block(Holding f, int b) {
                byte[] all = disk.get(f.root());
                return Arrays.copyOfRange(all, b * ChunkTree.BLOCK_BYTES, Math.min(all.length, (b + 1) * ChunkTree.BLOCK_BYTES));
            }

            public byte[] blockNodes(Holding f) {
                byte[] all = disk.get(f.root());
                ChunkTree.Hasher h = new ChunkTree.Hasher().update(all, 0, all.length);
                h.finish();
                return h.blockNodes();
            }
        };
    }

    /**
     * {@code segments} segments of random bytes, RS 4+2, each fragment's hash its ChunkTree root,
     * fragment j of segment i on the miner {@code minerOf(i, j)} indexes, every fragment on the disk.
     */
    FileLayout randomFile(int segments, int segmentBytes, Random r, IntBinaryOperator minerOf) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            List<Fragment> frags = new ArrayList<>();
            for (int j = 0; j < 6; j++) {
                byte[] bytes = new byte[segmentBytes / 4];
                r.nextBytes(bytes);
                Hash root = ChunkTree.root(bytes);
                disk.put(root, bytes);
                frags.add(new Fragment(root, miners.get(minerOf.applyAsInt(i, j)).address()));
            }
            segs.add(new Segment(Segment.hashOf(frags.stream().map(Fragment::hash).toList()), segmentBytes, frags));
        }
        return new FileLayout(segmentBytes, 4, 2, false, segs);
    }

    /**
     * In the state before any block: funds the miners and registers each (1 TiB, 4,000 units of
     * stake), then deals {@code file} to {@code owner} (funded, with a territory and a bucket).
     */
    void registerAndDeal(KeyPair owner, FileLayout file) {
        state.put(StateKey.account(owner.address()), new Account(Amount.ofUnits(1_000_000), 0));
        for (KeyPair m : miners) {
            state.put(StateKey.account(m.address()), new Account(Amount.ofUnits(10_000), 0));
        }
        StateOverlay o = new StateOverlay(state::get);
        for (KeyPair m : miners) {
            ok(o, m, new StorageCall.RegisterMiner("http://127.0.0.1:8080", StorageParams.TIB, Amount.ofUnits(4000)));
        }
        ok(o, owner, new StorageCall.BuyTerritory("home", 1, 30));
        ok(o, owner, new StorageCall.CreateBucket(owner.address(), "photos", "home"));
        ok(o, owner, new StorageCall.PutObject(owner.address(), "photos", "a.bin", file.fid(), file.size(),
                new ObjectMeta(null, null, null), Optional.of(file)));
        StateOverlay.apply(state, o.changes());
    }

    KeyPair key(Address a) {
        return miners.stream().filter(k -> k.address().equals(a)).findFirst().orElseThrow();
    }

    AuditRecord record(KeyPair m) {
        return (AuditRecord) state.getOrDefault(AuditKeys.record(m.address()), AuditRecord.NONE);
    }

    Amount stake(KeyPair m) {
        return ((Miner) state.get(Miner.key(m.address()))).stake();
    }
}
