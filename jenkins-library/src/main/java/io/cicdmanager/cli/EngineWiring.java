package io.cicdmanager.cli;

import io.cicdmanager.analysis.MetricProviderFactory;
import io.cicdmanager.analysis.PrometheusMetricProvider;
import java.net.http.HttpClient;

/**
 * How the rollout commands reach the metrics backend a spec names: one seam, so tests and rehearsals can put the
 * simulated provider in its place.
 */
public final class EngineWiring {
    private EngineWiring() {
    }

    /**
     * Builds a spec's Prometheus provider; the bearer token comes from the environment variable the spec names,
     * never from the spec itself.
     */
    public static MetricProviderFactory prometheus() {
        return (config, env) -> new PrometheusMetricProvider(config, env.get(config.tokenEnv()),
                HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1).build());
    }
}
