package cess.gateway.control;

import cess.storage.model.Storage;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.gateway.model.ObjectEtag;
import cess.gateway.model.S3Listing;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.TxError;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.Bucket;
import cess.storage.model.BucketName;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Grant;
import cess.storage.model.Names;
import cess.storage.model.ObjectEntry;
import cess.storage.model.ObjectMeta;
import cess.storage.model.StorageCall;
import cess.storage.model.Territory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain's view of buckets and objects as a gateway serves them (pending deals in its own
 * pool included), and the storage transactions it sends for its customers: buckets, copies,
 * deletes, the grant check. Uploads are {@link ObjectUpload}, reads {@link ObjectReads}.
 */
@ApplicationScoped
public class Gateway {

    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    /** What to store: whose object, where, and how. */
    public record PutRequest(Address owner, String bucket, String key, ObjectMeta meta, long contentLength,
                             Optional<byte[]> encryptionKey, Optional<byte[]> contentMd5, Optional<String> etag) {
        /** A single upload: the ETag is the body's MD5, or derived from the FID when encrypted ({@link ObjectEtag}). */
        public PutRequest(Address owner, String bucket, String key, ObjectMeta meta, long contentLength,
                          Optional<byte[]> encryptionKey, Optional<byte[]> contentMd5) {
            this(owner, bucket, key, meta, contentLength, encryptionKey, contentMd5, Optional.empty());
        }
    }

    /** What was stored. */
    public record PutResult(Hash fid, long size, String etag, Hash transaction, boolean deduplicated) {
    }

    /** An object as this gateway sees it (pending deals included). */
    public record ObjectInfo(String key, ObjectEntry entry) {
    }

    /** A bucket of an owner. */
    public record BucketInfo(String name, Bucket bucket) {
    }

    public Address account() {
        return config.nodeKey().address();
    }

    // ---------------------------------------------------------------- buckets

    public Hash createBucket(Address owner, String bucket, String territory) {
        Names.bucketProblem(bucket).ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        checkGranted(owner);
        checkNameFree(owner, bucket);
        try {
            return submit(new StorageCall.CreateBucket(owner, bucket, territory)).hash();
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.BUCKET_EXISTS) {
                checkNameFree(owner, bucket); // taken meanwhile: say by whom
            }
            throw e;
        }
    }

    /** Refuses a bucket name the owner already has, or that another account holds (one namespace, as S3's). */
    private void checkNameFree(Address owner, String bucket) {
        if (reads.read(true, v -> v.get(Bucket.key(owner, bucket))) != null) {
            throw new StorageException(StorageException.Kind.BUCKET_EXISTS, "bucket '" + bucket + "' already exists");
        }
        if (reads.read(true, v -> v.find(BucketName.key(bucket), BucketName.class)).isPresent()) {
            throw new StorageException(StorageException.Kind.BUCKET_TAKEN, "bucket '" + bucket + "' belongs to another account");
        }
    }

    public Bucket bucket(Address owner, String bucket) {
        return reads.read(true, v -> v.find(Bucket.key(owner, bucket), Bucket.class)).orElseThrow(
                () -> new StorageException(StorageException.Kind.NO_SUCH_BUCKET, "no bucket '" + bucket + "'"));
    }

    /** The owner's buckets, by name. */
    public List<BucketInfo> listBuckets(Address owner) {
        String prefix = owner.ss58() + "/";
        List<BucketInfo> out = new ArrayList<>();
        for (var e : reads.entries(Storage.BUCKET, prefix, true, 10_000)) {
            out.add(new BucketInfo(e.getKey().id().substring(prefix.length()), (Bucket) e.getValue()));
        }
        return out;
    }

    /** Deletes an empty bucket (pending uploads into it count as objects). */
    public Hash deleteBucket(Address owner, String bucket) {
        checkGranted(owner);
        if (bucket(owner, bucket).objects() > 0) {
            throw new StorageException(StorageException.Kind.BUCKET_NOT_EMPTY, "bucket '" + bucket
                    + "' is not empty: delete its objects first");
        }
        return submit(new StorageCall.DeleteBucket(owner, bucket)).hash();
    }

    /** The names of the owner's live territories. */
    public List<String> listTerritories(Address owner) {
        long now = clock.millis();
        String prefix = owner.ss58() + "/";
        List<String> live = new ArrayList<>();
        for (var e : reads.entries(Storage.TERRITORY, prefix, true, 1000)) {
            if (((Territory) e.getValue()).liveAt(now)) {
                live.add(e.getKey().id().substring(prefix.length()));
            }
        }
        return live;
    }

    /** The owner's territory a new bucket uses when none is named: "default", else the only live one. */
    public String defaultTerritory(Address owner) {
        List<String> live = listTerritories(owner);
        if (live.contains("default")) {
            return "default";
        }
        if (live.size() == 1) {
            return live.get(0);
        }
        throw new StorageException(StorageException.Kind.NO_TERRITORY, live.isEmpty()
                ? "account " + owner + " has no live territory: buy one first"
                : "account " + owner + " has several territories; name one");
    }

    // ---------------------------------------------------------------- objects

    public Optional<FileLayout> file(Hash fid) {
        return reads.read(true, v -> v.find(FileRecord.key(fid), FileRecord.class).map(FileRecord::layout));
    }

    /** Whether some object naming the file is public ({@link cess.storage.model.ObjectAcl#PUBLIC_READ}), pending deals included. */
    public boolean filePublic(Hash fid) {
        return reads.read(true, v -> v.find(FileRecord.key(fid), FileRecord.class).map(FileRecord::publicRead).orElse(false));
    }

    /** Whether the file's deal is final on chain (not only pending in this gateway's pool). */
    public boolean isFinal(Hash fid) {
        return reads.read(false, v -> v.get(FileRecord.key(fid)) != null);
    }

    /** The object at {@code bucket/key}, pending deals included. */
    public Optional<ObjectEntry> object(Address owner, String bucket, String key) {
        return reads.read(true, v -> v.find(ObjectEntry.key(owner, bucket, key), ObjectEntry.class));
    }

    /**
     * One page of a bucket listing: keys under {@code prefix} after the cursor {@code after},
     * rolled up at {@code delimiter}, at most {@code maxKeys} entries.
     */
    public S3Listing.Page<ObjectEntry> listObjects(Address owner, String bucket, String prefix, String delimiter,
                                                   String after, int maxKeys) {
        bucket(owner, bucket);
        String base = ObjectEntry.prefix(owner, bucket);
        int batch = Math.min(Math.max(maxKeys, 1) + 1, 1001);
        return S3Listing.page(cursor -> {
            List<S3Listing.Item<ObjectEntry>> items = new ArrayList<>();
            for (var e : reads.entriesAfter(Storage.OBJECT, base + prefix, cursor.isEmpty() ? null : base + cursor,
                    true, batch)) {
                items.add(new S3Listing.Item<>(e.getKey().id().substring(base.length()), (ObjectEntry) e.getValue()));
            }
            return items;
        }, prefix, delimiter, after, maxKeys);
    }

    /**
     * Copies an object without moving a byte: the new key's deal refers to the same file (its
     * fragments gain a reference). {@code meta} replaces the metadata when present.
     */
    public PutResult copy(Address owner, String fromBucket, String fromKey, String toBucket, String toKey,
                          Optional<ObjectMeta> meta) {
        Names.keyProblem(toKey).ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        checkGranted(owner);
        bucket(owner, fromBucket);
        bucket(owner, toBucket);
        ObjectEntry source = object(owner, fromBucket, fromKey).orElseThrow(() -> new StorageException(
                StorageException.Kind.NO_SUCH_KEY, "no object '" + fromKey + "' in bucket '" + fromBucket + "'"));
        // A copy is private, as S3's are (its ACL is not copied): publishing takes the owner's word.
        ObjectMeta m = meta.map(x -> new ObjectMeta(x.contentType(), source.meta().etag(), x.user()))
                .orElse(new ObjectMeta(source.meta().contentType(), source.meta().etag(), source.meta().user()));
        m.problem().ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        long room = room(owner, toBucket, toKey);
        if (source.size() > room) {
            throw new StorageException(StorageException.Kind.TERRITORY_FULL, "the territory of bucket '" + toBucket
                    + "' has " + room + " bytes free; the object has " + source.size());
        }
        SignedTransaction stx = submit(new StorageCall.PutObject(owner, toBucket, toKey, source.fid(), source.size(), m,
                Optional.empty()));
        return new PutResult(source.fid(), source.size(), m.etag(), stx.hash(), true);
    }

    /** Every object of {@code owner}, across buckets, as "bucket/key". */
    public List<ObjectInfo> listOwner(Address owner, int limit) {
        String base = owner.ss58() + "/";
        List<ObjectInfo> out = new ArrayList<>();
        for (var e : reads.entries(Storage.OBJECT, base, true, limit)) {
            out.add(new ObjectInfo(e.getKey().id().substring(base.length()), (ObjectEntry) e.getValue()));
        }
        return out;
    }

    public Hash delete(Address owner, String bucket, String key) {
        checkGranted(owner);
        bucket(owner, bucket);
        if (reads.read(true, v -> v.get(ObjectEntry.key(owner, bucket, key))) == null) {
            throw new StorageException(StorageException.Kind.NO_SUCH_KEY, "no object '" + key + "' in bucket '" + bucket + "'");
        }
        return submit(new StorageCall.DeleteObject(owner, bucket, key)).hash();
    }

    /** Bytes the object may take: the territory's free space plus what the key names now. */
    long room(Address owner, String bucketName, String key) {
        long now = clock.millis();
        return reads.read(true, v -> {
            Bucket b = v.find(Bucket.key(owner, bucketName), Bucket.class).orElseThrow(
                    () -> new StorageException(StorageException.Kind.NO_SUCH_BUCKET, "no bucket '" + bucketName + "'"));
            Territory t = v.find(Territory.key(owner, b.territory()), Territory.class).orElse(null);
            if (t == null || !t.liveAt(now)) {
                throw new StorageException(StorageException.Kind.NO_TERRITORY, "territory '" + b.territory()
                        + "' of bucket '" + bucketName + "' is not live: buy or renew it");
            }
            long replaced = v.find(ObjectEntry.key(owner, bucketName, key), ObjectEntry.class).map(ObjectEntry::size).orElse(0L);
            return t.freeBytes() + replaced;
        });
    }

    // ---------------------------------------------------------------- chain

    /** @throws StorageException FORBIDDEN unless the owner is this gateway's account or granted it */
    public void checkGranted(Address owner) {
        Address gw = account();
        if (!owner.equals(gw) && reads.read(true, v -> v.get(Grant.key(owner, gw))) == null) {
            throw new StorageException(StorageException.Kind.FORBIDDEN, "account " + owner + " has not granted this gateway ("
                    + gw + ") the right to store for it: send a grant_gateway transaction first");
        }
    }

    SignedTransaction submit(Call call) {
        KeyPair key = config.nodeKey();
        try {
            return chain.submitAs(key, call, clock.millis());
        } catch (TxRefusedException e) {
            throw new StorageException(kindOf(e.rejection().error()), e.getMessage());
        }
    }

    static StorageException.Kind kindOf(TxError e) {
        return switch (e) {
            case FORBIDDEN -> StorageException.Kind.FORBIDDEN;
            case NOT_FOUND -> StorageException.Kind.NO_SUCH_FILE;
            case ALREADY_EXISTS -> StorageException.Kind.BUCKET_EXISTS;
            case NOT_EMPTY -> StorageException.Kind.BUCKET_NOT_EMPTY;
            case TERRITORY_EXPIRED -> StorageException.Kind.NO_TERRITORY;
            case TERRITORY_FULL -> StorageException.Kind.TERRITORY_FULL;
            case INVALID_ARGUMENT, MALFORMED -> StorageException.Kind.BAD_REQUEST;
            default -> StorageException.Kind.UNAVAILABLE;
        };
    }
}
