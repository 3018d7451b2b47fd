package cess.erasure;

import java.util.ArrayList;
import java.util.List;

/**
 * Systematic Reed-Solomon over GF(2^8). The coding matrix is a (k+m)×k Vandermonde matrix
 * multiplied by the inverse of its top k×k block, so the first k rows are the identity (data
 * shards are stored as they are) and any k rows are linearly independent (any k shards suffice).
 * Immutable and thread-safe.
 */
public final class ReedSolomon {
    private final ErasureParams params;
    /** (k+m)×k; rows k.. are the parity rows. */
    private final int[][] matrix;

    public ReedSolomon(ErasureParams params) {
        this.params = params;
        int[][] v = Matrix.vandermonde(params.total(), params.data());
        int[] top = new int[params.data()];
        for (int i = 0; i < top.length; i++) {
            top[i] = i;
        }
        this.matrix = Matrix.times(v, Matrix.invert(Matrix.rows(v, top)));
    }

    public ErasureParams params() {
        return params;
    }

    /**
     * Computes the parity shards from the data shards: {@code shards[0..k)} are read and
     * {@code shards[k..k+m)} written, over bytes {@code [offset, offset+length)} of each.
     */
    public void encode(byte[][] shards, int offset, int length) {
        checkShape(shards, offset, length);
        int k = params.data();
        int m = params.parity();
        int[][] rows = new int[m][];
        byte[][] outs = new byte[m][];
        for (int p = 0; p < m; p++) {
            rows[p] = matrix[k + p];
            outs[p] = shards[k + p];
        }
        code(rows, shards, outs, offset, length);
    }

    /**
     * Rebuilds every missing shard from any k present ones, in place.
     *
     * @param present which shards hold valid bytes; missing ones are overwritten
     * @throws IllegalArgumentException if fewer than k shards are present
     */
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        checkShape(shards, offset, length);
        if (present.length != params.total()) {
            throw new IllegalArgumentException("present[] must have " + params.total() + " entries");
        }
        int k = params.data();
        int[] use = new int[k];
        int found = 0;
        for (int i = 0; i < present.length && found < k; i++) {
            if (present[i]) {
                use[found++] = i;
            }
        }
        if (found < k) {
            throw new IllegalArgumentException("need " + k + " of " + params.total() + " shards, only " + found + " present");
        }
        boolean dataMissing = false;
        for (int i = 0; i < k; i++) {
            dataMissing |= !present[i];
        }
        if (dataMissing) {
            // Rows `use` of the coding matrix map data to the shards we hold; its inverse maps back.
            int[][] decode = Matrix.invert(Matrix.rows(matrix, use));
            byte[][] inputs = new byte[k][];
            for (int i = 0; i < k; i++) {
                inputs[i] = shards[use[i]];
            }
            List<int[]> rows = new ArrayList<>();
            List<byte[]> outs = new ArrayList<>();
            for (int d = 0; d < k; d++) {
                if (!present[d]) {
                    rows.add(decode[d]);
                    outs.add(shards[d]);
                }
            }
            code(rows.toArray(new int[0][]), inputs, outs.toArray(new byte[0][]), offset, length);
        }
        List<int[]> rows = new ArrayList<>();
        List<byte[]> outs = new ArrayList<>();
        for (int p = k; p < params.total(); p++) {
            if (!present[p]) {
                rows.add(matrix[p]);
                outs.add(shards[p]);
            }
        }
        if (!rows.isEmpty()) {
            code(rows.toArray(new int[0][]), shards, outs.toArray(new byte[0][]), offset, length);
        }
    }

    /**
     * Bytes coded at a time: every output row is computed over one block while the block of each
     * input is still in cache, instead of streaming every input once per output row.
     */
    private static final int BLOCK = 16 * 1024;

    /** outs[r] = Σ rows[r][i] · inputs[i] over the byte range, for every row. This is the inner loop: it must be fast. */
    private static void code(int[][] rows, byte[][] inputs, byte[][] outs, int offset, int length) {
        int end = offset + length;
        for (int from = offset; from < end; from += BLOCK) {
            int to = Math.min(end, from + BLOCK);
            for (int r = 0; r < rows.length; r++) {
                codeBlock(rows[r], inputs, outs[r], from, to);
            }
        }
    }

    private static void codeBlock(int[] coefficients, byte[][] inputs, byte[] out, int from, int to) {
        byte[] first = Galois.MUL[coefficients[0]];
        byte[] in0 = inputs[0];
        for (int b = from; b < to; b++) {
            out[b] = first[in0[b] & 0xFF];
        }
        for (int i = 1; i < coefficients.length; i++) {
            byte[] table = Galois.MUL[coefficients[i]];
            byte[] in = inputs[i];
            for (int b = from; b < to; b++) {
                out[b] ^= table[in[b] & 0xFF];
            }
        }
    }

    private void checkShape(byte[][] shards, int offset, int length) {
        if (shards.length != params.total()) {
            throw new IllegalArgumentException("expected " + params.total() + " shards, got " + shards.length);
        }
        for (byte[] s : shards) {
            if (s == null || offset < 0 || length < 0 || s.length < offset + length) {
                throw new IllegalArgumentException("every shard must hold bytes [" + offset + ", " + (offset + length) + ")");
            }
        }
    }
}
