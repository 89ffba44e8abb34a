package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.util.Map;

/**
 * The canary's metric against a fixed bound: {@code max} (the value must not exceed it) or {@code min} (must not
 * fall below it). Examples: 5xx rate ≤ 1 %, P95 ≤ 1 s.
 *
 * <p>An error rate above its {@code max} fails only when the failures are too many to be noise: when a release
 * whose true rate were exactly {@code max} would show that many failures in that many requests with probability
 * below {@code 1 − confidence} (default 0.999). At 5 % traffic a healthy canary sees a few hundred requests a
 * round, and three failures in 288 requests (1.04 %) is no evidence against a 1 % bound; fifteen is. With
 * {@code confidence: 0} the comparison is plain.
 */
public final class ThresholdCheck implements Check {
    private final String name;
    private final String metric;
    private final double threshold;
    private final boolean isMax;
    private final Track track;
    private final Map<String, String> variables;
    private final double confidence;

    public static final double DEFAULT_CONFIDENCE = 0.999;

    public ThresholdCheck(String name, String metric, double threshold, boolean isMax, Track track,
            Map<String, String> variables) {
        this(name, metric, threshold, isMax, track, variables, DEFAULT_CONFIDENCE);
    }

    public ThresholdCheck(String name, String metric, double threshold, boolean isMax, Track track,
            Map<String, String> variables, double confidence) {
        this.name = name;
        this.metric = metric;
        this.threshold = threshold;
        this.isMax = isMax;
        this.track = track;
        this.variables = Map.copyOf(variables);
        this.confidence = confidence;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "threshold";
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        String comparison = isMax ? "<=" : ">=";
        MetricSample sample;
        try {
            sample = context.metrics().query(context.query(metric, track, variables));
        } catch (DependencyUnreachableException e) {
            return new CheckResult(name, kind(), metric, Verdict.ERROR, null, null, threshold, comparison,
                    metric + " could not be measured: " + e.getMessage());
        }
        if (!sample.hasData()) {
            return new CheckResult(name, kind(), metric, Verdict.INCONCLUSIVE, null, null, threshold, comparison,
                    metric + " of the " + track.label() + " has no data (" + sample.source() + ")");
        }
        double value = sample.value().getAsDouble();
        boolean ok = isMax ? value <= threshold : value >= threshold;
        if (!ok && isMax && confidence > 0 && metric.equals("error-rate")) {
            CheckResult withinNoise = withinNoise(context, value);
            if (withinNoise != null) {
                return withinNoise;
            }
        }
        Verdict verdict = ok ? Verdict.PASS : Verdict.FAIL;
        String message = Figure.of(kind(), metric, value, comparison, threshold).sentence(metric, verdict);
        return new CheckResult(name, kind(), metric, verdict, value, null, threshold, comparison, message);
    }

    /** A pass when the failures behind a rate above the bound are few enough to be noise; null otherwise. */
    private CheckResult withinNoise(AnalysisContext context, double rate) {
        MetricSample requests = context.metrics().query(context.query("request-count", track, variables));
        MetricSample errors = context.metrics().query(context.query("error-count", track, variables));
        if (!requests.hasData() || !errors.hasData()) {
            return null; // no counts to weigh the rate with: judge it as it is
        }
        long n = Math.round(requests.value().getAsDouble());
        long k = Math.round(errors.value().getAsDouble());
        double p = BinomialTail.atLeast(k, n, threshold);
        if (p < 1 - confidence) {
            return null;
        }
        // What the pass was decided on: the failures, against the most that a release at the bound would show that
        // often; as a rate, the limit this round's requests allow.
        long allowed = mostWithinNoise(k, n);
        Figure decided = new Figure(Figure.Unit.PERCENT, rate, "<=", (double) allowed / n);
        String message = String.format(java.util.Locale.ROOT,
                "%s %s (%d of %d requests) is within noise of <= %s: up to %d failures (%s) are (P = %.3f)", metric,
                decided.show(rate), k, n, decided.show(threshold), allowed, decided.show((double) allowed / n), p);
        return new CheckResult(name, kind(), metric, Verdict.PASS, rate, null, threshold, "<=", message, decided);
    }

    /** The most failures in {@code n} requests still within noise of the bound; at least {@code k}, which is. */
    private long mostWithinNoise(long k, long n) {
        long low = k;
        long high = n;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (BinomialTail.atLeast(mid, n, threshold) >= 1 - confidence) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
