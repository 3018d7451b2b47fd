package cess.gateway.control;

import cess.gateway.model.StoredSegment;
import cess.storage.model.Segment;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Where the gateway looks for a segment's stored bytes before its fragments, and where it leaves
 * the segments it rebuilt or coded: the DeOSS segment cache ({@code cess.gateway.cache}), local
 * first, then peer gateways. What it returns is verified against the chain; a miss costs the
 * reader no more than a lookup. Implementations are thread-safe.
 */
public interface SegmentSource {
    /**
     * Stored bytes {@code [from, from + n)} of {@code segment} (and with {@code head} its first
     * bytes, an encrypted segment's nonce) from this gateway's own cache, read into an array from
     * {@code take}; empty on a miss. Quick: a disk read, no network.
     */
    Optional<StoredSegment> cached(Segment segment, int from, int n, boolean head, IntFunction<byte[]> take);

    /** Whether a peer gateway announced that it holds {@code segment}, so that {@link #fromPeers} may find it. */
    boolean peersMayHold(Segment segment);

    /**
     * Like {@link #cached}, after fetching the whole segment from a peer gateway that announced
     * it (within a short timeout) and verifying it against the segment hash; empty if no peer
     * delivers. Blocks: call it off the thread that writes to the client.
     *
     * @param k the layout's data fragments, to verify the bytes against their fragments' hashes
     */
    Optional<StoredSegment> fromPeers(Segment segment, int k, int from, int n, boolean head, IntFunction<byte[]> take);

    /**
     * Offers a segment whose stored bytes are in {@code data} (its k data fragments, each
     * {@code fragmentSize} bytes, the stored bytes first, then zero padding). Returns at once:
     * the bytes are written in the background, or not at all if the cache declines or is busy;
     * {@code release} is called with {@code data} once nothing reads it any more (perhaps before
     * this returns).
     *
     * @param verified whether every data fragment is known to match its hash; if not, the cache
     *                 checks them before it keeps the segment
     */
    void offer(Segment segment, byte[][] data, int fragmentSize, boolean verified, Runnable release);
}
