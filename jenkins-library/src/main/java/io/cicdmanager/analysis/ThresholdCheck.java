package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.util.Map;

/**
 * The canary's metric against a fixed bound: {@code max} (the value must not exceed it) or {@code min} (must not
 * fall below it). Examples: 5xx rate ≤ 1 %, P95 ≤ 1 s.
 */
public final class ThresholdCheck implements Check {
    private final String name;
    private final String metric;
    private final double threshold;
    private final boolean isMax;
    private final Track track;
    private final Map<String, String> variables;

    public ThresholdCheck(String name, String metric, double threshold, boolean isMax, Track track,
            Map<String, String> variables) {
        this.name = name;
        this.metric = metric;
        this.threshold = threshold;
        this.isMax = isMax;
        this.track = track;
        this.variables = Map.copyOf(variables);
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
        String message = metric + " " + MetricFormat.format(metric, value) + (ok ? " " + comparison + " " : " breaches "
                + comparison + " ") + MetricFormat.format(metric, threshold);
        return new CheckResult(name, kind(), metric, ok ? Verdict.PASS : Verdict.FAIL, value, null, threshold,
                comparison, message);
    }
}
