package cess.storage.model;

import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a file's bytes are: its segments, each erasure-coded into {@code k + m} fragments on
 * distinct miners. Every segment but the last holds {@code segmentSize} bytes of the file; an
 * encrypted segment is stored as a 12-byte nonce, then its bytes in chunks of
 * {@value #CIPHER_CHUNK} (the last one shorter), each sealed with AES-GCM and followed by its
 * 16-byte tag: {@link #sealedLength} maps the two lengths.
 */
public record FileLayout(int segmentSize, int k, int m, boolean encrypted, List<Segment> segments) {
    /** Plaintext bytes per AES-GCM chunk of an encrypted segment. */
    public static final int CIPHER_CHUNK = 64 * 1024;
    public static final int CIPHER_NONCE = 12;
    public static final int CIPHER_TAG = 16;
    public static final int MAX_SEGMENTS = 1 << 16;

    public FileLayout {
        if (segmentSize < 1024 || k < 1 || m < 0 || k + m > 255 || segments == null) {
            throw new IllegalArgumentException("layout needs segmentSize >= 1024 and 1 <= k, 0 <= m, k + m <= 255");
        }
        segments = List.copyOf(segments);
    }

    /** The file id: the Merkle root over the segment hashes. */
    public Hash fid() {
        return fid(segments.stream().map(Segment::hash).toList());
    }

    public static Hash fid(List<Hash> segmentHashes) {
        return Merkle.root(segmentHashes);
    }

    /** The file's own length: what the segments hold without cipher overhead. */
    public long size() {
        long n = 0;
        for (Segment s : segments) {
            n += plainLength(s);
        }
        return n;
    }

    public int plainLength(Segment s) {
        return encrypted ? plainLength(s.storedLength()) : s.storedLength();
    }

    /** Chunks of an encrypted segment of {@code plain} bytes: at least one, so that even no bytes carry a tag. */
    public static int cipherChunks(int plain) {
        return Math.max(1, (plain + CIPHER_CHUNK - 1) / CIPHER_CHUNK);
    }

    /** Stored length of an encrypted segment of {@code plain} bytes: nonce, then every chunk and its tag. */
    public static int sealedLength(int plain) {
        return CIPHER_NONCE + plain + CIPHER_TAG * cipherChunks(plain);
    }

    /** The inverse of {@link #sealedLength}; -1 if no plaintext length seals to {@code sealed} bytes. */
    public static int plainLength(int sealed) {
        int body = sealed - CIPHER_NONCE;
        if (body < CIPHER_TAG) {
            return -1;
        }
        int full = body / (CIPHER_CHUNK + CIPHER_TAG);
        int rest = body % (CIPHER_CHUNK + CIPHER_TAG);
        if (rest == 0) {
            return full * CIPHER_CHUNK;
        }
        if (rest < CIPHER_TAG || (rest == CIPHER_TAG && full > 0)) {
            return -1;
        }
        return full * CIPHER_CHUNK + rest - CIPHER_TAG;
    }

    /** The layout with fragment {@code fragment} of segment {@code segment} kept by {@code miner} instead. */
    public FileLayout withMiner(int segment, int fragment, Address miner) {
        List<Segment> segs = new ArrayList<>(segments);
        Segment seg = segs.get(segment);
        List<Fragment> frags = new ArrayList<>(seg.fragments());
        frags.set(fragment, new Fragment(frags.get(fragment).hash(), miner));
        segs.set(segment, new Segment(seg.hash(), seg.storedLength(), frags));
        return new FileLayout(segmentSize, k, m, encrypted, segs);
    }

    public int fragmentSize(Segment s) {
        return Segment.fragmentSize(s.storedLength(), k);
    }

    /** Checks shape: fragment counts, distinct miners per segment, segment lengths. */
    public Optional<String> shapeProblem() {
        if (segments.size() > MAX_SEGMENTS) {
            return Optional.of("a file has at most " + MAX_SEGMENTS + " segments");
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.fragments().size() != k + m) {
                return Optional.of("segment " + i + " has " + s.fragments().size() + " fragments, expected " + (k + m));
            }
            Set<Address> miners = new HashSet<>();
            for (Fragment f : s.fragments()) {
                if (!miners.add(f.miner())) {
                    return Optional.of("segment " + i + " places two fragments on miner " + f.miner());
                }
            }
            if (!s.hashMatchesFragments()) {
                return Optional.of("segment " + i + " has hash " + s.hash() + ", not the Merkle root of its fragment hashes");
            }
            int plain = plainLength(s);
            boolean last = i == segments.size() - 1;
            if (plain <= 0 || plain > segmentSize || (!last && plain != segmentSize)) {
                return Optional.of("segment " + i + " holds " + plain + " bytes; every segment but the last must hold "
                        + segmentSize + " and the last 1.." + segmentSize);
            }
        }
        return Optional.empty();
    }

    public void encode(Encoder e) {
        e.u32(segmentSize).u8(k).u8(m).u8(encrypted ? 1 : 0).u32(segments.size());
        for (Segment s : segments) {
            e.hash(s.hash()).u32(s.storedLength());
            for (Fragment f : s.fragments()) {
                e.hash(f.hash()).address(f.miner());
            }
        }
    }

    public static FileLayout decode(Decoder d) {
        int segmentSize = (int) d.u32();
        int k = d.u8();
        int m = d.u8();
        boolean encrypted = d.u8() == 1;
        long count = d.u32();
        if (count > MAX_SEGMENTS) {
            throw new IllegalArgumentException("layout lists " + count + " segments, more than " + MAX_SEGMENTS);
        }
        List<Segment> segments = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            Hash h = d.hash();
            int stored = (int) d.u32();
            List<Fragment> fragments = new ArrayList<>(k + m);
            for (int j = 0; j < k + m; j++) {
                fragments.add(new Fragment(d.hash(), d.address()));
            }
            segments.add(new Segment(h, stored, fragments));
        }
        return new FileLayout(segmentSize, k, m, encrypted, segments);
    }
}
