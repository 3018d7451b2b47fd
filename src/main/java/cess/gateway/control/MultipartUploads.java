package cess.gateway.control;

import cess.gateway.entity.MultipartUploadEntity;
import cess.gateway.entity.PartEntity;
import cess.gateway.model.ObjectEtag;
import cess.gateway.model.StagedPartCipher;
import cess.platform.Database;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.storage.model.Names;
import cess.storage.model.ObjectMeta;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * S3 multipart uploads. Parts are staged on this gateway's disk (each written to a temporary
 * file, fsynced, then renamed into place) and recorded in its database; completing an upload
 * streams the chosen parts, in order, through the ordinary upload pipeline as one object, so a
 * multipart object is segmented, coded, placed and deduplicated exactly like any other and only
 * the completed object becomes a file deal. Uploads abandoned for a week are removed.
 *
 * <p>An upload started with an SSE-C key is bound to that key: every part must bring it (a check
 * value is recorded, never the key), each part is sealed on disk as it arrives
 * ({@link StagedPartCipher}), and the completed object is encrypted with it like a single PUT.
 * Completing needs the key too: from the request's SSE-C headers, or else the key the upload's
 * earlier requests brought, held in this gateway's memory only until the upload ends (S3 clients
 * do not all repeat the headers on CompleteMultipartUpload); after a restart the client must send
 * the headers again.
 */
@ApplicationScoped
public class MultipartUploads {
    private static final Logger LOG = Logger.getLogger(MultipartUploads.class.getName());
    public static final long MIN_PART_BYTES = 5L << 20;
    public static final long MAX_PART_BYTES = 5L << 30;
    public static final int MAX_PARTS = 10_000;
    static final long EXPIRY_MILLIS = 7L * 24 * 3600 * 1000;

    @Inject
    Database db;
    @Inject
    NodeConfig config;
    @Inject
    Gateway gateway;
    @Inject
    ObjectUpload uploads;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final SecureRandom random = new SecureRandom();
    /** SSE-C keys of uploads in progress, in memory only (see the class comment). */
    private final Map<String, byte[]> liveKeys = new ConcurrentHashMap<>();
    /** Striped locks: one upload's part commits, completion and abort never interleave. */
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private ScheduledFuture<?> sweeps;

    /** An upload in progress; {@code keyCheck} is empty unless it was started with an SSE-C key. */
    public record Upload(String id, Address owner, String bucket, String key, ObjectMeta meta, long createdMillis,
                         Optional<byte[]> keyCheck) {
        public boolean encrypted() {
            return keyCheck.isPresent();
        }
    }

    /** A staged part. */
    public record Part(int number, long size, String etag, long createdMillis) {
    }

    /** A part as the client lists it when completing. */
    public record Chosen(int number, String etag) {
    }

    @PostConstruct
    void start() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        if (scheduler != null) {
            sweeps = scheduler.scheduleWithFixedDelay(() -> sweep(clock.millis() - EXPIRY_MILLIS), 1, 60, TimeUnit.MINUTES);
        }
    }

    @PreDestroy
    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }

    private Path root() {
        return config.dataDir().resolve("multipart");
    }

    private Path dir(String id) {
        return root().resolve(id);
    }

    private static Path partFile(Path dir, int number) {
        return dir.resolve(String.format("part-%05d", number));
    }

    /** Starts an upload to {@code bucket/key}, encrypted with {@code customerKey} when one is given. */
    public Upload create(Address owner, String bucket, String key, ObjectMeta meta, Optional<byte[]> customerKey) {
        Names.keyProblem(key).ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        meta.problem().ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        gateway.checkGranted(owner);
        gateway.bucket(owner, bucket);
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Encoder enc = new Encoder();
        meta.encode(enc);
        long now = clock.millis();
        Optional<byte[]> check = customerKey.map(k -> StagedPartCipher.keyCheck(id, k));
        db.inTransaction(em -> {
            em.persist(new MultipartUploadEntity(id, owner.ss58(), bucket, key, enc.toBytes(), now, check.orElse(null)));
            return null;
        });
        customerKey.ifPresent(k -> liveKeys.put(id, k.clone()));
        return new Upload(id, owner, bucket, key, meta, now, check);
    }

    /** The upload {@code id}, which must be {@code owner}'s upload to {@code bucket/key}. */
    public Upload find(Address owner, String bucket, String key, String id) {
        MultipartUploadEntity e = id == null || id.length() > 64 ? null : db.read(em -> em.find(MultipartUploadEntity.class, id));
        if (e == null || !e.owner().equals(owner.ss58()) || !e.bucket().equals(bucket) || !e.key().equals(key)) {
            throw new StorageException(StorageException.Kind.NO_SUCH_UPLOAD, "The specified multipart upload does not "
                    + "exist: it may have been completed or aborted, or belong to another key");
        }
        return toUpload(e);
    }

    private static Upload toUpload(MultipartUploadEntity e) {
        return new Upload(e.uploadId(), Address.parse(e.owner()), e.bucket(), e.key(),
                ObjectMeta.decode(new Decoder(e.meta())), e.createdMillis(), Optional.ofNullable(e.keyCheck()));
    }

    public List<Upload> list(Address owner, String bucket) {
        return db.read(em -> em.createNamedQuery("Multipart.byBucket", MultipartUploadEntity.class)
                .setParameter("owner", owner.ss58()).setParameter("bucket", bucket).setMaxResults(1000)
                .getResultList()).stream().map(MultipartUploads::toUpload).toList();
    }

    public List<Part> parts(Upload u) {
        return db.read(em -> em.createNamedQuery("Part.ofUpload", PartEntity.class).setParameter("upload", u.id())
                .getResultList()).stream().map(p -> new Part(p.partNumber(), p.size(), p.etag(), p.createdMillis())).toList();
    }

    /**
     * The key a request on {@code u} must use: none for a plain upload; for an SSE-C upload the
     * request's key, which must be the one the upload started with.
     */
    private Optional<byte[]> requestKey(Upload u, Optional<byte[]> customerKey) {
        if (!u.encrypted()) {
            if (customerKey.isPresent()) {
                throw new StorageException(StorageException.Kind.BAD_REQUEST, "The multipart upload was started without "
                        + "server-side encryption: its parts must not carry SSE-C headers");
            }
            return Optional.empty();
        }
        byte[] k = customerKey.orElseThrow(() -> new StorageException(StorageException.Kind.KEY_REQUIRED, "The multipart "
                + "upload initiate requested encryption: every part must include the same SSE-C headers"));
        if (!StagedPartCipher.matches(u.id(), k, u.keyCheck().get())) {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, "The provided encryption parameters did not "
                    + "match the ones used originally");
        }
        liveKeys.put(u.id(), k.clone());
        return Optional.of(k);
    }

    /**
     * Stages part {@code number} of {@code u} from {@code body}, which must hold exactly
     * {@code contentLength} bytes (and match {@code contentMd5} when given), sealed with the
     * upload's SSE-C key when it has one ({@code customerKey} must then be that key). Replaces an
     * earlier part with the same number.
     */
    public Part putPart(Upload u, int number, long contentLength, InputStream body, Optional<byte[]> contentMd5,
                        Optional<byte[]> customerKey) throws IOException {
        if (number < 1 || number > MAX_PARTS) {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, "Part number must be an integer between 1 and "
                    + MAX_PARTS + ", inclusive");
        }
        if (contentLength < 0) {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, "a part needs a Content-Length "
                    + "(or x-amz-decoded-content-length)");
        }
        if (contentLength > MAX_PART_BYTES) {
            throw new StorageException(StorageException.Kind.TOO_LARGE, "a part may hold at most " + MAX_PART_BYTES + " bytes");
        }
        Optional<byte[]> key = requestKey(u, customerKey);
        Path dir = dir(u.id());
        Path tmp = dir.resolve("tmp-" + number + "-" + Long.toHexString(random.nextLong()));
        MessageDigest md5 = md5();
        long total = 0;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream file = java.nio.channels.Channels.newOutputStream(ch); // unbuffered; closed with ch
                StagedPartCipher.Sealing sealing = key.map(k -> StagedPartCipher.sealing(file,
                        StagedPartCipher.stagingKey(u.id(), k), number, random)).orElse(null);
                OutputStream out = sealing == null ? file : sealing;
                byte[] buf = new byte[1 << 20];
                for (int n; (n = body.read(buf)) >= 0; ) {
                    total += n;
                    if (total > contentLength) {
                        throw new StorageException(StorageException.Kind.BAD_REQUEST, "the part is longer than the "
                                + contentLength + " bytes announced");
                    }
                    md5.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
                if (sealing != null) {
                    sealing.finish();
                }
                ch.force(true);
            }
            if (total != contentLength) {
                throw new StorageException(StorageException.Kind.BAD_REQUEST, "the part ended after " + total + " of "
                        + contentLength + " bytes");
            }
            byte[] digest = md5.digest();
            if (contentMd5.isPresent() && !MessageDigest.isEqual(digest, contentMd5.get())) {
                throw new StorageException(StorageException.Kind.BAD_DIGEST,
                        "the part's MD5 does not match the Content-MD5 the client sent");
            }
            String etag = key.isPresent()
                    ? ObjectEtag.encryptedPart(StagedPartCipher.stagingKey(u.id(), key.get()), number, digest)
                    : ObjectEtag.plain(digest);
            long size = total;
            return locked(u.id(), () -> {
                if (db.read(em -> em.find(MultipartUploadEntity.class, u.id())) == null) {
                    throw new StorageException(StorageException.Kind.NO_SUCH_UPLOAD, "the multipart upload was completed "
                            + "or aborted while this part was sent");
                }
                Files.move(tmp, partFile(dir, number), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(dir);
                long now = clock.millis();
                db.inTransaction(em -> {
                    PartEntity p = em.find(PartEntity.class, new PartEntity.Id(u.id(), number));
                    if (p == null) {
                        em.persist(new PartEntity(u.id(), number, size, etag, now));
                    } else {
                        p.replace(size, etag, now);
                    }
                    return null;
                });
                return new Part(number, size, etag, now);
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public void abort(Upload u) {
        try {
            locked(u.id(), () -> {
                remove(u.id());
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Completes {@code u} with the chosen parts (ascending numbers, each with the ETag it was
     * given, all but the last at least 5 MiB): their bytes, in order, are stored as one object
     * whose ETag is S3's multipart ETag (MD5 of the parts' ETags, "-", the number of parts; for an
     * SSE-C upload one derived from the object's FID, see {@link ObjectEtag}). An
     * SSE-C upload needs its key: {@code customerKey}, or the one its earlier requests brought.
     */
    public Gateway.PutResult complete(Upload u, List<Chosen> chosen, Optional<byte[]> customerKey) throws IOException {
        Optional<byte[]> key;
        if (u.encrypted() && customerKey.isEmpty()) {
            byte[] live = liveKeys.get(u.id());
            if (live == null) {
                throw new StorageException(StorageException.Kind.KEY_REQUIRED, "This gateway no longer holds the upload's "
                        + "SSE-C key (it restarted since the parts were sent): complete the upload with the same SSE-C headers");
            }
            key = requestKey(u, Optional.of(live));
        } else {
            key = requestKey(u, customerKey);
        }
        return locked(u.id(), () -> {
            if (db.read(em -> em.find(MultipartUploadEntity.class, u.id())) == null) {
                throw new StorageException(StorageException.Kind.NO_SUCH_UPLOAD, "the multipart upload was already "
                        + "completed or aborted");
            }
            if (chosen.isEmpty()) {
                throw new StorageException(StorageException.Kind.BAD_REQUEST, "You must specify at least one part");
            }
            Map<Integer, Part> staged = new java.util.HashMap<>();
            parts(u).forEach(p -> staged.put(p.number(), p));
            MessageDigest md5OfMd5s = md5();
            long total = 0;
            int previous = 0;
            for (int i = 0; i < chosen.size(); i++) {
                Chosen c = chosen.get(i);
                if (c.number() <= previous) {
                    throw new StorageException(StorageException.Kind.INVALID_PART_ORDER, "The list of parts was not in "
                            + "ascending order: part " + c.number() + " follows part " + previous);
                }
                previous = c.number();
                Part p = staged.get(c.number());
                String etag = c.etag() == null ? "" : c.etag().replace("\"", "").trim();
                if (p == null || !p.etag().equals(etag)) {
                    throw new StorageException(StorageException.Kind.INVALID_PART, "One or more of the specified parts "
                            + "could not be found or its ETag does not match: part " + c.number());
                }
                if (i < chosen.size() - 1 && p.size() < MIN_PART_BYTES) {
                    throw new StorageException(StorageException.Kind.ENTITY_TOO_SMALL, "Your proposed upload is smaller "
                            + "than the minimum allowed size: part " + c.number() + " has " + p.size() + " bytes, and every "
                            + "part but the last needs at least " + MIN_PART_BYTES);
                }
                md5OfMd5s.update(HexFormat.of().parseHex(p.etag()));
                total += p.size();
            }
            String etag = HexFormat.of().formatHex(md5OfMd5s.digest()) + "-" + chosen.size();
            Gateway.PutResult result;
            try (InputStream body = concatenation(u, chosen, staged, key)) {
                result = uploads.put(new Gateway.PutRequest(u.owner(), u.bucket(), u.key(), u.meta(), total,
                        key, Optional.empty(), Optional.of(etag)), body);
            }
            remove(u.id());
            return result;
        });
    }

    /** The chosen parts' plaintext, in order, read one part at a time. */
    private InputStream concatenation(Upload u, List<Chosen> chosen, Map<Integer, Part> staged, Optional<byte[]> key) {
        Path dir = dir(u.id());
        Optional<byte[]> stagingKey = key.map(k -> StagedPartCipher.stagingKey(u.id(), k));
        Iterator<Chosen> it = chosen.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                Chosen c = it.next();
                try {
                    InputStream file = new java.io.BufferedInputStream(Files.newInputStream(partFile(dir, c.number())), 1 << 20);
                    return stagingKey.isEmpty() ? file
                            : StagedPartCipher.opening(file, stagingKey.get(), c.number(), staged.get(c.number()).size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Removes uploads created before {@code beforeMillis} with their staged parts. */
    public int sweep(long beforeMillis) {
        int n = 0;
        try {
            for (MultipartUploadEntity e : db.read(em -> em.createNamedQuery("Multipart.olderThan", MultipartUploadEntity.class)
                    .setParameter("before", beforeMillis).getResultList())) {
                locked(e.uploadId(), () -> {
                    remove(e.uploadId());
                    return null;
                });
                n++;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "sweeping abandoned multipart uploads failed", e);
        }
        if (n > 0) {
            int removed = n;
            LOG.info(() -> "removed " + removed + " multipart uploads abandoned for more than a week");
        }
        return n;
    }

    /** Removes the upload's records, then its files (records first: a crash leaves only unreferenced files). */
    private void remove(String id) throws IOException {
        liveKeys.remove(id);
        db.inTransaction(em -> {
            em.createNamedQuery("Part.deleteOfUpload").setParameter("upload", id).executeUpdate();
            MultipartUploadEntity e = em.find(MultipartUploadEntity.class, id);
            if (e != null) {
                em.remove(e);
            }
            return null;
        });
        Path dir = dir(id);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private interface Work<T> {
        T run() throws IOException;
    }

    private <T> T locked(String id, Work<T> work) throws IOException {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is atomic.
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
