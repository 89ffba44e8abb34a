package io.cicdmanager.analysis;

import java.util.Map;

/**
 * Builds the metrics provider for a spec's {@code prometheus:} section, with the environment the bearer token is
 * read from. The one seam through which the command line reaches Prometheus.
 */
@FunctionalInterface
public interface MetricProviderFactory {
    MetricProvider create(PrometheusConfig config, Map<String, String> env);
}
