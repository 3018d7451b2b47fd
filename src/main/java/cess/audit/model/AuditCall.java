package cess.audit.model;

import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit module's transactions: a miner's answers to challenges, the roots of the filler it
 * generated, and a gateway's report of a corrupt read.
 */
public sealed interface AuditCall extends Call {
    int SUBMIT_PROOF = 0;
    int COMMIT_FILLER = 1;
    int SUBMIT_IDLE_PROOF = 2;
    int REPORT_CORRUPT = 3;

    @Override
    default int module() {
        return Audit.INDEX;
    }

    /**
     * Reads a call body. A proof is bounded here only by what any genesis allows (at most
     * {@link AuditParams#MAX_SAMPLES} samples, a transaction's size), a commitment by
     * {@link IdleAuditParams#MAX_ROOTS}; the chain's own bounds are checked when the call is applied.
     */
    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case SUBMIT_PROOF -> new SubmitProof(ServiceProof.decode(d, AuditParams.MAX_SAMPLES,
                    SignedTransaction.MAX_ENCODED_BYTES));
            case COMMIT_FILLER -> CommitFiller.decode(d);
            case SUBMIT_IDLE_PROOF -> new SubmitIdleProof(d.u64(), d.bytes(SignedTransaction.MAX_ENCODED_BYTES));
            case REPORT_CORRUPT -> ReportCorrupt.decode(d);
            default -> throw new IllegalArgumentException("audit has no call " + tag);
        };
    }

    /** The challenged miner's service proof: the sampled chunks with their paths. */
    record SubmitProof(ServiceProof proof) implements AuditCall {
        public int index() { return SUBMIT_PROOF; }
        public String type() { return "submit_proof"; }
        public void encodeBody(Encoder e) { proof.encode(e); }
    }

    /**
     * A miner's commitment to filler units {@code firstUnit .. firstUnit + roots.size() − 1}: the
     * root of each ({@link cess.audit.model.idle.FillerCommitment}). Encoded {@code u64 firstUnit,
     * u32 n, n hashes}.
     */
    record CommitFiller(long firstUnit, List<Hash> roots) implements AuditCall {
        public CommitFiller {
            if (firstUnit < 0 || roots == null) {
                throw new IllegalArgumentException("a filler commitment has a non-negative first unit and its roots");
            }
            roots = List.copyOf(roots);
            if (roots.size() > IdleAuditParams.MAX_ROOTS) {
                throw new IllegalArgumentException("a filler commitment carries at most " + IdleAuditParams.MAX_ROOTS
                        + " roots, not " + roots.size());
            }
        }

        public int index() { return COMMIT_FILLER; }
        public String type() { return "commit_filler"; }

        public void encodeBody(Encoder e) {
            e.u64(firstUnit).u32(roots.size());
            roots.forEach(e::hash);
        }

        static CommitFiller decode(Decoder d) {
            long first = d.u64();
            long n = d.u32();
            if (n > IdleAuditParams.MAX_ROOTS) {
                throw new IllegalArgumentException("a filler commitment carries at most " + IdleAuditParams.MAX_ROOTS
                        + " roots, not " + n);
            }
            List<Hash> roots = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                roots.add(d.hash());
            }
            return new CommitFiller(first, roots);
        }
    }

    /**
     * The answer to idle challenge {@code challenge}: an encoded {@link cess.audit.model.idle.IdleProof},
     * decoded and checked under the chain's parameters when the call is applied. Encoded
     * {@code u64 challenge, bytes proof}.
     */
    record SubmitIdleProof(long challenge, byte[] proof) implements AuditCall {
        public SubmitIdleProof {
            if (challenge < 0 || proof == null) {
                throw new IllegalArgumentException("an idle proof names a challenge and carries bytes");
            }
            proof = proof.clone();
        }

        @Override
        public byte[] proof() {
            return proof.clone();
        }

        public int index() { return SUBMIT_IDLE_PROOF; }
        public String type() { return "submit_idle_proof"; }
        public void encodeBody(Encoder e) { e.u64(challenge).bytes(proof); }

        @Override
        public boolean equals(Object o) {
            return o instanceof SubmitIdleProof s && s.challenge == challenge && java.util.Arrays.equals(s.proof, proof);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(challenge) * 31 + java.util.Arrays.hashCode(proof);
        }

        @Override
        public String toString() {
            return "SubmitIdleProof[challenge=" + challenge + ", " + proof.length + " bytes]";
        }
    }

    /**
     * A gateway's report that fragment {@code fragment} of segment {@code segment} of {@code fid},
     * read from {@code miner}, does not match its commitment; {@code suspects} are the chunks it
     * found wrong (when it could rebuild the fragment and compare), at most
     * {@link CorruptReport#MAX_SUSPECTS}. The chain checks it with a targeted challenge
     * ({@link ReportRules}). Encoded {@code miner, fid, u32 segment, u32 fragment, u32 n, n × u64}.
     */
    record ReportCorrupt(cess.shared.Address miner, Hash fid, int segment, int fragment, List<Long> suspects)
            implements AuditCall {
        public ReportCorrupt {
            if (miner == null || fid == null || suspects == null || segment < 0 || fragment < 0) {
                throw new IllegalArgumentException("a report names a miner, a file, a segment and a fragment");
            }
            suspects = List.copyOf(suspects);
            if (suspects.size() > CorruptReport.MAX_SUSPECTS) {
                throw new IllegalArgumentException("a report names at most " + CorruptReport.MAX_SUSPECTS
                        + " suspect chunks, not " + suspects.size());
            }
            for (long c : suspects) {
                if (c < 0) {
                    throw new IllegalArgumentException("a chunk index is not negative, got " + c);
                }
            }
        }

        public int index() { return REPORT_CORRUPT; }
        public String type() { return "report_corrupt"; }

        public void encodeBody(Encoder e) {
            e.address(miner).hash(fid).u32(segment).u32(fragment).u32(suspects.size());
            suspects.forEach(e::u64);
        }

        static ReportCorrupt decode(Decoder d) {
            cess.shared.Address miner = d.address();
            Hash fid = d.hash();
            long segment = d.u32();
            long fragment = d.u32();
            long n = d.u32();
            if (segment > Integer.MAX_VALUE || fragment > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("segment or fragment index out of range");
            }
            if (n > CorruptReport.MAX_SUSPECTS) {
                throw new IllegalArgumentException("a report names at most " + CorruptReport.MAX_SUSPECTS
                        + " suspect chunks, not " + n);
            }
            List<Long> suspects = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                suspects.add(d.u64());
            }
            return new ReportCorrupt(miner, fid, (int) segment, (int) fragment, suspects);
        }
    }
}
