package cess.gateway.model;

import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A fragment a read found not matching its commitment: which one, on which miner, and the chunks
 * that differ from the fragment rebuilt from the others (when the read rebuilt it), which the
 * chain's targeted challenge samples first. What a gateway reports ({@code report_corrupt}).
 * Immutable.
 *
 * @param fid      the file
 * @param segment  the segment's index in the file
 * @param fragment the fragment's index in the segment
 * @param miner    the miner the layout places it on
 * @param suspects chunk indexes found wrong, at most {@link #MAX_SUSPECTS}, possibly none
 */
public record CorruptRead(Hash fid, int segment, int fragment, Address miner, List<Long> suspects) {
    /** As many as a report carries. */
    public static final int MAX_SUSPECTS = cess.audit.model.CorruptReport.MAX_SUSPECTS;

    public CorruptRead {
        if (fid == null || miner == null || suspects == null || segment < 0 || fragment < 0) {
            throw new IllegalArgumentException("a corrupt read names a file, a segment, a fragment and its miner");
        }
        suspects = List.copyOf(suspects.subList(0, Math.min(MAX_SUSPECTS, suspects.size())));
    }

    /** What identifies the fragment, for deduplication: {@code fid:segment:fragment}. */
    public String key() {
        return fid.hex() + ":" + segment + ":" + fragment;
    }

    /**
     * The indexes of the {@link ChunkTree#CHUNK}-byte chunks in which the first {@code length}
     * bytes of {@code read} and {@code rebuilt} differ, the first {@code max} of them. Both arrays
     * may be longer (pooled). This is the inner loop of a report: it compares at most one
     * fragment, once, after a read found it corrupt.
     */
    public static List<Long> differingChunks(byte[] read, byte[] rebuilt, int length, int max) {
        if (read.length < length || rebuilt.length < length || length < 0 || max < 0) {
            throw new IllegalArgumentException("both arrays must hold the " + length + " bytes compared");
        }
        List<Long> out = new ArrayList<>();
        for (int from = 0; from < length && out.size() < max; from += ChunkTree.CHUNK) {
            int to = Math.min(length, from + ChunkTree.CHUNK);
            if (java.util.Arrays.mismatch(read, from, to, rebuilt, from, to) >= 0) {
                out.add((long) (from / ChunkTree.CHUNK));
            }
        }
        return out;
    }
}
