package cess.gateway.control;

import cess.gateway.entity.MultipartUploadEntity;
import cess.gateway.entity.PartEntity;
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
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final SecureRandom random = new SecureRandom();
    /** Striped locks: one upload's part commits, completion and abort never interleave. */
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private ScheduledFuture<?> sweeps;

    /** An upload in progress. */
    public record Upload(String id, Address owner, String bucket, String key, ObjectMeta meta, long createdMillis) {
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

    public Upload create(Address owner, String bucket, String key, ObjectMeta meta) {
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
        db.inTransaction(em -> {
            em.persist(new MultipartUploadEntity(id, owner.ss58(), bucket, key, enc.toBytes(), now));
            return null;
        });
        return new Upload(id, owner, bucket, key, meta, now);
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
                ObjectMeta.decode(new Decoder(e.meta())), e.createdMillis());
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
     * Stages part {@code number} of {@code u} from {@code body}, which must hold exactly
     * {@code contentLength} bytes (and match {@code contentMd5} when given). Replaces an earlier
     * part with the same number.
     */
    public Part putPart(Upload u, int number, long contentLength, InputStream body, Optional<byte[]> contentMd5)
            throws IOException {
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
        Path dir = dir(u.id());
        Path tmp = dir.resolve("tmp-" + number + "-" + Long.toHexString(random.nextLong()));
        MessageDigest md5 = md5();
        long total = 0;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
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
            String etag = HexFormat.of().formatHex(digest);
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
     * whose ETag is S3's multipart ETag (MD5 of the parts' MD5s, "-", the number of parts).
     */
    public Gateway.PutResult complete(Upload u, List<Chosen> chosen) throws IOException {
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
            List<Path> files = new ArrayList<>();
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
                files.add(partFile(dir(u.id()), c.number()));
                total += p.size();
            }
            String etag = HexFormat.of().formatHex(md5OfMd5s.digest()) + "-" + chosen.size();
            Gateway.PutResult result;
            try (InputStream body = concatenation(files)) {
                result = gateway.put(new Gateway.PutRequest(u.owner(), u.bucket(), u.key(), u.meta(), total,
                        Optional.empty(), Optional.empty(), Optional.of(etag)), body);
            }
            remove(u.id());
            return result;
        });
    }

    private static InputStream concatenation(List<Path> files) {
        Iterator<Path> it = files.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return new java.io.BufferedInputStream(Files.newInputStream(it.next()), 1 << 20);
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
