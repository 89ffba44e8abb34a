package io.cicdmanager.analysis;

import java.util.Map;

/**
 * How much one raw counter series rose in each step of a window: the labels that tell it apart ({@code pod},
 * {@code le} for a histogram bucket, a status code…) and one increase per step, oldest first.
 */
public record SeriesIncreases(Map<String, String> labels, double[] increases) {
    public SeriesIncreases {
        labels = Map.copyOf(labels);
        increases = increases.clone();
    }

    @Override
    public double[] increases() {
        return increases.clone();
    }

    /** The increase over the whole window. */
    public double total() {
        double sum = 0;
        for (double v : increases) {
            sum += v;
        }
        return sum;
    }

    /** The increase in step {@code i}. */
    public double step(int i) {
        return increases[i];
    }
}
