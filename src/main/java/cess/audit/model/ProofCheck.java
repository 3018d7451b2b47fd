package cess.audit.model;

import cess.audit.model.Refusal.Reason;
import cess.shared.Address;
import cess.shared.ChunkTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verifier every validator runs on a service proof, from public data alone: the challenge
 * (with its drawn samples), the miner's holdings (roots and lengths from the files' layouts) and
 * the proof. No TEE and no party whose word is taken.
 *
 * <p>Verdicts: empty means <b>passed</b>; a {@link Refusal} whose {@link Refusal#failsProof()}
 * is true means <b>failed</b> (punish, close the challenge, order repair of the failed samples'
 * fragments); any other refusal means the transaction is <b>refused</b> and nothing changes
 * (see {@link Refusal} for why those must never punish). Checks run in this order, and every
 * refusal is decided before any hashing, so a proof that is both malformed and wrong is refused,
 * never failed: sender, challenge id, answered, deadline, size, sample count, then per entry the
 * drawn position and chunk, the chunk's length and the path's length, and last the hashes.
 *
 * <p><b>Void samples.</b> A sample whose position in the holdings no longer holds the root it
 * was drawn against (the file was deleted, or repair moved the fragment, since the challenge was
 * issued) is not checked: its entry must still name the drawn position and chunk, but its bytes
 * are ignored ({@link Prover} puts one zero byte). The miner is not expected to keep data it is
 * no longer paid for, so its absence is no evidence; it costs the challenge that sample's
 * strength. This is sound only while the miner itself cannot take a fragment out of its holdings
 * (only the file's owner deleting it, or repair moving it, may): a miner that could would void
 * exactly the samples it cannot answer. The storage module must keep it so.
 *
 * <p><b>Cost</b>, for 180 samples of 8 MiB fragments (8,192 chunks, 13 siblings): the proof is
 * 262,992 bytes ({@link ServiceProof}); verifying it costs 180 × (17 + 2 × 13) = 7,740 SHA-256
 * compressions (a leaf hashes 1 + 1,024 bytes, 17 blocks; a node 1 + 64 bytes, 2 blocks), about
 * 0.5 MB of hashing, and it stays so however much the miner holds: only the path's 13 grows, by
 * one per doubling of the fragment size, not of the miner's holdings. Besides, two
 * {@link Holdings} reads a sample; drawing the samples again is not needed (the challenge keeps
 * them).
 *
 * <p>Stateless; thread-safe.
 */
public final class ProofCheck {
    private ProofCheck() {
    }

    /**
     * Judges {@code proof} of {@code challenge}, sent by {@code sender} in the block at
     * {@code height}, against {@code holdings} as they stand in that block.
     *
     * @return empty if the proof passed; otherwise why it failed or was refused
     */
    public static Optional<Refusal> check(Challenge challenge, ServiceProof proof, Address sender, long height,
                                          Holdings holdings, AuditParams params) {
        Address miner = challenge.miner();
        if (!miner.equals(sender)) {
            return refuse(Reason.NOT_CHALLENGED, sender + " sent a proof for challenge " + challenge.id() + ", which asks "
                    + miner);
        }
        if (proof.challengeId() != challenge.id()) {
            return refuse(Reason.WRONG_CHALLENGE, "the proof answers challenge " + proof.challengeId() + ", not challenge "
                    + challenge.id());
        }
        if (challenge.answered()) {
            return refuse(Reason.ALREADY_ANSWERED, "challenge " + challenge.id() + " was already answered");
        }
        if (challenge.expiredAt(height)) {
            return refuse(Reason.LATE, "challenge " + challenge.id() + " closed at block " + challenge.deadlineHeight()
                    + "; this is block " + height);
        }
        int size = proof.encodedSize();
        if (size > params.maxProofBytes()) {
            return refuse(Reason.TOO_LARGE, "the proof has " + size + " bytes, more than the " + params.maxProofBytes()
                    + " allowed");
        }
        List<Sample> samples = challenge.samples();
        List<ServiceProof.Entry> entries = proof.entries();
        if (entries.size() != samples.size()) {
            return refuse(Reason.WRONG_SAMPLE_COUNT, "challenge " + challenge.id() + " drew " + samples.size()
                    + " samples; the proof answers " + entries.size());
        }
        Holding[] held = new Holding[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            ServiceProof.Entry e = entries.get(i);
            if (e.seq() != s.seq() || e.chunk() != s.chunk()) {
                return refuse(Reason.WRONG_SAMPLE, "sample " + i + " is chunk " + s.chunk() + " of fragment " + s.seq()
                        + "; the proof answers chunk " + e.chunk() + " of fragment " + e.seq(), i);
            }
            Holding h = current(holdings, miner, s);
            if (h == null) {
                continue;
            }
            int want = ChunkTree.chunkLength(h.length(), s.chunk());
            if (e.data().length != want) {
                return refuse(Reason.BAD_CHUNK_LENGTH, "sample " + i + ": chunk " + s.chunk() + " of fragment " + s.seq()
                        + " has " + want + " bytes; the proof gives " + e.data().length, i);
            }
            int levels = pathLength(h.length(), s.chunk());
            if (e.siblings().size() != levels) {
                return refuse(Reason.BAD_PATH_LENGTH, "sample " + i + ": chunk " + s.chunk() + " of fragment " + s.seq()
                        + " has a path of " + levels + " siblings; the proof gives " + e.siblings().size(), i);
            }
            held[i] = h;
        }
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ServiceProof.Entry e = entries.get(i);
            if (held[i] != null && !ChunkTree.verify(held[i].root(), held[i].length(), e.chunk(), e.data(), e.siblings())) {
                failed.add(i);
            }
        }
        if (!failed.isEmpty()) {
            int first = failed.get(0);
            return Optional.of(new Refusal(Reason.BAD_PATH, failed.size() + " of " + samples.size()
                    + " samples do not hash to their fragment's root, the first sample " + first + " (chunk "
                    + samples.get(first).chunk() + " of fragment " + samples.get(first).seq() + ")", failed));
        }
        return Optional.empty();
    }

    /** The indexes of {@code challenge}'s samples that are void in {@code holdings} (see above). */
    public static List<Integer> voidSamples(Challenge challenge, Holdings holdings) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < challenge.samples().size(); i++) {
            if (current(holdings, challenge.miner(), challenge.samples().get(i)) == null) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The siblings a path to chunk {@code index} of a string of {@code length} bytes has: one per
     * level where the node is not the odd one out at the end ({@link ChunkTree}'s shape).
     */
    public static int pathLength(long length, long index) {
        long width = ChunkTree.chunks(length);
        ChunkTree.chunkLength(length, index);
        long pos = index;
        int n = 0;
        while (width > 1) {
            if ((pos & 1) == 1 || pos + 1 < width) {
                n++;
            }
            pos >>= 1;
            width = (width + 1) >> 1;
        }
        return n;
    }

    /** The holding a sample still refers to, or null if it is void. */
    private static Holding current(Holdings holdings, Address miner, Sample s) {
        if (s.seq() >= holdings.count(miner)) {
            return null;
        }
        Holding h = holdings.at(miner, s.seq());
        return h.root().equals(s.root()) && s.chunk() < h.chunks() ? h : null;
    }

    private static Optional<Refusal> refuse(Reason reason, String message) {
        return Optional.of(new Refusal(reason, message, List.of()));
    }

    private static Optional<Refusal> refuse(Reason reason, String message, int sample) {
        return Optional.of(new Refusal(reason, message, List.of(sample)));
    }
}
