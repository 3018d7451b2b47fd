package cess.erasure;

/** Small dense matrices over GF(2^8): product, sub-rows, and inversion by Gauss-Jordan elimination. */
final class Matrix {
    private Matrix() {
    }

    /** rows × cols Vandermonde matrix: {@code v[r][c] = r^c}. Any {@code cols} of its rows are independent. */
    static int[][] vandermonde(int rows, int cols) {
        int[][] v = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r][c] = Galois.pow(r, c);
            }
        }
        return v;
    }

    static int[][] times(int[][] a, int[][] b) {
        int[][] out = new int[a.length][b[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < b[0].length; c++) {
                int v = 0;
                for (int i = 0; i < b.length; i++) {
                    v ^= Galois.mul(a[r][i], b[i][c]);
                }
                out[r][c] = v;
            }
        }
        return out;
    }

    static int[][] rows(int[][] m, int[] which) {
        int[][] out = new int[which.length][];
        for (int i = 0; i < which.length; i++) {
            out[i] = m[which[i]].clone();
        }
        return out;
    }

    /** @throws ArithmeticException if the matrix is singular */
    static int[][] invert(int[][] m) {
        int n = m.length;
        int[][] a = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(m[r], 0, a[r], 0, n);
            a[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            int[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            int inv = Galois.inverse(a[col][col]);
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] = Galois.mul(a[col][c], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    int f = a[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] ^= Galois.mul(f, a[col][c]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], n, out[r], 0, n);
        }
        return out;
    }
}
