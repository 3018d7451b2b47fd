package cess.audit.model.idle;

import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A miner's answer to an idle-space challenge: per sample, in the sampler's order, the sampled
 * label, its predecessor and its parents (in {@link FillerLabels#parents} order), each with its
 * Merkle path to the unit's root. Label 0 opens only itself, label 1 itself and label 0.
 *
 * <p>Canonical encoding ({@link cess.shared.Encoder}): {@code hash challenge, u32 answers}, then per
 * answer {@code u64 unit, u32 index, u8 openings}, then per opening {@code hash label, u8 path
 * length, hashes}. About {@code samples × (d + 2) × 32 × (1 + log2 labels)} bytes; every count is
 * bounded on decoding by the parameters, so an oversized or truncated proof is refused before any
 * hashing.
 */
public record IdleProof(Hash challenge, List<Answer> answers) {
    /** Most hashes in one path (units of up to 2^32 labels). */
    public static final int MAX_PATH = 32;

    public IdleProof {
        if (challenge == null) {
            throw new IllegalArgumentException("a proof names its challenge");
        }
        answers = List.copyOf(answers);
    }

    /** One opened label and its path, bottom up. */
    public record Opening(Hash label, List<Hash> path) {
        public Opening {
            if (label == null) {
                throw new IllegalArgumentException("an opening has a label");
            }
            path = List.copyOf(path);
            if (path.size() > MAX_PATH) {
                throw new IllegalArgumentException("a path has at most " + MAX_PATH + " hashes, not " + path.size());
            }
        }
    }

    /** The answer to one sample: its position and its openings (the label, its predecessor, its parents). */
    public record Answer(long unit, int index, List<Opening> openings) {
        public Answer {
            if (unit < 0 || index < 0) {
                throw new IllegalArgumentException("an answer has a non-negative unit and index, not " + unit + "/" + index);
            }
            openings = List.copyOf(openings);
            if (openings.isEmpty() || openings.size() > IdleParams.MAX_PARENTS + 2) {
                throw new IllegalArgumentException("an answer opens 1.." + (IdleParams.MAX_PARENTS + 2) + " labels, not " + openings.size());
            }
        }
    }

    public byte[] encode() {
        Encoder e = new Encoder().hash(challenge).u32(answers.size());
        for (Answer a : answers) {
            e.u64(a.unit()).u32(a.index()).u8(a.openings().size());
            for (Opening o : a.openings()) {
                e.hash(o.label()).u8(o.path().size());
                o.path().forEach(e::hash);
            }
        }
        return e.toBytes();
    }

    /** The largest encoding a proof under {@code params} can have. */
    public static long maxEncodedBytes(IdleParams params) {
        long opening = Hash.LENGTH + 1 + (long) Hash.LENGTH * params.pathLength();
        return Hash.LENGTH + 4 + (long) params.samples() * (8 + 4 + 1 + params.openingsPerSample() * opening);
    }

    /**
     * Decodes a proof, refusing with {@link IllegalArgumentException} (saying what is wrong) one that
     * is longer than {@link #maxEncodedBytes}, truncated, carries more answers than samples, more
     * openings than a sample has, a path of another length than the units' or trailing bytes.
     */
    public static IdleProof decode(byte[] bytes, IdleParams params) {
        long max = maxEncodedBytes(params);
        if (bytes.length > max) {
            throw new IllegalArgumentException("an idle proof has at most " + max + " bytes, got " + bytes.length);
        }
        Decoder d = new Decoder(bytes);
        Hash challenge = d.hash();
        long count = d.u32();
        if (count > params.samples()) {
            throw new IllegalArgumentException("an idle proof carries at most " + params.samples() + " answers, got " + count);
        }
        List<Answer> answers = new ArrayList<>((int) count);
        for (long k = 0; k < count; k++) {
            long unit = d.u64();
            long index = d.u32();
            if (index >= params.labels()) {
                throw new IllegalArgumentException("answer " + k + ": label " + index + " is outside a unit of " + params.labels());
            }
            int openings = d.u8();
            if (openings < 1 || openings > params.openingsPerSample()) {
                throw new IllegalArgumentException("answer " + k + " opens 1.." + params.openingsPerSample() + " labels, not " + openings);
            }
            List<Opening> os = new ArrayList<>(openings);
            for (int j = 0; j < openings; j++) {
                Hash label = d.hash();
                int length = d.u8();
                if (length != params.pathLength()) {
                    throw new IllegalArgumentException("answer " + k + ", opening " + j + ": a path has " + params.pathLength()
                            + " hashes, not " + length);
                }
                List<Hash> path = new ArrayList<>(length);
                for (int h = 0; h < length; h++) {
                    path.add(d.hash());
                }
                os.add(new Opening(label, path));
            }
            answers.add(new Answer(unit, (int) index, os));
        }
        d.end();
        return new IdleProof(challenge, answers);
    }
}
