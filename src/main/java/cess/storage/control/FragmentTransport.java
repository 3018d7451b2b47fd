package cess.storage.control;

import cess.consensus.control.ChainReads;
import cess.platform.NodeConfig;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.Miner;
import cess.storage.model.NodeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Moves fragments between a gateway and miners: straight to disk for miners this node hosts
 * (as an object store writes to its own drives), over HTTP with a request signed by this node's
 * account (or a hosted miner's, for a repair) to the endpoint a remote miner registered on chain,
 * on whichever node hosts it. Every fragment read is verified against its hash
 * (its {@link ChunkTree} root), as the bytes arrive, unless the caller says its bytes are
 * authenticated otherwise.
 */
@ApplicationScoped
public class FragmentTransport {
    /** The miner does not hold the fragment, or cannot be reached. */
    public static class FragmentUnavailableException extends IOException {
        public FragmentUnavailableException(String message) {
            super(message);
        }
    }

    /** The miner's node could not be reached at all (refused, timed out, reset): not the fragment's fault. */
    public static final class MinerUnreachableException extends FragmentUnavailableException {
        public MinerUnreachableException(String message) {
            super(message);
        }
    }

    @Inject
    HostedMiners hosted;
    @Inject
    ChainReads reads;
    @Inject
    NodeConfig config;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Stores a fragment on a miner; {@code hash} and {@code blockNodes} must have been computed
     * from {@code data} by the caller ({@link ChunkTree.Hasher}). A remote miner computes them
     * again from the bytes it receives.
     */
    public void put(Address miner, Hash hash, byte[] data, byte[] blockNodes) throws IOException {
        Optional<HostedMiners.Hosted> local = hosted.get(miner);
        if (local.isPresent()) {
            // The hash was computed from these bytes in this process: no need to hash them again.
            local.get().store().putHashed(hash, data, blockNodes);
            return;
        }
        HttpResponse<String> r = send(config.nodeKey(), miner, hash, "PUT", HttpRequest.BodyPublishers.ofByteArray(data),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IOException("miner " + miner + " refused fragment " + hash + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Reads a fragment of exactly {@code length} bytes into {@code into[0..length)}, verified
     * against its hash: how a gateway reads into arrays it reuses.
     *
     * @throws FragmentStore.CorruptFragmentException if the bytes have another length or do not match the hash
     * @throws FragmentUnavailableException if the miner does not hold it or cannot be reached
     */
    public void read(Address miner, Hash hash, byte[] into, int length) throws IOException {
        read(config.nodeKey(), miner, hash, into, length, true);
    }

    /**
     * Like {@link #read(Address, Hash, byte[], int)}, a remote miner asked with {@code signer}'s
     * signature: how a hosted miner rebuilding a fragment fetches the others as itself (a
     * storage-only node's own account need be no validator or gateway).
     */
    public void read(KeyPair signer, Address miner, Hash hash, byte[] into, int length) throws IOException {
        read(signer, miner, hash, into, length, true);
    }

    /**
     * {@link #read(Address, Hash, byte[], int)}, checking the bytes against the hash only if
     * {@code verify} (the length always): for a caller whose bytes are authenticated otherwise,
     * such as the data fragments of an encrypted segment, which its AES-GCM tags cover.
     */
    public void read(Address miner, Hash hash, byte[] into, int length, boolean verify) throws IOException {
        read(config.nodeKey(), miner, hash, into, length, verify);
    }

    private void read(KeyPair signer, Address miner, Hash hash, byte[] into, int length, boolean verify) throws IOException {
        Optional<HostedMiners.Hosted> local = hosted.get(miner);
        if (local.isPresent()) {
            if (!local.get().store().read(hash, into, length, verify)) {
                throw unavailable(miner, hash);
            }
            return;
        }
        HttpResponse<java.io.InputStream> r = fetch(signer, miner, hash, HttpResponse.BodyHandlers.ofInputStream());
        ChunkTree.Hasher digest = verify ? new ChunkTree.Hasher() : null;
        try (java.io.InputStream in = r.body()) {
            int at = 0;
            while (at < length) {
                int n = in.read(into, at, length - at);
                if (n < 0) {
                    break;
                }
                if (verify) {
                    digest.update(into, at, n);
                }
                at += n;
            }
            if (at < length || in.read() >= 0) {
                throw new FragmentStore.CorruptFragmentException("miner " + miner + " served fragment " + hash
                        + " with another length than " + length + " bytes");
            }
        }
        if (length == 0 || (verify && !digest.finish().equals(hash))) {
            throw new FragmentStore.CorruptFragmentException("miner " + miner + " served corrupt bytes for fragment " + hash);
        }
    }

    private <T> HttpResponse<T> fetch(KeyPair signer, Address miner, Hash hash, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpResponse<T> r = send(signer, miner, hash, "GET", HttpRequest.BodyPublishers.noBody(), handler);
        if (r.statusCode() != 200) {
            if (r.body() instanceof java.io.Closeable c) {
                c.close();
            }
            throw new FragmentUnavailableException("miner " + miner + " answered HTTP " + r.statusCode() + " for " + hash);
        }
        return r;
    }

    private static FragmentUnavailableException unavailable(Address miner, Hash hash) {
        return new FragmentUnavailableException("miner " + miner + " does not hold fragment " + hash);
    }

    public void delete(Address miner, Hash hash) throws IOException {
        Optional<HostedMiners.Hosted> local = hosted.get(miner);
        if (local.isPresent()) {
            local.get().store().delete(hash);
            return;
        }
        send(config.nodeKey(), miner, hash, "DELETE", HttpRequest.BodyPublishers.noBody(), HttpResponse.BodyHandlers.discarding());
    }

    private <T> HttpResponse<T> send(KeyPair key, Address miner, Hash hash, String method, HttpRequest.BodyPublisher body,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        String endpoint = reads.read(false, v -> v.find(Miner.key(miner), Miner.class)).map(Miner::endpoint)
                .orElseThrow(() -> new FragmentUnavailableException("miner " + miner + " is not registered"));
        String path = "/api/fragments/" + hash.hex();
        long expires = System.currentTimeMillis() + 60_000;
        URI uri = URI.create(endpoint.replaceAll("/+$", "") + path + "?miner=" + miner.ss58());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(config.fragmentTimeoutMillis()))
                .header(NodeRequest.NODE_HEADER, key.address().ss58())
                .header(NodeRequest.EXPIRES_HEADER, Long.toString(expires))
                .header(NodeRequest.SIGNATURE_HEADER, key.sign(NodeRequest.payload(method, path, miner, expires)).hex())
                .header("Content-Type", "application/octet-stream")
                .method(method, body).build();
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FragmentUnavailableException("interrupted while reaching miner " + miner);
        } catch (IOException e) {
            throw new MinerUnreachableException("miner " + miner + " at " + endpoint + " is unreachable: " + e.getMessage());
        }
    }
}
