package cess.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians and formatting shared by the benchmarks. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String runs(List<Double> values) {
        return Arrays.toString(values.stream().map(Stats::f1).toArray());
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
