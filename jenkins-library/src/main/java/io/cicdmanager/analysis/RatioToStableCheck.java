package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.util.Locale;
import java.util.Map;

/**
 * The canary's metric relative to the stable track measured over the same window: canary ÷ stable must not
 * exceed {@code maxRatioToStable} (the classic "P95 ≤ 3 × stable"). A bad day for both tracks does not trip it.
 */
public final class RatioToStableCheck implements Check {
    private final String name;
    private final String metric;
    private final double maxRatio;
    private final Map<String, String> variables;

    public RatioToStableCheck(String name, String metric, double maxRatio, Map<String, String> variables) {
        this.name = name;
        this.metric = metric;
        this.maxRatio = maxRatio;
        this.variables = Map.copyOf(variables);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "ratio-to-stable";
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        MetricSample canary;
        MetricSample stable;
        try {
            canary = context.metrics().query(context.query(metric, Track.CANARY, variables));
            stable = context.metrics().query(context.query(metric, Track.STABLE, variables));
        } catch (DependencyUnreachableException e) {
            return result(Verdict.ERROR, null, null, metric + " could not be measured: " + e.getMessage());
        }
        if (!canary.hasData() || !stable.hasData()) {
            return result(Verdict.INCONCLUSIVE, canary.hasData() ? canary.value().getAsDouble() : null,
                    stable.hasData() ? stable.value().getAsDouble() : null,
                    metric + " has no data for the " + (canary.hasData() ? "stable" : "canary") + " track");
        }
        double c = canary.value().getAsDouble();
        double s = stable.value().getAsDouble();
        if (s <= 0) {
            if (c <= 0) {
                return new CheckResult(name, kind(), metric, Verdict.PASS, 1.0, s, maxRatio, "<=",
                        metric + " is 0 on both tracks");
            }
            return new CheckResult(name, kind(), metric, Verdict.INCONCLUSIVE, null, s, maxRatio, "<=",
                    metric + " is 0 on the stable track and " + MetricFormat.format(metric, c)
                            + " on the canary: no ratio to judge");
        }
        double ratio = c / s;
        boolean ok = ratio <= maxRatio;
        Verdict verdict = ok ? Verdict.PASS : Verdict.FAIL;
        Figure.Shown shown = Figure.of(kind(), metric, ratio, "<=", maxRatio).shown(verdict);
        String message = String.format(Locale.ROOT, "%s canary %s / stable %s = %s %s %s", metric,
                MetricFormat.format(metric, c), MetricFormat.format(metric, s), shown.value(), ok ? "<=" : "exceeds",
                shown.limit());
        return new CheckResult(name, kind(), metric, verdict, ratio, s, maxRatio, "<=", message);
    }

    private CheckResult result(Verdict verdict, Double canaryValue, Double stableValue, String message) {
        return new CheckResult(name, kind(), metric, verdict, canaryValue, stableValue, maxRatio, "<=", message);
    }
}
