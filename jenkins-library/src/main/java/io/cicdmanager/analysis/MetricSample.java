package io.cicdmanager.analysis;

import java.util.OptionalDouble;

/**
 * A backend's answer to a {@link MetricQuery}: the value, or none when the backend had no data (which a check
 * must never read as a pass), and the query text that produced it, kept for the record and the audit trail.
 */
public record MetricSample(String metric, Track track, OptionalDouble value, String source) {

    public static MetricSample of(MetricQuery query, double value, String source) {
        return new MetricSample(query.metric(), query.track(), OptionalDouble.of(value), source);
    }

    public static MetricSample noData(MetricQuery query, String source) {
        return new MetricSample(query.metric(), query.track(), OptionalDouble.empty(), source);
    }

    public boolean hasData() {
        return value.isPresent();
    }
}
