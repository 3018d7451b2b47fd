package cess.audit.model;

import cess.shared.ChunkTree;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A miner's answer to a service challenge: for each drawn sample, in the challenge's order, the
 * sample's position and chunk index, the chunk's bytes and its {@link ChunkTree} siblings bottom
 * up. Immutable (chunks are copied in and out).
 *
 * <p>Canonical encoding: {@code u64 challengeId, u32 n}, then per entry {@code u64 seq, u64 chunk,
 * u32 length, the chunk, u8 siblings, 32 bytes each}. An entry costs {@code 21 + chunk + 32 ×
 * siblings} bytes ({@link #encodedSize}): an 8 MiB fragment has 8,192 chunks, a tree 13 levels
 * deep, so {@code 21 + 1,024 + 13 × 32} = <b>1,461 bytes a sample</b> (1,440 of them the chunk and
 * its path); 180 samples make <b>262,992 bytes a proof</b> (257 KiB), one per miner per period.
 * Most of it is the chunk: the chunk size is {@link ChunkTree}'s protocol constant. Decoding
 * refuses more samples than the parameters allow, chunks of no byte or more than 1 KiB, more
 * than {@value #MAX_SIBLINGS} siblings, and anything above {@link AuditParams#maxProofBytes}.
 */
public record ServiceProof(long challengeId, List<Entry> entries) {
    /** The deepest path: a tree over at most 2^64 chunks. */
    public static final int MAX_SIBLINGS = 64;
    /** Bytes of {@code challengeId} and the entry count. */
    public static final int HEADER_BYTES = 12;
    /** Bytes of an entry besides its chunk and siblings: seq, chunk index, chunk length, sibling count. */
    public static final int ENTRY_OVERHEAD = 21;

    public ServiceProof {
        if (challengeId < 0) {
            throw new IllegalArgumentException("challenge id must not be negative, got " + challengeId);
        }
        if (entries == null || entries.size() > AuditParams.MAX_SAMPLES) {
            throw new IllegalArgumentException("a proof carries at most " + AuditParams.MAX_SAMPLES + " samples, got "
                    + (entries == null ? "none" : entries.size()));
        }
        entries = List.copyOf(entries);
    }

    /**
     * One sample's answer.
     *
     * @param seq      the position in the miner's holdings
     * @param chunk    the chunk's index in that fragment
     * @param data     the chunk's bytes, 1..{@value ChunkTree#CHUNK}
     * @param siblings its path, bottom up, at most {@value #MAX_SIBLINGS}
     */
    public record Entry(long seq, long chunk, byte[] data, List<Hash> siblings) {
        public Entry {
            if (seq < 0 || chunk < 0) {
                throw new IllegalArgumentException("sample position and chunk index must not be negative, got " + seq + "/" + chunk);
            }
            if (data == null || data.length < 1 || data.length > ChunkTree.CHUNK) {
                throw new IllegalArgumentException("a chunk has 1.." + ChunkTree.CHUNK + " bytes, got "
                        + (data == null ? "none" : data.length));
            }
            if (siblings == null || siblings.size() > MAX_SIBLINGS) {
                throw new IllegalArgumentException("a path has at most " + MAX_SIBLINGS + " siblings, got "
                        + (siblings == null ? "none" : siblings.size()));
            }
            data = data.clone();
            siblings = List.copyOf(siblings);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Its encoded size. */
        public int encodedSize() {
            return ENTRY_OVERHEAD + data.length + siblings.size() * Hash.LENGTH;
        }

        void encode(Encoder e) {
            e.u64(seq).u64(chunk).bytes(data).u8(siblings.size());
            siblings.forEach(e::hash);
        }

        static Entry decode(Decoder d) {
            long seq = d.u64();
            long chunk = d.u64();
            byte[] data = d.bytes(ChunkTree.CHUNK);
            int n = d.u8();
            if (n > MAX_SIBLINGS) {
                throw new IllegalArgumentException("a path has at most " + MAX_SIBLINGS + " siblings, got " + n);
            }
            List<Hash> siblings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                siblings.add(d.hash());
            }
            return new Entry(seq, chunk, data, siblings);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && seq == e.seq && chunk == e.chunk && Arrays.equals(data, e.data)
                    && siblings.equals(e.siblings);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Long.hashCode(seq) + Long.hashCode(chunk)) + Arrays.hashCode(data)) + siblings.hashCode();
        }

        @Override
        public String toString() {
            return "Entry[seq=" + seq + ", chunk=" + chunk + ", " + data.length + " bytes, " + siblings.size() + " siblings]";
        }
    }

    /** The encoded size of a proof of {@code samples} full chunks with {@code siblings} each. */
    public static int encodedSize(int samples, int siblings) {
        return Math.toIntExact(HEADER_BYTES + (long) samples * (ENTRY_OVERHEAD + ChunkTree.CHUNK + (long) siblings * Hash.LENGTH));
    }

    /** This proof's encoded size. */
    public int encodedSize() {
        int size = HEADER_BYTES;
        for (Entry e : entries) {
            size += e.encodedSize();
        }
        return size;
    }

    public byte[] encode() {
        Encoder e = new Encoder();
        encode(e);
        return e.toBytes();
    }

    public void encode(Encoder e) {
        e.u64(challengeId).u32(entries.size());
        entries.forEach(x -> x.encode(e));
    }

    /**
     * Decodes a whole proof, nothing left over.
     *
     * @throws IllegalArgumentException saying what is wrong: too long, too many samples, a chunk
     *     or path out of bounds, truncated, trailing bytes
     */
    public static ServiceProof decode(byte[] bytes, AuditParams p) {
        if (bytes.length > p.maxProofBytes()) {
            throw new IllegalArgumentException("a service proof has at most " + p.maxProofBytes() + " bytes, got " + bytes.length);
        }
        Decoder d = new Decoder(bytes);
        ServiceProof proof = decode(d, p);
        d.end();
        return proof;
    }

    /** Decodes a proof from inside a larger encoding (a call), with the same bounds. */
    public static ServiceProof decode(Decoder d, AuditParams p) {
        return decode(d, p.samples(), p.maxProofBytes());
    }

    /**
     * Decodes a proof of at most {@code maxSamples} samples and {@code maxBytes} bytes: a call
     * body is read before any parameters are known, under the bounds every genesis keeps.
     */
    public static ServiceProof decode(Decoder d, int maxSamples, int maxBytes) {
        long id = d.u64();
        long n = d.u32();
        if (n > maxSamples) {
            throw new IllegalArgumentException("a service proof carries at most " + maxSamples + " samples, got " + n);
        }
        List<Entry> entries = new ArrayList<>((int) n);
        long size = HEADER_BYTES;
        for (int i = 0; i < n; i++) {
            Entry e = Entry.decode(d);
            size += e.encodedSize();
            if (size > maxBytes) {
                throw new IllegalArgumentException("a service proof has at most " + maxBytes + " bytes; sample " + i
                        + " takes it to " + size);
            }
            entries.add(e);
        }
        return new ServiceProof(id, entries);
    }
}
