package cess.bench;

import cess.erasure.ErasureParams;
import cess.erasure.ReedSolomon;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;

/**
 * Our Reed-Solomon coder against Hadoop's pure-Java RSRawEncoder/RSRawDecoder on the same data:
 * k+m with fragments of one 32 MiB segment (8 MiB for k = 4). Encoding computes the m parity
 * fragments; decoding rebuilds m lost data fragments (the worst case: every lost fragment needs
 * the full inverse). Runs alternate between the coders; each run codes {@code SEGMENTS}
 * segments; the figure is data bytes per second (MB/s, 10^6), median of the runs.
 *
 * <p>Usage: {@code ErasureBench [k] [m] [runs]}, defaults 4 2 7.
 */
public final class ErasureBench {
    static final int SEGMENT = 32 << 20;
    static final int SEGMENTS = 4;

    interface Coder {
        void encode(byte[][] data, byte[][] parity) throws Exception;

        /** Rebuilds {@code erased} data fragments from the others and the parity into {@code out}. */
        void decode(byte[][] all, int[] erased, byte[][] out) throws Exception;
    }

    static final class Ours implements Coder {
        private final ReedSolomon rs;
        private final int k;
        private final int m;

        Ours(int k, int m) {
            this.rs = new ReedSolomon(new ErasureParams(k, m));
            this.k = k;
            this.m = m;
        }

        @Override
        public void encode(byte[][] data, byte[][] parity) {
            byte[][] shards = new byte[k + m][];
            System.arraycopy(data, 0, shards, 0, k);
            System.arraycopy(parity, 0, shards, k, m);
            rs.encode(shards, 0, data[0].length);
        }

        @Override
        public void decode(byte[][] all, int[] erased, byte[][] out) {
            byte[][] shards = all.clone();
            boolean[] present = new boolean[k + m];
            Arrays.fill(present, true);
            for (int i = 0; i < erased.length; i++) {
                present[erased[i]] = false;
                shards[erased[i]] = out[i];
            }
            rs.reconstruct(shards, present, 0, all[k].length);
        }
    }

    static final class Hadoop implements Coder {
        private final RSRawEncoder encoder;
        private final RSRawDecoder decoder;

        Hadoop(int k, int m) {
            ErasureCoderOptions options = new ErasureCoderOptions(k, m);
            encoder = new RSRawEncoder(options);
            decoder = new RSRawDecoder(options);
        }

        @Override
        public void encode(byte[][] data, byte[][] parity) throws Exception {
            encoder.encode(data, parity);
        }

        @Override
        public void decode(byte[][] all, int[] erased, byte[][] out) throws Exception {
            byte[][] inputs = all.clone();
            for (int e : erased) {
                inputs[e] = null;
            }
            decoder.decode(inputs, erased, out);
        }
    }

    public static void main(String[] args) throws Exception {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int size = SEGMENT / k;
        Random random = new Random(42);
        byte[][][] data = new byte[SEGMENTS][k][size];
        for (byte[][] segment : data) {
            for (byte[] f : segment) {
                random.nextBytes(f);
            }
        }
        int[] erased = new int[Math.min(m, k)];
        for (int i = 0; i < erased.length; i++) {
            erased[i] = i;
        }
        Coder[] coders = {new Ours(k, m), new Hadoop(k, m)};
        String[] names = {"ours", "hadoop"};
        // Each coder must rebuild what it encoded: the check that the timed work is the real work.
        for (int c = 0; c < coders.length; c++) {
            check(coders[c], names[c], data[0], k, m, erased);
        }
        List<List<Double>> enc = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> dec = List.of(new ArrayList<>(), new ArrayList<>());
        byte[][][] parity = new byte[SEGMENTS][m][size];
        byte[][] out = new byte[erased.length][size];
        for (int run = -2; run < runs; run++) { // two warm-up rounds
            for (int c = 0; c < coders.length; c++) {
                long t0 = System.nanoTime();
                for (int s = 0; s < SEGMENTS; s++) {
                    coders[c].encode(data[s], parity[s]);
                }
                long t1 = System.nanoTime();
                for (int s = 0; s < SEGMENTS; s++) {
                    coders[c].decode(concat(data[s], parity[s]), erased, out);
                }
                long t2 = System.nanoTime();
                if (run >= 0) {
                    enc.get(c).add(mbps((long) SEGMENTS * SEGMENT, t1 - t0));
                    dec.get(c).add(mbps((long) SEGMENTS * SEGMENT, t2 - t1));
                }
            }
        }
        System.out.printf("Reed-Solomon %d+%d, %d MiB fragments, %d runs of %d segments (MB/s of data, median):%n",
                k, m, size >> 20, runs, SEGMENTS);
        for (int c = 0; c < coders.length; c++) {
            System.out.printf("  %-6s encode %8s  decode (%d data lost) %8s   runs %s / %s%n", names[c],
                    Stats.f1(Stats.median(enc.get(c))), erased.length, Stats.f1(Stats.median(dec.get(c))),
                    Stats.runs(enc.get(c)), Stats.runs(dec.get(c)));
        }
        System.out.printf("  ratio ours/hadoop: encode %s×, decode %s×%n",
                Stats.f2(Stats.median(enc.get(0)) / Stats.median(enc.get(1))),
                Stats.f2(Stats.median(dec.get(0)) / Stats.median(dec.get(1))));
    }

    private static void check(Coder coder, String name, byte[][] data, int k, int m, int[] erased) throws Exception {
        byte[][] parity = new byte[m][data[0].length];
        coder.encode(data, parity);
        byte[][] out = new byte[erased.length][data[0].length];
        coder.decode(concat(data, parity), erased, out);
        for (int i = 0; i < erased.length; i++) {
            if (!Arrays.equals(out[i], data[erased[i]])) {
                throw new IllegalStateException(name + " did not rebuild data fragment " + erased[i]);
            }
        }
    }

    private static byte[][] concat(byte[][] a, byte[][] b) {
        byte[][] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double mbps(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }
}
