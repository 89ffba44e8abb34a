package io.cicdmanager.analysis.judge;

import java.util.Locale;

/**
 * The seed pipeline's relative latency rule, "P95 of the canary at most 3 × the stable's", on the two tracks'
 * histograms over the same window, with the quantile computed as Prometheus' {@code histogram_quantile} does. A
 * plain comparison, not a test: it has no error bound, and the sequential judge on slow-request counts is the
 * sounder way to judge latency; this rule is for policies that ask for exactly the seed's behaviour.
 */
public record QuantileRatioRule(double quantile, double maxRatio) {

    public QuantileRatioRule {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, got " + quantile);
        }
        if (!(maxRatio > 0) || Double.isInfinite(maxRatio)) {
            throw new IllegalArgumentException("maxRatio must be above 0, got " + maxRatio);
        }
    }

    /** The seed's rule: P95 at most 3 × stable. */
    public static QuantileRatioRule seed() {
        return new QuantileRatioRule(0.95, 3);
    }

    /** What the rule found: both tracks' quantiles (seconds; NaN without data), their ratio, and why. */
    public record Comparison(Decision decision, double canary, double stable, double ratio, String message) {
    }

    /** Compares the two tracks' histograms (increases over the same window). */
    public Comparison compare(CumulativeHistogram canary, CumulativeHistogram stable) {
        double c = canary.quantile(quantile);
        double s = stable.quantile(quantile);
        String name = "P" + JudgeFormat.plain(quantile * 100);
        if (Double.isNaN(c) || Double.isNaN(s)) {
            return new Comparison(Decision.INCONCLUSIVE, c, s, Double.NaN, name + ": no requests on the "
                    + (Double.isNaN(c) ? "canary" : "stable") + " track in the window");
        }
        String values = name + " canary " + millis(c) + " vs stable " + millis(s);
        if (s <= 0) {
            return c <= 0 ? new Comparison(Decision.PASS, c, s, 1, values + ": both in the lowest bucket")
                    : new Comparison(Decision.INCONCLUSIVE, c, s, Double.NaN, values + ": no ratio to a stable "
                            + name + " of 0");
        }
        double ratio = c / s;
        boolean ok = ratio <= maxRatio;
        return new Comparison(ok ? Decision.PASS : Decision.FAIL, c, s, ratio, values + String.format(Locale.ROOT,
                " = %.2f× %s %s×", ratio, ok ? "<=" : ">", JudgeFormat.plain(maxRatio)));
    }

    private static String millis(double seconds) {
        return JudgeFormat.plain(seconds * 1000, 3) + " ms";
    }
}
