package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

    private static PrometheusConfig read(String yaml) {
        return PrometheusConfig.from(ConfigReader.read(yaml, "rollout.yaml"));
    }

    @Test
    void defaultsApplyWhenOnlyTheUrlIsGiven() {
        PrometheusConfig config = read("url: http://prometheus.monitoring:9090\n");
        assertThat(config).isEqualTo(PrometheusConfig.at(URI.create("http://prometheus.monitoring:9090")));
        assertThat(config.labels()).containsEntry("track", "track");
        assertThat(config.tokenEnv()).isEqualTo("PROMETHEUS_TOKEN");
        assertThat(config.podLabel()).isEqualTo("pod");
        assertThat(config.lag()).isEqualTo(PrometheusConfig.DEFAULT_LAG);
    }

    @Test
    void everyFieldCanBeSet() {
        PrometheusConfig config = read("""
                url: https://prom.example:443/prefix
                profile: status
                queries: {error-rate: 'sum(rate(errors[${window}]))'}
                tokenEnv: PROM_BEARER
                timeout: 2s
                labels: {track: rollouts_pod_template_hash, pod: kubernetes_pod_name}
                lag: 30s
                """);
        assertThat(config.profile()).isEqualTo("status");
        assertThat(config.queries()).containsEntry("error-rate", "sum(rate(errors[${window}]))");
        assertThat(config.tokenEnv()).isEqualTo("PROM_BEARER");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.labels()).containsEntry("track", "rollouts_pod_template_hash").containsEntry("service", "service");
        assertThat(config.podLabel()).isEqualTo("kubernetes_pod_name");
        assertThat(config.lag()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void invalidSectionsAreNamedWithTheirLine() {
        assertThatThrownBy(() -> read("profile: code\n")).hasMessageContaining("url: is required");
        assertThatThrownBy(() -> read("url: ftp://x\n")).hasMessageContaining("rollout.yaml:1:6: url: 'ftp://x' must be an http");
        assertThatThrownBy(() -> read("url: 'http://a b'\n")).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> read("url: http://u:secret@prom:9090\n")).hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> read("url: http://p\nprofile: otel\n")).hasMessageContaining("'otel' is not one of code, status");
        assertThatThrownBy(() -> read("url: http://p\ntokenEnv: 'my token'\n")).hasMessageContaining("not an environment variable name");
        assertThatThrownBy(() -> read("url: http://p\ntimeout: 0s\n")).hasMessageContaining("timeout: must be positive");
        assertThatThrownBy(() -> read("url: http://p\nqueries: {error-rate: ' '}\n")).hasMessageContaining("queries.error-rate: is empty");
        assertThatThrownBy(() -> read("url: http://p\nlabels: {node: x}\n")).hasMessageContaining("labels.node: unknown field");
        assertThatThrownBy(() -> read("url: http://p\nlag: -5s\n")).hasMessageContaining("rollout.yaml:2:6: lag: '-5s' is not a duration");
        assertThatThrownBy(() -> read("url: http://p\nuser: x\n")).hasMessageContaining("user: unknown field");
        assertThatThrownBy(() -> read("url: http://p\nlabels: {track: pod-hash}\n"))
                .hasMessageContaining("rollout.yaml:2:17: labels.track: 'pod-hash' is not a Prometheus label name");
        assertThatThrownBy(() -> read("url: http://p\nqueries:\n  error-rate: 'sum(x{app=\"${app}\"})'\n"))
                .hasMessageContaining("rollout.yaml:3:15: queries.error-rate: unknown variable ${app}; known: namespace");
    }
}
