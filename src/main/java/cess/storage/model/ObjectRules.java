package cess.storage.model;

import static cess.storage.model.RuleSupport.refuse;
import static cess.storage.model.StorageRules.mayActFor;

import cess.ledger.model.StateOverlay;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.storage.model.StorageCall.CreateBucket;
import cess.storage.model.StorageCall.DeleteBucket;
import cess.storage.model.StorageCall.DeleteObject;
import cess.storage.model.StorageCall.PutObject;
import java.util.HashMap;
import java.util.Optional;

/**
 * The rules of buckets and objects: creating and deleting a bucket (and its name, one namespace
 * across accounts), putting an object (a file deal: the layout's miners must have room, the
 * bucket's territory must be live and hold the bytes) and deleting one, with the reference
 * counting that frees a file and its miners' space when its last object goes; a stored file's
 * fragments enter their miners' holdings index ({@link HoldingIndex}) and leave it with the file. An owner's
 * gateway acts here only with the owner's grant ({@link StorageRules#mayActFor}). Pure and
 * stateless; called by {@link StorageRules}.
 */
final class ObjectRules {
    private ObjectRules() {
    }

    static Optional<TxRejection> createBucket(StateOverlay s, Address sender, CreateBucket c, long now) {
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

    static Optional<TxRejection> deleteBucket(StateOverlay s, Address sender, DeleteBucket c) {
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

    static Optional<TxRejection> putObject(StateOverlay s, Address sender, PutObject c, long now) {
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
            HoldingIndex.addFile(s, c.fid(), layout);
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
        HashMap<Address, Long> need = new HashMap<>();
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

    static Optional<TxRejection> deleteObject(StateOverlay s, Address sender, DeleteObject c) {
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
    static boolean release(StateOverlay s, Address owner, String bucketName, String key) {
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
            HoldingIndex.removeFile(s, o.get().fid(), f.layout());
            RestoralRules.closeAll(s, o.get().fid(), f.layout());
            for (Segment seg : f.layout().segments()) {
                for (Fragment frag : seg.fragments()) {
                    s.find(Miner.key(frag.miner()), Miner.class).ifPresent(m -> s.put(Miner.key(frag.miner()),
                            m.withUsed(Math.max(0, m.usedBytes() - f.layout().fragmentSize(seg)))));
                }
            }
        }
        return true;
    }

    /** Frees a deleted bucket's name for any account (if {@code owner} held it: buckets made before names were global did not). */
    static void releaseName(StateOverlay s, Address owner, String bucket) {
        s.find(BucketName.key(bucket), BucketName.class).filter(n -> n.owner().equals(owner))
                .ifPresent(n -> s.remove(BucketName.key(bucket)));
    }

    private static Optional<TxRejection> notGranted(Address sender, Address owner) {
        return refuse(TxError.FORBIDDEN, owner + " has not granted " + sender + " the right to act for it");
    }
}
