package cess.erasure;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the
 * field used by common storage Reed-Solomon codes. Addition is XOR; multiplication uses a full
 * 256×256 table so that the coding inner loop is one lookup per byte.
 */
final class Galois {
    private static final int POLYNOMIAL = 0x11D;
    static final byte[] EXP = new byte[512];
    static final int[] LOG = new int[256];
    /** MUL[a][b] = a·b; row {@code MUL[c]} is the "multiply by c" table of the inner loop. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (a == 0 || b == 0) ? 0 : EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private Galois() {
    }

    static int mul(int a, int b) {
        return MUL[a][b] & 0xFF;
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]] & 0xFF;
    }

    static int pow(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a] * n) % 255] & 0xFF;
    }
}
