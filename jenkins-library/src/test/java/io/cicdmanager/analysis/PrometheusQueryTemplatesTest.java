package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusQueryTemplatesTest {
    // The metric names MetricProvider promises every provider understands.
    private static final String[] METRICS = {"error-count", "error-rate", "firing-alerts", "histogram-count", "p50-latency",
        "p95-latency", "p99-latency", "request-count", "slow-count"};

    private static PrometheusQueryTemplates profile(String name) {
        PrometheusConfig defaults = PrometheusConfig.at(URI.create("http://prometheus:9090"));
        return PrometheusQueryTemplates.forConfig(new PrometheusConfig(defaults.url(), name, Map.of(),
                defaults.tokenEnv(), defaults.timeout(), defaults.labels()));
    }

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>(Map.of("namespace", "prod", "service", "checkout", "track", "canary",
                "window", "1m", "le", "0.5", "selector", "severity=\"critical\""));
        values.putAll(Map.of("namespaceLabel", "namespace", "serviceLabel", "service", "trackLabel", "track"));
        return values;
    }

    @Test
    void everyProfileAnswersEveryMetricOfTheProviderContract() {
        assertThat(PrometheusQueryTemplates.shippedProfiles()).containsExactlyInAnyOrderElementsOf(PrometheusConfig.PROFILES);
        for (String name : PrometheusConfig.PROFILES) {
            PrometheusQueryTemplates templates = profile(name);
            assertThat(templates.profile()).isEqualTo(name);
            assertThat(templates.metrics()).as(name).containsExactly(METRICS);
            assertThat(templates.template(PrometheusQueryTemplates.BUCKET_BOUNDS)).contains("count by (le)");
        }
    }

    @Test
    void theProfilesDifferInTheLabelThatCarriesTheStatusCode() {
        String code = profile("code").render("error-rate", values());
        String status = profile("status").render("error-rate", values());

        assertThat(code).contains("code=~\"5..\"").doesNotContain("status=~");
        assertThat(status).contains("status=~\"5..\"").doesNotContain("code=~");
        assertThat(status.replace("status=~", "code=~")).isEqualTo(code);
    }

    @Test
    void renderingFillsEveryVariable() {
        String slow = profile("code").render("slow-count", values());

        assertThat(slow).isEqualTo("sum(increase(http_request_duration_seconds_count{namespace=\"prod\", "
                + "service=\"checkout\", track=\"canary\"}[1m])) - sum(increase(http_request_duration_seconds_bucket{"
                + "namespace=\"prod\", service=\"checkout\", track=\"canary\", le=\"0.5\"}[1m]))");
        assertThat(profile("status").render("p95-latency", values())).doesNotContain("${");
        assertThat(profile("code").uses("slow-count", "le")).isTrue();
        assertThat(profile("code").uses("error-rate", "le")).isFalse();
    }

    @Test
    void aDoubledDollarIsALiteralDollarBrace() {
        PrometheusConfig config = new PrometheusConfig(URI.create("http://p"), "code",
                Map.of("hosts", "count(label_replace(up{job=\"${service}\"}, \"host\", \"$${1}\", \"instance\", \"(.*):.*\"))"),
                "T", Duration.ofSeconds(1), Map.of());

        assertThat(PrometheusQueryTemplates.forConfig(config).render("hosts", values()))
                .isEqualTo("count(label_replace(up{job=\"checkout\"}, \"host\", \"${1}\", \"instance\", \"(.*):.*\"))");
    }

    @Test
    void templateProblemsAreListed() {
        assertThat(PrometheusQueryTemplates.problemsIn("rate(x{a=\"${service}\"}[${window}]) $${literal}")).isEmpty();
        assertThat(PrometheusQueryTemplates.problemsIn("x{a=\"${app}\", b=\"${namespace\"}"))
                .containsExactly("unknown variable ${app}; known: namespace, service, track, window, le, selector, "
                        + "namespaceLabel, serviceLabel, trackLabel (write $${ for a literal ${)",
                        "'${namespace' is not closed with '}' (write $${ for a literal ${)");
    }

    @Test
    void labelValuesAreEscapedForPromqlStrings() {
        assertThat(PrometheusQueryTemplates.quote("plain-name.1")).isEqualTo("plain-name.1");
        assertThat(PrometheusQueryTemplates.quote("a\"b\\c\nd\re\tf\u0001g\u007fh'i"))
                .isEqualTo("a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fh'i");
    }

    @Test
    void durationsUsePrometheusUnits() {
        assertThat(PrometheusQueryTemplates.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(PrometheusQueryTemplates.duration(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(PrometheusQueryTemplates.duration(Duration.ofHours(26).plusMillis(1500))).isEqualTo("1d2h1s500ms");
        assertThat(PrometheusQueryTemplates.duration(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThatThrownBy(() -> PrometheusQueryTemplates.duration(Duration.ofNanos(999)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProfileThatIsNotShippedIsAUsageError() {
        PrometheusConfig config = new PrometheusConfig(URI.create("http://p"), "otel", Map.of(), "T",
                Duration.ofSeconds(1), Map.of());
        assertThatThrownBy(() -> PrometheusQueryTemplates.forConfig(config))
                .isInstanceOf(UsageException.class)
                .hasMessage("prometheus.profile: 'otel' is not one of code, status");
    }

    @Test
    void aTemplatesDocumentWithABadTemplateNamesItsLine() {
        assertThatThrownBy(() -> PrometheusQueryTemplates.parse(ConfigReader.read("""
                code:
                  error-rate: 'sum(x)'
                  p95-latency: 'x{a="${tenant}"}'
                """, "queries.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("queries.yaml:3:16: code.p95-latency: unknown variable ${tenant}");
    }
}
