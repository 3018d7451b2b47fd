package cess.gateway.control;

import cess.storage.model.Storage;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.gateway.model.ObjectEtag;
import cess.gateway.model.Placement;
import cess.gateway.model.S3Listing;
import cess.gateway.model.SegmentCipher;
import cess.gateway.model.SegmentCodec;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.TxError;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.control.FragmentGc;
import cess.storage.control.FragmentTransport;
import cess.storage.model.Bucket;
import cess.storage.model.BucketName;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Fragment;
import cess.storage.model.Grant;
import cess.storage.model.Miner;
import cess.storage.model.Names;
import cess.storage.model.ObjectEntry;
import cess.storage.model.ObjectMeta;
import cess.storage.model.Segment;
import cess.storage.model.StorageCall;
import cess.storage.model.Territory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The DeOSS gateway's write side and the chain's view of buckets and objects: stores objects as
 * segments, optionally encrypted, erasure-coded into fragments placed on distinct miners.
 * Streaming: an upload holds at most two segments in memory (one being read and coded, one
 * being sent). Reads are {@link ObjectReads}.
 *
 * <p>Durability contract: {@link #put} returns only after every fragment is durably stored by
 * its miner and the file deal has been admitted to the pool and persisted; from then on this
 * gateway serves the object (the pending state), and every gateway does once the deal is final.
 */
@ApplicationScoped
public class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    private static final byte[] EMPTY = new byte[0];
    /** Bytes of a body read before their share of the MD5 is handed to a pooled thread. */
    private static final int MD5_STEP = 1 << 20;
    /** Segments from this size on are sealed and coded by several threads at once. */
    private static final int PARALLEL_MIN = 4 << 20;
    private static final int PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    NodeConfig config;
    @Inject
    FragmentTransport transport;
    @Inject
    FragmentGc gc;
    @Inject
    Clock clock;
    @Inject
    FragmentIo io;

    private final SecureRandom random = new SecureRandom();

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

    // ---------------------------------------------------------------- upload

    /**
     * Stores {@code body} as {@code bucket/key} of the owner. Returns once the deal is admitted;
     * on any failure nothing becomes visible and the fragments written are discarded.
     */
    public PutResult put(PutRequest r, InputStream body) throws IOException {
        Names.keyProblem(r.key()).ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        r.meta().problem().ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        checkGranted(r.owner());
        long room = room(r.owner(), r.bucket(), r.key());
        if (r.contentLength() > room) {
            throw new StorageException(StorageException.Kind.TERRITORY_FULL, "the territory of bucket '" + r.bucket()
                    + "' has " + room + " bytes free; the object has " + r.contentLength());
        }
        int k = config.erasureData();
        int m = config.erasureParity();
        int segmentSize = config.segmentBytes();
        SegmentCodec codec = io.codec(k, m);
        MessageDigest md5 = md5();
        // The MD5 (the ETag) runs off this thread too, segment after segment, in order.
        CompletableFuture<Void> md5Done = CompletableFuture.completedFuture(null);
        // Added to by the send tasks; read by this thread once they have finished.
        List<Fragment> written = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Segment> segments = new ArrayList<>();
        Map<Address, Long> planned = new HashMap<>();
        // Segments being sealed, coded and sent, oldest first: at most two, the one read last and the one before.
        java.util.ArrayDeque<SegmentUpload> inFlight = new java.util.ArrayDeque<>();
        long total = 0;
        boolean admitted = false;
        try {
            for (int index = 0; ; index++) {
                int cap = (int) Math.min(segmentSize, r.contentLength() >= 0 ? r.contentLength() - total : segmentSize);
                // Segment buffers come from the pool and go back as soon as their bytes are coded.
                byte[] buf = cap == 0 ? EMPTY : io.buffers().take(cap);
                // Read in steps, each hashed into the MD5 by a pooled thread while the next is read,
                // so that the MD5, which cannot be split, keeps pace with the body.
                int n = 0;
                while (n < cap) {
                    int from = n;
                    int got = body.readNBytes(buf, from, Math.min(MD5_STEP, cap - from));
                    if (got > 0) {
                        md5Done = md5Done.thenRunAsync(() -> md5.update(buf, from, got), io.executor());
                        n += got;
                    }
                    if (got < Math.min(MD5_STEP, cap - from)) {
                        break; // the end of the body
                    }
                }
                if (n == 0) {
                    io.buffers().give(buf);
                    break;
                }
                total += n;
                if (total > room) {
                    throw new StorageException(StorageException.Kind.TERRITORY_FULL, "the territory of bucket '"
                            + r.bucket() + "' has " + room + " bytes free; the object is larger");
                }
                inFlight.add(new SegmentUpload(codec, index, buf, n, r.encryptionKey(), md5Done, planned, written));
                if (inFlight.size() > 1) {
                    segments.add(inFlight.peek().finish());
                    inFlight.poll();
                }
                if (n < cap) {
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                segments.add(inFlight.peek().finish());
                inFlight.poll();
            }
            md5Done.join();
            if (r.contentLength() >= 0 && total != r.contentLength()) {
                throw new StorageException(StorageException.Kind.BAD_REQUEST, "the body ended after " + total
                        + " of " + r.contentLength() + " bytes");
            }
            if (r.contentLength() >= 0 && body.read() != -1) {
                // Reading to the end also lets a verifying body check its signature or checksum.
                throw new StorageException(StorageException.Kind.BAD_REQUEST, "the body is longer than the "
                        + r.contentLength() + " bytes announced");
            }
            byte[] digest = md5.digest();
            if (r.contentMd5().isPresent() && !Arrays.equals(digest, r.contentMd5().get())) {
                throw new StorageException(StorageException.Kind.BAD_DIGEST,
                        "the body's MD5 does not match the Content-MD5 the client sent");
            }
            FileLayout layout = new FileLayout(segmentSize, k, m, r.encryptionKey().isPresent(), segments);
            Hash fid = layout.fid();
            // An encrypted object's ETag reveals nothing of its plaintext; a multipart one keeps its "-N".
            String etag = r.encryptionKey().isPresent()
                    ? ObjectEtag.encrypted(fid, ObjectEtag.parts(r.etag().orElse("")))
                    : r.etag().orElse(ObjectEtag.plain(digest));
            ObjectMeta meta = r.meta().withEtag(etag);
            boolean known = file(fid).isPresent();
            SignedTransaction stx;
            try {
                stx = submit(new StorageCall.PutObject(r.owner(), r.bucket(), r.key(), fid, total, meta,
                        known ? Optional.empty() : Optional.of(layout)));
            } catch (StorageException e) {
                if (!known) {
                    throw e;
                }
                // The known file went away meanwhile: deal with our own copy after all.
                known = false;
                stx = submit(new StorageCall.PutObject(r.owner(), r.bucket(), r.key(), fid, total, meta, Optional.of(layout)));
            }
            admitted = true;
            if (known) {
                gc.discard(new ArrayList<>(written));
            } else {
                gc.release(new ArrayList<>(written));
            }
            return new PutResult(fid, total, etag, stx.hash(), known);
        } finally {
            if (!admitted) {
                inFlight.forEach(SegmentUpload::abandon);
                int n = gc.discard(new ArrayList<>(written));
                LOG.fine(() -> "upload of " + r.key() + " failed; discarded " + n + " fragments");
            }
        }
    }

    /** Bytes the object may take: the territory's free space plus what the key names now. */
    private long room(Address owner, String bucketName, String key) {
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

    /**
     * One segment being sealed, coded and sent while the next one is read: the thread reading the
     * body only places its fragments (placement is its own state); a pooled thread seals and codes
     * the segment, and its fragments go out in parallel, each hashed by the thread sending it.
     */
    private final class SegmentUpload {
        private final int storedLength;
        private final byte[][] fragments;
        private final Hash[] hashes;
        /** Each fragment's block nodes, computed with its hash, for a miner this node hosts. */
        private final byte[][] blockNodes;
        private final Address[] miners;
        /** Sealing and coding, then every send started: done before {@link #sends} is read. */
        private final CompletableFuture<Void> prepared;
        private final List<CompletableFuture<Void>> sends = new ArrayList<>();
        private final Map<Address, Long> planned;
        private final List<Fragment> written;
        private boolean released;

        /**
         * @param plain    the segment's bytes, from the pool: given back once they are coded and
         *                 {@code md5Done} (their share of the object's MD5) has completed
         */
        SegmentUpload(SegmentCodec codec, int index, byte[] plain, int length, Optional<byte[]> key,
                      CompletableFuture<Void> md5Done, Map<Address, Long> planned, List<Fragment> written) {
            this.storedLength = key.isPresent() ? FileLayout.sealedLength(length) : length;
            this.planned = planned;
            this.written = written;
            int total = codec.k() + codec.m();
            int size = Segment.fragmentSize(storedLength, codec.k());
            fragments = new byte[total][];
            hashes = new Hash[total]; // computed by the send tasks, in parallel, off the thread reading the body
            blockNodes = new byte[total][];
            miners = place(total, size, Set.of()).toArray(new Address[0]);
            // Sealing and coding a large segment are split over the processors (chunks are sealed
            // independently, parity is computed over separate byte ranges), without blocking a
            // pooled thread on another: each step starts the next when it completes.
            int parts = storedLength >= PARALLEL_MIN ? PARALLELISM : 1;
            CompletableFuture<byte[]> sealed;
            if (key.isPresent()) {
                byte[] nonce = new byte[SegmentCipher.NONCE_BYTES];
                random.nextBytes(nonce);
                byte[] out = io.buffers().take(storedLength);
                System.arraycopy(nonce, 0, out, 0, nonce.length);
                int chunks = FileLayout.cipherChunks(length);
                sealed = inParts(parts, chunks, (from, to) -> SegmentCipher.sealChunks(key.get(), nonce, index, plain,
                        length, out, from, to)).thenApply(x -> out);
            } else {
                sealed = CompletableFuture.completedFuture(plain);
            }
            prepared = sealed.thenApplyAsync(stored -> {
                for (int i = 0; i < total; i++) {
                    fragments[i] = io.buffers().take(size);
                }
                codec.layOut(stored, storedLength, fragments);
                if (stored != plain) {
                    io.buffers().give(stored); // the fragments hold copies of its bytes
                }
                return stored;
            }, io.executor()).thenCompose(x -> inParts(parts, size, (from, to) -> codec.parity(fragments, from, to - from)))
                    .thenRun(() -> {
                        for (int i = 0; i < total; i++) {
                            sends.add(send(i));
                        }
                    });
            prepared.runAfterBoth(md5Done, () -> io.buffers().give(plain));
        }

        /** Runs {@code work} over {@code parts} consecutive slices of {@code [0, n)} on the pool, at once. */
        private CompletableFuture<Void> inParts(int parts, int n, java.util.function.BiConsumer<Integer, Integer> work) {
            return CompletableFuture.allOf(java.util.stream.IntStream.range(0, parts).mapToObj(p -> CompletableFuture.runAsync(
                    () -> work.accept((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)), io.executor()))
                    .toArray(CompletableFuture[]::new));
        }

        private List<Address> place(int count, long size, Set<Address> exclude) {
            List<Placement.Candidate> candidates = candidates();
            List<Placement.Candidate> adjusted = new ArrayList<>();
            for (Placement.Candidate c : candidates) {
                adjusted.add(new Placement.Candidate(c.miner(), c.freeBytes() - planned.getOrDefault(c.miner(), 0L)));
            }
            List<Address> chosen;
            try {
                chosen = Placement.choose(adjusted, count, size, exclude, random);
            } catch (IllegalStateException e) {
                throw new StorageException(StorageException.Kind.UNAVAILABLE, e.getMessage());
            }
            chosen.forEach(a -> planned.merge(a, size, Long::sum));
            return chosen;
        }

        /**
         * Hashes fragment i (once), holds it against the orphan sweep, and stores it on its miner.
         * {@code hashes[i]} is read by the uploading thread only after this task completed.
         */
        private CompletableFuture<Void> send(int i) {
            byte[] data = fragments[i];
            Address miner = miners[i];
            return CompletableFuture.runAsync(() -> {
                if (hashes[i] == null) {
                    ChunkTree.Hasher hasher = new ChunkTree.Hasher().update(data, 0, data.length);
                    Hash root = hasher.finish();
                    blockNodes[i] = hasher.blockNodes();
                    hashes[i] = root;
                }
                Hash h = hashes[i]; // written by the first task, so whoever awaits a later one sees it
                Fragment f = new Fragment(h, miner);
                gc.hold(f);
                written.add(f);
                try {
                    transport.put(f.miner(), f.hash(), data, blockNodes[i]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, io.executor());
        }

        /** Waits for every fragment; a fragment a miner failed to take goes to another miner once. */
        Segment finish() {
            awaitPrepared();
            List<Fragment> out = new ArrayList<>(fragments.length);
            Set<Address> used = new HashSet<>(Arrays.asList(miners));
            for (int i = 0; i < fragments.length; i++) {
                try {
                    sends.get(i).get(config.fragmentTimeoutMillis() * 3L, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    Address failed = miners[i];
                    LOG.log(Level.WARNING, "miner " + failed + " did not take fragment " + hashes[i] + "; placing it elsewhere",
                            e.getCause() != null ? e.getCause() : e);
                    miners[i] = place(1, fragments[i].length, used).get(0);
                    used.add(miners[i]);
                    try {
                        send(i).get(config.fragmentTimeoutMillis() * 3L, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException again) {
                        throw new StorageException(StorageException.Kind.UNAVAILABLE, "could not store fragment "
                                + hashes[i] + " on any miner: " + again.getMessage());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted");
                }
                out.add(new Fragment(hashes[i], miners[i]));
            }
            // Every send has finished (the retries were awaited in turn): nothing reads the fragments now.
            releaseFragments();
            return new Segment(Segment.hashOf(Arrays.asList(hashes)), storedLength, out);
        }

        private void awaitPrepared() {
            try {
                prepared.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new StorageException(StorageException.Kind.INTERNAL, "could not seal and code a segment: "
                        + e.getCause());
            }
        }

        void abandon() {
            try {
                awaitPrepared();
            } catch (StorageException e) {
                return; // nothing was sent; the arrays are left to the collector
            }
            for (CompletableFuture<Void> f : sends) {
                try {
                    f.get(config.fragmentTimeoutMillis() * 3L, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // failed sends leave nothing behind; finished ones are discarded by the caller
                }
            }
            if (sends.stream().allMatch(CompletableFuture::isDone)) {
                releaseFragments();
            }
        }

        /** Gives the fragment arrays back to the pool, once: a finished segment may still be abandoned after. */
        private void releaseFragments() {
            if (!released) {
                released = true;
                io.buffers().give(fragments);
            }
        }
    }

    /** Miners that take new fragments, with their free space, as this gateway sees the chain. */
    private List<Placement.Candidate> candidates() {
        List<Placement.Candidate> out = new ArrayList<>();
        for (var e : reads.entries(Storage.MINER, "", true, 100_000)) {
            Miner m = (Miner) e.getValue();
            if (m.acceptsFragments()) {
                out.add(new Placement.Candidate(Address.parse(e.getKey().id()), m.freeBytes()));
            }
        }
        return out;
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

    private SignedTransaction submit(Call call) {
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

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
