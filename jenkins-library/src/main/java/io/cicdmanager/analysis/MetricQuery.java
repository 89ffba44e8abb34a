package io.cicdmanager.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A question for a metrics backend: one named metric (see {@link MetricProvider}) for one track, over the window
 * that ends at {@code end}. {@code variables} fill the query template: {@code namespace}, {@code service}, and
 * metric-specific ones such as {@code le} for {@code slow-count} or {@code selector} for {@code firing-alerts}.
 */
public record MetricQuery(String metric, Track track, Instant end, Duration window, Map<String, String> variables) {
    public MetricQuery {
        variables = Map.copyOf(variables);
    }
}
