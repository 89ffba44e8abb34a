package io.cicdmanager.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a check may look at in one round: the metrics backend, pod health, the time of the round, the window to
 * measure over, when the canary first got traffic (for checks that accumulate evidence), and the query variables
 * ({@code namespace}, {@code service}).
 *
 * @param weightChangedAt when the canary's weight last changed (new canary pods start then)
 * @param initialDelay    how long after each change of weight the judges leave the counts out: the new pods'
 *                        warm-up ({@code analysis.initialDelay})
 */
public record AnalysisContext(MetricProvider metrics, PodHealthSource pods, Instant now, Duration window,
        Instant canaryStartedAt, Map<String, String> variables, Instant weightChangedAt, Duration initialDelay) {

    public AnalysisContext {
        variables = Map.copyOf(variables);
    }

    /** A round whose canary's weight has not changed since its start, without a warm-up to leave out. */
    public AnalysisContext(MetricProvider metrics, PodHealthSource pods, Instant now, Duration window,
            Instant canaryStartedAt, Map<String, String> variables) {
        this(metrics, pods, now, window, canaryStartedAt, variables, canaryStartedAt, Duration.ZERO);
    }

    /** When the judges' counts resume after the last change of weight: the warm-up's end. */
    public Instant warmedUpAt() {
        return weightChangedAt.plus(initialDelay);
    }

    /** A query for {@code metric} on {@code track} over this round's window, with extra variables. */
    public MetricQuery query(String metric, Track track, Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(variables);
        all.putAll(extra);
        return new MetricQuery(metric, track, now, window, all);
    }
}
