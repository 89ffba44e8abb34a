package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.util.Map;

/**
 * Alerts firing that match a selector (for Prometheus, labels of {@code ALERTS{alertstate="firing"}}, such as
 * {@code severity="critical"}): more than {@code max} (default 0) fails.
 */
public final class FiringAlertsCheck implements Check {
    public static final String METRIC = "firing-alerts";

    private final String name;
    private final String selector;
    private final double max;

    public FiringAlertsCheck(String name, String selector, double max) {
        this.name = name;
        this.selector = selector;
        this.max = max;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "firing-alerts";
    }

    @Override
    public String metric() {
        return METRIC;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        MetricSample sample;
        try {
            sample = context.metrics().query(context.query(METRIC, Track.CANARY, Map.of("selector", selector)));
        } catch (DependencyUnreachableException e) {
            return new CheckResult(name, kind(), METRIC, Verdict.ERROR, null, null, max, "<=",
                    "alerts could not be read: " + e.getMessage());
        }
        // No series at all means no alert fires: for ALERTS that is the normal, healthy answer.
        double firing = sample.hasData() ? sample.value().getAsDouble() : 0;
        boolean ok = firing <= max;
        String message = MetricFormat.format(METRIC, firing) + " alert(s) firing for {" + selector + "}"
                + (ok ? "" : ", more than " + MetricFormat.format(METRIC, max));
        return new CheckResult(name, kind(), METRIC, ok ? Verdict.PASS : Verdict.FAIL, firing, null, max, "<=", message);
    }
}
