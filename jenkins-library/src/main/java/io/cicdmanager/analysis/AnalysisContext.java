package io.cicdmanager.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a check may look at in one round: the metrics backend, pod health, the time of the round, the window to
 * measure over, when the canary first got traffic (for checks that accumulate evidence), and the query variables
 * ({@code namespace}, {@code service}).
 */
public record AnalysisContext(MetricProvider metrics, PodHealthSource pods, Instant now, Duration window,
        Instant canaryStartedAt, Map<String, String> variables) {

    public AnalysisContext {
        variables = Map.copyOf(variables);
    }

    /** A query for {@code metric} on {@code track} over this round's window, with extra variables. */
    public MetricQuery query(String metric, Track track, Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(variables);
        all.putAll(extra);
        return new MetricQuery(metric, track, now, window, all);
    }
}
