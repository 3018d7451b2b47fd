package cess.storage.model;

import cess.ledger.model.CallContext;
import cess.ledger.model.Currency;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.storage.model.StorageCall.AddStake;
import cess.storage.model.StorageCall.BuyTerritory;
import cess.storage.model.StorageCall.CreateBucket;
import cess.storage.model.StorageCall.DeclareSpace;
import cess.storage.model.StorageCall.DeleteBucket;
import cess.storage.model.StorageCall.DeleteObject;
import cess.storage.model.StorageCall.ExitMiner;
import cess.storage.model.StorageCall.ExpandTerritory;
import cess.storage.model.StorageCall.GrantGateway;
import cess.storage.model.StorageCall.PutObject;
import cess.storage.model.StorageCall.RegisterMiner;
import cess.storage.model.StorageCall.RenewTerritory;
import cess.storage.model.StorageCall.RevokeGateway;
import cess.storage.model.StorageCall.UpdateMiner;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The storage market's state transition: miners, territories, buckets and file deals. Pure; the
 * caller has already taken the fee and advanced the nonce, and discards every change when a rule
 * refuses the call, so a refused call changes nothing.
 */
public final class StorageRules {
    private StorageRules() {
    }

    /** Applies {@code call} by the context's sender, under the storage parameters in effect. */
    public static Optional<TxRejection> apply(CallContext ctx, StorageCall call) {
        StateOverlay s = ctx.state();
        Currency cur = ctx.currency();
        Address sender = ctx.sender();
        long now = ctx.nowMillis();
        StorageParams p = ctx.params().get(StorageParams.class);
        if (call instanceof RegisterMiner c) {
            return registerMiner(s, cur, sender, c, now, p);
        } else if (call instanceof ExitMiner) {
            return exitMiner(s, sender);
        } else if (call instanceof UpdateMiner c) {
            return updateMiner(s, sender, c);
        } else if (call instanceof AddStake c) {
            return addStake(s, cur, sender, c, p);
        } else if (call instanceof DeclareSpace c) {
            return declareSpace(s, sender, c, p);
        } else if (call instanceof BuyTerritory c) {
            return buyTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof ExpandTerritory c) {
            return expandTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof RenewTerritory c) {
            return renewTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof GrantGateway c) {
            if (c.gateway().equals(sender)) {
                return refuse(TxError.INVALID_ARGUMENT, "an account needs no grant to act for itself");
            }
            s.put(Grant.key(sender, c.gateway()), new Grant(now));
            return Optional.empty();
        } else if (call instanceof RevokeGateway c) {
            if (s.get(Grant.key(sender, c.gateway())) == null) {
                return refuse(TxError.NOT_FOUND, "gateway " + c.gateway() + " holds no grant from " + sender);
            }
            s.remove(Grant.key(sender, c.gateway()));
            return Optional.empty();
        } else if (call instanceof CreateBucket c) {
            return createBucket(s, sender, c, now);
        } else if (call instanceof DeleteBucket c) {
            return deleteBucket(s, sender, c);
        } else if (call instanceof PutObject c) {
            return putObject(s, sender, c, now);
        } else if (call instanceof DeleteObject c) {
            return deleteObject(s, sender, c);
        }
        throw new IllegalStateException("no rule for call " + call.type());
    }

    /** Whether {@code actor} may manage {@code owner}'s buckets and objects. */
    public static boolean mayActFor(StateOverlay s, Address actor, Address owner) {
        return actor.equals(owner) || s.get(Grant.key(owner, actor)) != null;
    }

    private static Optional<TxRejection> registerMiner(StateOverlay s, Currency cur, Address sender, RegisterMiner c, long now,
                                                       StorageParams p) {
        if (s.get(Miner.key(sender)) != null) {
            return refuse(TxError.ALREADY_EXISTS, sender + " is already a registered miner");
        }
        Optional<String> bad = Names.endpointProblem(c.endpoint());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        if (c.declaredBytes() < StorageParams.GIB) {
            return refuse(TxError.INVALID_ARGUMENT, "a miner must declare at least 1 GiB");
        }
        Amount needed = p.stakeFor(c.declaredBytes());
        if (c.stake().compareTo(needed) < 0) {
            return refuse(TxError.INVALID_ARGUMENT, "stake " + c.stake() + " is below the " + needed
                    + " required for " + c.declaredBytes() + " declared bytes");
        }
        Optional<TxRejection> paid = debit(cur, sender, c.stake());
        if (paid.isPresent()) {
            return paid;
        }
        s.put(Miner.key(sender), new Miner(c.endpoint(), c.declaredBytes(), 0, c.stake(), Miner.State.POSITIVE, now));
        return Optional.empty();
    }

    private static Optional<TxRejection> exitMiner(StateOverlay s, Address sender) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        if (m.get().state() == Miner.State.EXITING) {
            return refuse(TxError.ALREADY_EXISTS, sender + " is already exiting");
        }
        s.put(Miner.key(sender), m.get().withState(Miner.State.EXITING));
        return Optional.empty();
    }

    private static Optional<TxRejection> updateMiner(StateOverlay s, Address sender, UpdateMiner c) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        Optional<String> bad = Names.endpointProblem(c.endpoint());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        s.put(Miner.key(sender), m.get().withEndpoint(c.endpoint()));
        return Optional.empty();
    }

    /** Why the sender's miner cannot change its stake or space: not registered, or exiting. */
    private static Optional<TxRejection> unchangeable(Optional<Miner> m, Address sender) {
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        if (m.get().state() == Miner.State.EXITING) {
            return refuse(TxError.INVALID_ARGUMENT, sender + " is exiting; its stake and declared space are fixed");
        }
        return Optional.empty();
    }

    private static Optional<TxRejection> addStake(StateOverlay s, Currency cur, Address sender, AddStake c, StorageParams p) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        Optional<TxRejection> no = unchangeable(m, sender);
        if (no.isPresent()) {
            return no;
        }
        if (c.amount().isZero()) {
            return refuse(TxError.INVALID_ARGUMENT, "the stake to add must be positive");
        }
        Optional<TxRejection> paid = debit(cur, sender, c.amount());
        if (paid.isPresent()) {
            return paid;
        }
        Miner staked = m.get().withStake(m.get().stake().plus(c.amount()));
        s.put(Miner.key(sender), staked.withState(stateFor(staked, p)));
        return Optional.empty();
    }

    private static Optional<TxRejection> declareSpace(StateOverlay s, Address sender, DeclareSpace c, StorageParams p) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        Optional<TxRejection> no = unchangeable(m, sender);
        if (no.isPresent()) {
            return no;
        }
        if (c.declaredBytes() < StorageParams.GIB) {
            return refuse(TxError.INVALID_ARGUMENT, "a miner must declare at least 1 GiB");
        }
        if (c.declaredBytes() < m.get().usedBytes()) {
            return refuse(TxError.INVALID_ARGUMENT, "the miner holds " + m.get().usedBytes()
                    + " bytes; it cannot declare less");
        }
        Miner declared = m.get().withDeclared(c.declaredBytes());
        s.put(Miner.key(sender), declared.withState(stateFor(declared, p)));
        return Optional.empty();
    }

    /** Positive while the stake covers the declared space, frozen otherwise (an exiting miner stays exiting). */
    static Miner.State stateFor(Miner m, StorageParams p) {
        if (m.state() == Miner.State.EXITING) {
            return Miner.State.EXITING;
        }
        return m.stake().compareTo(p.stakeFor(m.declaredBytes())) >= 0 ? Miner.State.POSITIVE : Miner.State.FROZEN;
    }

    /**
     * Deletes what expired territories left once their grace has passed: every object of the
     * buckets that draw on such a territory (dropping file references, and with the last one the
     * file and its miners' used space, as a delete does), those buckets, and the territory. Reads
     * {@code state}, the state before the block, and writes {@code s}; runs at the start of a block
     * so that every node sweeps the same entries at the same height.
     *
     * @return how many territories were removed
     */
    public static int sweepExpiredTerritories(NavigableMap<StateKey, StateValue> state, StateOverlay s, long now,
                                              StorageParams p) {
        int swept = 0;
        for (Map.Entry<StateKey, StateValue> t : kind(state, Storage.TERRITORY, "").entrySet()) {
            Territory territory = (Territory) t.getValue();
            if (now < p.sweptAfter(territory.expiresMillis())) {
                continue;
            }
            String id = t.getKey().id();
            int slash = id.indexOf('/');
            Address owner = Address.parse(id.substring(0, slash));
            String name = id.substring(slash + 1);
            for (Map.Entry<StateKey, StateValue> b : kind(state, Storage.BUCKET, owner.ss58() + "/").entrySet()) {
                if (!((Bucket) b.getValue()).territory().equals(name)) {
                    continue;
                }
                String bucket = b.getKey().id().substring(owner.ss58().length() + 1);
                String objects = owner.ss58() + "/" + bucket + "/";
                for (StateKey o : kind(state, Storage.OBJECT, objects).keySet()) {
                    release(s, owner, bucket, o.id().substring(objects.length()));
                }
                s.remove(b.getKey());
                releaseName(s, owner, bucket);
            }
            s.remove(t.getKey());
            swept++;
        }
        return swept;
    }

    /** Frees a deleted bucket's name for any account (if {@code owner} held it: buckets made before names were global did not). */
    private static void releaseName(StateOverlay s, Address owner, String bucket) {
        s.find(BucketName.key(bucket), BucketName.class).filter(n -> n.owner().equals(owner))
                .ifPresent(n -> s.remove(BucketName.key(bucket)));
    }

    /** The entries of {@code kind} whose ids start with {@code prefix}. */
    private static NavigableMap<StateKey, StateValue> kind(NavigableMap<StateKey, StateValue> state, StateKind kind,
                                                          String prefix) {
        return state.subMap(StateKey.from(kind, prefix), true,
                StateKey.after(kind, prefix), false);
    }

    private static Optional<TxRejection> buyTerritory(StateOverlay s, Currency cur, Address sender, BuyTerritory c, long now,
                                                      StorageParams p) {
        Optional<String> bad = Names.territoryProblem(c.name());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        if (c.gib() < 1 || c.gib() > 1 << 20) {
            return refuse(TxError.INVALID_ARGUMENT, "a territory holds 1 to 1048576 GiB");
        }
        if (c.days() < p.minTerritoryDays() || c.days() > 36_500) {
            return refuse(TxError.INVALID_ARGUMENT, "a territory is bought for " + p.minTerritoryDays()
                    + " to 36500 days, not " + c.days());
        }
        if (s.get(Territory.key(sender, c.name())) != null) {
            return refuse(TxError.ALREADY_EXISTS, "territory '" + c.name() + "' already exists; expand or renew it");
        }
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(c.gib(), c.days()));
        if (paid.isPresent()) {
            return paid;
        }
        s.put(Territory.key(sender, c.name()), new Territory(c.gib(), 0, now + c.days() * StorageParams.DAY_MILLIS, now));
        return Optional.empty();
    }

    private static Optional<TxRejection> expandTerritory(StateOverlay s, Currency cur, Address sender, ExpandTerritory c, long now,
                                                         StorageParams p) {
        Optional<Territory> t = s.find(Territory.key(sender, c.name()), Territory.class);
        if (t.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no territory '" + c.name() + "' of " + sender);
        }
        if (!t.get().liveAt(now)) {
            return refuse(TxError.TERRITORY_EXPIRED, "territory '" + c.name() + "' has expired; renew it first");
        }
        if (c.gib() < 1 || t.get().gib() + c.gib() > 1 << 20) {
            return refuse(TxError.INVALID_ARGUMENT, "expand by at least 1 GiB, to at most 1048576 GiB");
        }
        long daysLeft = (t.get().expiresMillis() - now + StorageParams.DAY_MILLIS - 1) / StorageParams.DAY_MILLIS;
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(c.gib(), daysLeft));
        if (paid.isPresent()) {
            return paid;
        }
        Territory old = t.get();
        s.put(Territory.key(sender, c.name()),
                new Territory(old.gib() + c.gib(), old.usedBytes(), old.expiresMillis(), old.boughtMillis()));
        return Optional.empty();
    }

    private static Optional<TxRejection> renewTerritory(StateOverlay s, Currency cur, Address sender, RenewTerritory c, long now,
                                                        StorageParams p) {
        Optional<Territory> t = s.find(Territory.key(sender, c.name()), Territory.class);
        if (t.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no territory '" + c.name() + "' of " + sender);
        }
        if (c.days() < 1 || c.days() > 36_500) {
            return refuse(TxError.INVALID_ARGUMENT, "renew for 1 to 36500 days");
        }
        Optional<TxRejection> paid = pay(cur, sender, p.territoryPrice(t.get().gib(), c.days()));
        if (paid.isPresent()) {
            return paid;
        }
        Territory old = t.get();
        long from = Math.max(old.expiresMillis(), now);
        s.put(Territory.key(sender, c.name()), new Territory(old.gib(), old.usedBytes(),
                from + c.days() * StorageParams.DAY_MILLIS, old.boughtMillis()));
        return Optional.empty();
    }

    private static Optional<TxRejection> createBucket(StateOverlay s, Address sender, CreateBucket c, long now) {
        if (!mayActFor(s, sender, c.owner())) {
            return notGranted(sender, c.owner());
        }
        Optional<String> bad = Names.bucketProblem(c.bucket()).or(() -> Names.territoryProblem(c.territory()));
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        if (Names.isDefaultBucketForm(c.bucket()) && !c.bucket().equals(Names.defaultBucket(c.owner()))) {
            // Another account's default bucket: taking it would make that account's native uploads fail.
            return refuse(TxError.INVALID_ARGUMENT, "bucket names of the form files-<16 hex digits> are each account's "
                    + "default bucket; '" + c.bucket() + "' is not " + c.owner() + "'s");
        }
        if (s.get(Bucket.key(c.owner(), c.bucket())) != null) {
            return refuse(TxError.ALREADY_EXISTS, "bucket '" + c.bucket() + "' already exists");
        }
        Optional<BucketName> holder = s.find(BucketName.key(c.bucket()), BucketName.class);
        if (holder.isPresent()) {
            // One namespace across accounts, as S3's: the name is another account's.
            return refuse(TxError.ALREADY_EXISTS, "bucket '" + c.bucket() + "' belongs to another account: bucket names "
                    + "are shared by all accounts");
        }
        Optional<Territory> t = s.find(Territory.key(c.owner(), c.territory()), Territory.class);
        if (t.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no territory '" + c.territory() + "' of " + c.owner());
        }
        if (!t.get().liveAt(now)) {
            return refuse(TxError.TERRITORY_EXPIRED, "territory '" + c.territory() + "' has expired");
        }
        s.put(Bucket.key(c.owner(), c.bucket()), new Bucket(c.territory(), 0, now));
        s.put(BucketName.key(c.bucket()), new BucketName(c.owner()));
        return Optional.empty();
    }

    private static Optional<TxRejection> deleteBucket(StateOverlay s, Address sender, DeleteBucket c) {
        if (!mayActFor(s, sender, c.owner())) {
            return notGranted(sender, c.owner());
        }
        Optional<Bucket> b = s.find(Bucket.key(c.owner(), c.bucket()), Bucket.class);
        if (b.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no bucket '" + c.bucket() + "'");
        }
        if (b.get().objects() > 0) {
            return refuse(TxError.NOT_EMPTY, "bucket '" + c.bucket() + "' still holds " + b.get().objects() + " objects");
        }
        s.remove(Bucket.key(c.owner(), c.bucket()));
        releaseName(s, c.owner(), c.bucket());
        return Optional.empty();
    }

    private static Optional<TxRejection> putObject(StateOverlay s, Address sender, PutObject c, long now) {
        if (!mayActFor(s, sender, c.owner())) {
            return notGranted(sender, c.owner());
        }
        Optional<String> bad = Names.keyProblem(c.key()).or(() -> c.meta().problem());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        Optional<Bucket> bucket = s.find(Bucket.key(c.owner(), c.bucket()), Bucket.class);
        if (bucket.isEmpty()) {
            return refuse(TxError.NOT_FOUND, "no bucket '" + c.bucket() + "' of " + c.owner());
        }
        Optional<Territory> territory = s.find(Territory.key(c.owner(), bucket.get().territory()), Territory.class);
        if (territory.isEmpty() || !territory.get().liveAt(now)) {
            return refuse(TxError.TERRITORY_EXPIRED, "territory '" + bucket.get().territory()
                    + "' of bucket '" + c.bucket() + "' is not live; renew it or buy one");
        }
        Optional<FileRecord> file = s.find(FileRecord.key(c.fid()), FileRecord.class);
        if (file.isPresent()) {
            if (file.get().layout().size() != c.size()) {
                return refuse(TxError.INVALID_ARGUMENT, "file " + c.fid() + " holds " + file.get().layout().size()
                        + " bytes, not " + c.size());
            }
        } else {
            if (c.layout().isEmpty()) {
                return refuse(TxError.NOT_FOUND, "file " + c.fid() + " is not stored; the deal needs its layout");
            }
            Optional<TxRejection> placed = checkLayout(s, c, c.layout().get());
            if (placed.isPresent()) {
                return placed;
            }
        }
        // Reference the file first, then release what the key named before: overwriting a key with
        // the same file never drops it, and a same-size overwrite fits a full territory.
        if (file.isPresent()) {
            s.put(FileRecord.key(c.fid()), file.get().referenced(1, c.meta().publicRead()));
        } else {
            FileLayout layout = c.layout().get();
            for (Segment seg : layout.segments()) {
                for (Fragment f : seg.fragments()) {
                    Miner m = s.find(Miner.key(f.miner()), Miner.class).orElseThrow();
                    s.put(Miner.key(f.miner()), m.withUsed(m.usedBytes() + layout.fragmentSize(seg)));
                }
            }
            s.put(FileRecord.key(c.fid()), new FileRecord(layout, 1, now, c.meta().publicRead() ? 1 : 0));
        }
        release(s, c.owner(), c.bucket(), c.key());
        Territory t = s.find(Territory.key(c.owner(), bucket.get().territory()), Territory.class).orElseThrow();
        if (c.size() > t.freeBytes()) {
            return refuse(TxError.TERRITORY_FULL, "territory '" + bucket.get().territory() + "' has " + t.freeBytes()
                    + " bytes free, the object needs " + c.size());
        }
        s.put(Territory.key(c.owner(), bucket.get().territory()), t.withUsed(t.usedBytes() + c.size()));
        Bucket b = s.find(Bucket.key(c.owner(), c.bucket()), Bucket.class).orElseThrow();
        s.put(Bucket.key(c.owner(), c.bucket()), b.withObjects(b.objects() + 1));
        s.put(ObjectEntry.key(c.owner(), c.bucket(), c.key()), new ObjectEntry(c.fid(), c.size(), c.meta(), now));
        return Optional.empty();
    }

    private static Optional<TxRejection> checkLayout(StateOverlay s, PutObject c, FileLayout layout) {
        Optional<String> shape = layout.shapeProblem();
        if (shape.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, shape.get());
        }
        if (!layout.fid().equals(c.fid())) {
            return refuse(TxError.INVALID_ARGUMENT, "fid " + c.fid() + " is not the Merkle root of the segment hashes");
        }
        if (layout.size() != c.size()) {
            return refuse(TxError.INVALID_ARGUMENT, "the layout holds " + layout.size() + " bytes, the deal says " + c.size());
        }
        java.util.HashMap<Address, Long> need = new java.util.HashMap<>();
        for (Segment seg : layout.segments()) {
            for (Fragment f : seg.fragments()) {
                need.merge(f.miner(), (long) layout.fragmentSize(seg), Long::sum);
            }
        }
        for (var e : need.entrySet()) {
            Optional<Miner> m = s.find(Miner.key(e.getKey()), Miner.class);
            if (m.isEmpty() || !m.get().acceptsFragments()) {
                return refuse(TxError.MINER_UNAVAILABLE, "miner " + e.getKey() + " is not a positive registered miner");
            }
            if (m.get().freeBytes() < e.getValue()) {
                return refuse(TxError.MINER_UNAVAILABLE, "miner " + e.getKey() + " has " + m.get().freeBytes()
                        + " bytes free, the deal places " + e.getValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<TxRejection> deleteObject(StateOverlay s, Address sender, DeleteObject c) {
        if (!mayActFor(s, sender, c.owner())) {
            return notGranted(sender, c.owner());
        }
        if (!release(s, c.owner(), c.bucket(), c.key())) {
            return refuse(TxError.NOT_FOUND, "no object '" + c.key() + "' in bucket '" + c.bucket() + "'");
        }
        return Optional.empty();
    }

    /**
     * Removes {@code bucket/key} if it exists: frees its size in the territory, drops one
     * reference to its file and, with the last one, the file and its miners' used space.
     */
    private static boolean release(StateOverlay s, Address owner, String bucketName, String key) {
        Optional<ObjectEntry> o = s.find(ObjectEntry.key(owner, bucketName, key), ObjectEntry.class);
        if (o.isEmpty()) {
            return false;
        }
        s.remove(ObjectEntry.key(owner, bucketName, key));
        Bucket bucket = s.find(Bucket.key(owner, bucketName), Bucket.class).orElseThrow();
        s.put(Bucket.key(owner, bucketName), bucket.withObjects(bucket.objects() - 1));
        s.find(Territory.key(owner, bucket.territory()), Territory.class).ifPresent(t -> s.put(
                Territory.key(owner, bucket.territory()), t.withUsed(Math.max(0, t.usedBytes() - o.get().size()))));
        FileRecord f = s.find(FileRecord.key(o.get().fid()), FileRecord.class).orElseThrow();
        if (f.refs() > 1) {
            s.put(FileRecord.key(o.get().fid()), f.referenced(-1, o.get().meta().publicRead()));
        } else {
            s.remove(FileRecord.key(o.get().fid()));
            for (Segment seg : f.layout().segments()) {
                for (Fragment frag : seg.fragments()) {
                    s.find(Miner.key(frag.miner()), Miner.class).ifPresent(m -> s.put(Miner.key(frag.miner()),
                            m.withUsed(Math.max(0, m.usedBytes() - f.layout().fragmentSize(seg)))));
                }
            }
        }
        return true;
    }

    private static Optional<TxRejection> pay(Currency cur, Address sender, Amount price) {
        Optional<TxRejection> paid = debit(cur, sender, price);
        if (paid.isEmpty()) {
            cur.unreserve(StorageParams.STORAGE_POOL, price);
        }
        return paid;
    }

    /** Takes {@code amount} from the sender into the market's keeping (a stake, a price on its way to the pool). */
    private static Optional<TxRejection> debit(Currency cur, Address sender, Amount amount) {
        Amount free = cur.free(sender);
        if (free.compareTo(amount) < 0) {
            return refuse(TxError.INSUFFICIENT_BALANCE, "free balance " + free + " (after the fee) does not cover "
                    + amount);
        }
        return cur.reserve(sender, amount);
    }

    private static Optional<TxRejection> notGranted(Address sender, Address owner) {
        return refuse(TxError.FORBIDDEN, owner + " has not granted " + sender + " the right to act for it");
    }

    private static Optional<TxRejection> refuse(TxError e, String why) {
        return Optional.of(new TxRejection(e, why));
    }
}
