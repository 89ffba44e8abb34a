package io.cicdmanager.analysis;

import java.net.http.HttpClient;
import java.util.Map;

/**
 * Builds the metrics provider for a spec's {@code prometheus:} section, with the environment the bearer token is
 * read from. The one seam through which the command line reaches Prometheus, so that tests and rehearsals can put
 * the simulated provider in its place.
 */
@FunctionalInterface
public interface MetricProviderFactory {
    MetricProvider create(PrometheusConfig config, Map<String, String> env);

    /**
     * Prometheus over HTTP; the bearer token comes from the environment variable the spec names, never from the spec
     * itself.
     */
    static MetricProviderFactory prometheus() {
        return (config, env) -> new PrometheusMetricProvider(config, env.get(config.tokenEnv()),
                HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1).build());
    }
}
