package cess.gateway.control;

import cess.consensus.control.ChainReads;
import cess.gateway.model.MinerBackoff;
import cess.gateway.model.ObjectEtag;
import cess.gateway.model.Placement;
import cess.gateway.model.SegmentCodec;
import cess.ledger.model.SignedTransaction;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.control.FragmentGc;
import cess.storage.control.FragmentTransport;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Miner;
import cess.storage.model.Names;
import cess.storage.model.ObjectMeta;
import cess.storage.model.Segment;
import cess.storage.model.Storage;
import cess.storage.model.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The DeOSS gateway's write side: stores a body as segments, optionally encrypted, each
 * erasure-coded into fragments placed at random on distinct miners ({@link SegmentUpload}), then
 * admits the file deal. Streaming: an upload holds at most two segments in memory (one being
 * read and coded, one being sent).
 *
 * <p>Durability contract: {@link #put} returns only after every fragment is durably stored by
 * its miner and the file deal has been admitted to the pool and persisted; from then on this
 * gateway serves the object (the pending state), and every gateway does once the deal is final.
 */
@ApplicationScoped
public class ObjectUpload {
    private static final Logger LOG = Logger.getLogger(ObjectUpload.class.getName());
    private static final byte[] EMPTY = new byte[0];
    /** Bytes of a body read before their share of the MD5 is handed to a pooled thread. */
    private static final int MD5_STEP = 1 << 20;

    @Inject
    Gateway gateway;
    @Inject
    ChainReads reads;
    @Inject
    NodeConfig config;
    @Inject
    FragmentTransport transport;
    @Inject
    FragmentGc gc;
    @Inject
    FragmentIo io;
    @Inject
    SegmentSource cache;
    @Inject
    UnreachableMiners unreachable;

    private final SecureRandom random = new SecureRandom();

    /**
     * Stores {@code body} as {@code bucket/key} of the owner. Returns once the deal is admitted;
     * on any failure nothing becomes visible and the fragments written are discarded.
     */
    public Gateway.PutResult put(Gateway.PutRequest r, InputStream body) throws IOException {
        Names.keyProblem(r.key()).ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        r.meta().problem().ifPresent(p -> {
            throw new StorageException(StorageException.Kind.BAD_REQUEST, p);
        });
        gateway.checkGranted(r.owner());
        long room = gateway.room(r.owner(), r.bucket(), r.key());
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
        List<Fragment> written = Collections.synchronizedList(new ArrayList<>());
        SegmentUpload.Upload upload = new SegmentUpload.Upload(io, transport, gc, random,
                config.fragmentTimeoutMillis() * 3L, () -> candidates(k + m), new HashMap<>(), written, cache, unreachable);
        List<Segment> segments = new ArrayList<>();
        // Segments being sealed, coded and sent, oldest first: at most two, the one read last and the one before.
        ArrayDeque<SegmentUpload> inFlight = new ArrayDeque<>();
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
                inFlight.add(new SegmentUpload(upload, codec, index, buf, n, r.encryptionKey(), md5Done));
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
            boolean known = gateway.file(fid).isPresent();
            SignedTransaction stx;
            try {
                stx = gateway.submit(new StorageCall.PutObject(r.owner(), r.bucket(), r.key(), fid, total, meta,
                        known ? Optional.empty() : Optional.of(layout)));
            } catch (StorageException e) {
                if (!known) {
                    throw e;
                }
                // The known file went away meanwhile: deal with our own copy after all.
                known = false;
                stx = gateway.submit(new StorageCall.PutObject(r.owner(), r.bucket(), r.key(), fid, total, meta, Optional.of(layout)));
            }
            admitted = true;
            if (known) {
                gc.discard(new ArrayList<>(written));
            } else {
                gc.release(new ArrayList<>(written));
            }
            return new Gateway.PutResult(fid, total, etag, stx.hash(), known);
        } finally {
            if (!admitted) {
                inFlight.forEach(SegmentUpload::abandon);
                int n = gc.discard(new ArrayList<>(written));
                LOG.fine(() -> "upload of " + r.key() + " failed; discarded " + n + " fragments");
            }
        }
    }

    /**
     * Miners that take new fragments, wherever they are hosted, with their free space and their
     * failure domain (the node at their on-chain endpoint), as this gateway sees the chain; those
     * that just failed to take one left out while {@code needed} others remain.
     */
    private List<Placement.Candidate> candidates(int needed) {
        return MinerBackoff.preferred(allCandidates(), Placement.Candidate::miner, unreachable.avoided(), needed);
    }

    private List<Placement.Candidate> allCandidates() {
        List<Placement.Candidate> out = new ArrayList<>();
        for (var e : reads.entries(Storage.MINER, "", true, 100_000)) {
            Miner m = (Miner) e.getValue();
            if (m.acceptsFragments()) {
                out.add(new Placement.Candidate(Address.parse(e.getKey().id()), m.freeBytes(),
                        Placement.domainOf(m.endpoint())));
            }
        }
        return out;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
