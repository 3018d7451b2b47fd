package cess.bench;

import cess.audit.model.idle.FillerLabels;
import cess.audit.model.idle.IdleParams;
import cess.shared.Hash;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How deep a unit's label graph stays when a cheater removes every k-th label (keeps it, or
 * commits a free wrong value there): the longest chain of labels that must be computed one after
 * the other to reach a label, as a fraction of the unit. That is the time a cheater with any
 * number of cores needs, in label-hash times. The node's DRSample-style parents against uniform
 * parents (the first design, kept here only as the comparison) at the same in-degree.
 */
final class IdleDepth {
    private IdleDepth() {
    }

    /** The parents of every label ({@code d} per label, none for 0 and 1), as the node draws them. */
    static int[] drsample(int labels, int d) {
        IdleParams p = new IdleParams(labels * FillerLabels.LABEL, d, 1, 1);
        FillerLabels fl = new FillerLabels(p);
        fl.startUnit(Hash.sha256("bench depth".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        int[] out = new int[labels * d];
        int[] one = new int[d];
        for (int i = 2; i < labels; i++) {
            fl.parentsInto(i, one);
            System.arraycopy(one, 0, out, i * d, d);
        }
        return out;
    }

    /** Uniform parents in {@code 0 .. i − 2}, the comparison. */
    static int[] uniform(int labels, int d) {
        SplittableRandom r = new SplittableRandom(42);
        int[] out = new int[labels * d];
        for (int i = 2; i < labels; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = r.nextInt(i - 1);
            }
        }
        return out;
    }

    /** Depth of every label when every {@code k}-th is free (depth 0), {@code k = 0}: none is. */
    static int[] depths(int[] parents, int labels, int d, int k) {
        int[] depth = new int[labels];
        for (int i = 0; i < labels; i++) {
            if (k > 0 && i % k == 0) {
                continue;
            }
            int m = i > 0 ? depth[i - 1] : 0;
            for (int j = 0; i >= 2 && j < d; j++) {
                m = Math.max(m, depth[parents[i * d + j]]);
            }
            depth[i] = m + 1;
        }
        return depth;
    }

    /** The table: for each graph, the deepest label and the median sampled label, as fractions of the unit. */
    static String table(int labels, int[] ds, int[] ks) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "depth left when every k-th label is free, unit of %,d labels: deepest label / median of 201 sampled labels, as a fraction of the unit%n", labels));
        out.append(String.format(Locale.ROOT, "%-14s", "parents"));
        for (int k : ks) {
            out.append(String.format(Locale.ROOT, " %15s", "k=" + k + " (" + pct(1.0 / k) + ")"));
        }
        out.append('\n');
        for (int pass = 0; pass < 2; pass++) {
            for (int d : ds) {
                if (pass == 1 && d != 5) {
                    continue;
                }
                int[] parents = pass == 0 ? drsample(labels, d) : uniform(labels, d);
                out.append(String.format(Locale.ROOT, "%-14s", (pass == 0 ? "DRSample d=" : "uniform d=") + d));
                for (int k : ks) {
                    int[] depth = depths(parents, labels, d, k);
                    int max = Arrays.stream(depth).max().orElse(0);
                    SplittableRandom r = new SplittableRandom(7);
                    int[] sampled = new int[201];
                    for (int s = 0; s < sampled.length; s++) {
                        sampled[s] = depth[r.nextInt(labels)];
                    }
                    Arrays.sort(sampled);
                    out.append(String.format(Locale.ROOT, " %7.3f / %5.3f", max / (double) labels, sampled[100] / (double) labels));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
