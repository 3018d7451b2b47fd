package cess.erasure;

/**
 * A Reed-Solomon layout: {@code data} shards carry the content, {@code parity} shards protect
 * it; any {@code data} of the {@code data + parity} rebuild the rest. The network default is
 * 4+2; CESS mainnet's 4+8 works too.
 */
public record ErasureParams(int data, int parity) {
    public ErasureParams {
        if (data < 1 || parity < 0 || data + parity > 256) {
            throw new IllegalArgumentException("erasure layout needs 1 or more data shards, 0 or more parity shards,"
                    + " at most 256 in all; got " + data + "+" + parity);
        }
    }

    public int total() {
        return data + parity;
    }
}
