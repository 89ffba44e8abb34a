package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.ScriptedPrometheus.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PrometheusMetricProviderTest {
    private static final Instant END = Instant.parse("2026-11-26T10:00:00.250Z");
    private static final String TOKEN = "s3cr3t-T0ken";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ScriptedPrometheus prometheus;

    @BeforeEach
    void start() throws Exception {
        prometheus = new ScriptedPrometheus();
    }

    @AfterEach
    void stop() {
        prometheus.close();
    }

    private PrometheusMetricProvider provider(String token) {
        return new PrometheusMetricProvider(PrometheusConfig.at(prometheus.url()), token, HTTP);
    }

    private static MetricQuery query(String metric, Track track, Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(Map.of("namespace", "prod", "service", "checkout"));
        variables.putAll(extra);
        return new MetricQuery(metric, track, END, Duration.ofSeconds(90), variables);
    }

    private static MetricQuery query(String metric) {
        return query(metric, Track.CANARY, Map.of());
    }

    @Test
    void aVectorWithOneSeriesIsTheSampleAskedAtTheEndOfTheWindow() {
        prometheus.answer(Reply.vector("0.05"));

        MetricSample sample = provider(null).query(query("error-rate"));

        assertThat(sample.value()).hasValue(0.05);
        assertThat(sample.metric()).isEqualTo("error-rate");
        assertThat(sample.track()).isEqualTo(Track.CANARY);
        ScriptedPrometheus.Request request = prometheus.lastRequest();
        assertThat(request.path()).isEqualTo("/api/v1/query");
        assertThat(request.params()).containsEntry("time", "1795687200.25").containsEntry("timeout", "5s");
        assertThat(request.query())
                .contains("http_requests_total{namespace=\"prod\", service=\"checkout\", track=\"canary\", code=~\"5..\"}[1m30s]")
                .isEqualTo(sample.source());
        assertThat(request.authorization()).isNull();
    }

    @Test
    void rawCountersAreAskedAsSamplesOverTheWindowAndMoreAndDifferencedPerSeries() {
        // Two pods' 5xx counters scraped every 15 s: one restarted (its counter fell), one appeared in the window.
        prometheus.answer(Reply.success("""
                {"resultType":"matrix","result":[
                  {"metric":{"__name__":"http_requests_total","code":"500","pod":"shop-1"},
                   "values":[[1795686915,"100"],[1795687110,"104"],[1795687125,"2"],[1795687140,"5"],[1795687200,"9"]]},
                  {"metric":{"__name__":"http_requests_total","code":"500","pod":"shop-2"},
                   "values":[[1795687170,"3"],[1795687185,"7"]]}]}"""));
        PrometheusMetricProvider provider = provider(null);

        List<SeriesIncreases> increases = provider.increases(query(MetricProvider.ERROR_COUNTERS),
                Duration.ofSeconds(30));

        ScriptedPrometheus.Request request = prometheus.lastRequest();
        assertThat(request.path()).isEqualTo("/api/v1/query");
        assertThat(request.params()).containsEntry("time", "1795687200.25");
        // The window of 90 s and five minutes before it, so that every series has its sample at the window's start.
        assertThat(request.query()).isEqualTo("http_requests_total{namespace=\"prod\", service=\"checkout\", "
                + "track=\"canary\", code=~\"5..\"}[6m30s]");
        assertThat(increases).hasSize(2);
        // Steps end at 10:00:00.25, 09:59:30.25, 09:59:00.25; the window starts at 09:58:30.25.
        assertThat(increases.get(0).labels()).containsEntry("pod", "shop-1");
        // The boundaries read 104 (09:58:30), 5 (09:59:00, after a restart: 104 → 2 → 5), 5, then 9.
        assertThat(increases.get(0).increases()).containsExactly(2 + 3, 0, 4);
        assertThat(increases.get(1).labels()).containsEntry("pod", "shop-2");
        // A new series counts from zero: its first 3 requests are not lost.
        assertThat(increases.get(1).increases()).containsExactly(0, 3, 4);
        assertThat(provider.ingestionLag()).isEqualTo(PrometheusConfig.DEFAULT_LAG);
    }

    @Test
    void aRawCounterTemplateMustSelectSeriesAndAnswerSamples() {
        PrometheusConfig config = new PrometheusConfig(prometheus.url(), "code",
                Map.of(MetricProvider.REQUEST_COUNTERS, "sum(rate(http_requests_total[${window}]))"), "T",
                Duration.ofSeconds(1), Map.of("namespace", "namespace", "service", "service", "track", "track",
                        "pod", "kubernetes_pod_name"));
        PrometheusMetricProvider custom = new PrometheusMetricProvider(config, null, HTTP);
        assertThatThrownBy(() -> custom.increases(query(MetricProvider.REQUEST_COUNTERS), Duration.ofSeconds(30)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("request-counters (canary): the query must select raw counter series");
        prometheus.answer(Reply.vector("1"));
        assertThatThrownBy(() -> provider(null).increases(query(MetricProvider.REQUEST_COUNTERS),
                Duration.ofSeconds(30))).hasMessageContaining("returned a vector, not raw samples");
        assertThatThrownBy(() -> provider(null).increases(query(MetricProvider.REQUEST_COUNTERS),
                Duration.ofSeconds(40))).hasMessageContaining("no whole number of steps");

        // A pod label of the spec's own name is read as the pod.
        prometheus.answer(Reply.success("""
                {"resultType":"matrix","result":[{"metric":{"kubernetes_pod_name":"shop-7"},
                   "values":[[1795687000,"1"],[1795687200,"5"]]}]}"""));
        PrometheusMetricProvider renamed = new PrometheusMetricProvider(new PrometheusConfig(prometheus.url(), "code",
                Map.of(), "T", Duration.ofSeconds(1), config.labels()), null, HTTP);
        assertThat(renamed.increases(query(MetricProvider.REQUEST_COUNTERS), Duration.ofSeconds(90)))
                .singleElement().satisfies(series -> {
                    assertThat(series.labels()).containsEntry("pod", "shop-7");
                    assertThat(series.total()).isEqualTo(4);
                });
    }

    @Test
    void aScalarIsTheSample() {
        prometheus.answer(Reply.success("{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}"));

        assertThat(provider(null).query(query("request-count", Track.STABLE, Map.of())).value()).hasValue(42.0);
        assertThat(prometheus.lastRequest().query()).contains("track=\"stable\"").startsWith("sum(increase(");
    }

    @Test
    void anEmptyResultIsNoData() {
        prometheus.answer(Reply.vector());

        MetricSample sample = provider(null).query(query("p95-latency"));

        assertThat(sample.hasData()).isFalse();
        assertThat(sample.source()).startsWith("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{");
    }

    @Test
    void notANumberAndInfinitiesAreNoData() {
        for (String value : List.of("NaN", "+Inf", "-Inf")) {
            prometheus.answer(Reply.vector(value));
            assertThat(provider(null).query(query("p99-latency")).hasData()).as(value).isFalse();
        }
        prometheus.answer(Reply.success("{\"resultType\":\"scalar\",\"result\":[1700000000,\"NaN\"]}"));
        assertThat(provider(null).query(query("p50-latency")).hasData()).isFalse();
    }

    @Test
    void theBearerTokenGoesInTheAuthorizationHeader() {
        prometheus.answer(Reply.vector("1"));

        provider(TOKEN).query(query("request-count"));

        assertThat(prometheus.lastRequest().authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(prometheus.lastRequest().params().values()).noneMatch(v -> v.contains(TOKEN));
    }

    @Test
    void aBlankTokenSendsNoHeader() {
        prometheus.answer(Reply.vector("1"));

        provider("  ").query(query("request-count"));

        assertThat(prometheus.lastRequest().authorization()).isNull();
    }

    @Test
    void theTokenNeverReachesLogsOrMessagesEvenWhenPrometheusEchoesIt() {
        Logger logger = (Logger) LoggerFactory.getLogger(PrometheusMetricProvider.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        logger.addAppender(logs);
        try {
            prometheus.answer(r -> r.query().startsWith("sum(increase")
                    ? new Reply(200, "{\"status\":\"success\",\"warnings\":[\"saw Bearer " + TOKEN + "\"],"
                            + "\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
                    : Reply.error(500, "internal", "header was Bearer " + TOKEN));
            PrometheusMetricProvider provider = provider(TOKEN);

            provider.query(query("request-count"));
            assertThatThrownBy(() -> provider.query(query("error-rate")))
                    .isInstanceOf(DependencyUnreachableException.class)
                    .hasMessageContaining("[redacted]")
                    .hasMessageNotContaining(TOKEN);

            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("Prometheus warns about request-count (canary): saw Bearer [redacted]"))
                    .noneMatch(m -> m.contains(TOKEN));
        } finally {
            logger.detachAppender(logs);
            logger.setAdditive(true);
            logger.setLevel(before);
        }
    }

    @Test
    void aTokenAHeaderCannotCarryIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> provider("abc\r\nX-Evil: " + TOKEN))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("PROMETHEUS_TOKEN contains characters an HTTP header cannot carry")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aQueryPrometheusRejectsIsAUsageErrorNamingTheQueryAndTheStatus() {
        prometheus.answer(Reply.error(400, "bad_data", "1:5: parse error: unexpected identifier"));

        assertThatThrownBy(() -> provider(null).query(query("error-count")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Prometheus rejected the query for error-count (canary): HTTP 400 bad_data: "
                        + "1:5: parse error: unexpected identifier; query: sum(increase(http_requests_total{");

        prometheus.answer(Reply.error(422, "execution", "many-to-many matching not allowed"));
        assertThatThrownBy(() -> provider(null).query(query("error-count")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("HTTP 422 execution: many-to-many matching not allowed");
    }

    @Test
    void aFailingPrometheusIsUnreachableNamingItsUrlAndTheStatus() {
        prometheus.answer(Reply.error(503, "timeout", "query timed out in expression evaluation"));

        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("Prometheus at " + prometheus.url() + "/api/v1/query failed the query for "
                        + "error-rate (canary) (HTTP 503 timeout: query timed out in expression evaluation); query: ");
    }

    @Test
    void somethingThatIsNotThePrometheusApiIsUnreachable() {
        prometheus.answer(new Reply(502, "<html><body>Bad gateway</body></html>"));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("answered HTTP 502 with something that is not a Prometheus API response "
                        + "(<html><body>Bad gateway</body></html>) for error-rate (canary)");

        prometheus.answer(new Reply(200, "{\"hello\": \"x\"}"));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("answered HTTP 200 with something that is not a Prometheus API response");

        prometheus.answer(new Reply(404, "x".repeat(1000)));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("x".repeat(300) + "…)");
    }

    @Test
    void aMalformedResultIsUnreachable() {
        for (String data : List.of("{}", "{\"resultType\":\"vector\",\"result\":{}}",
                "{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}",
                "{\"resultType\":\"vector\",\"result\":[{\"metric\":[],\"value\":[1,\"2\"]}]}",
                "{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"two\"]}]}",
                "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":3}]}",
                "{\"resultType\":\"histogram\",\"result\":[]}")) {
            prometheus.answer(Reply.success(data));
            assertThatThrownBy(() -> provider(null).query(query("error-rate"))).as(data)
                    .isInstanceOf(DependencyUnreachableException.class)
                    .hasMessageContaining("answered with a malformed result");
        }
    }

    @Test
    void refusedCredentialsNameTheEnvironmentVariable() {
        prometheus.answer(new Reply(401, ""));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("refused the request: HTTP 401; no bearer token was given: set the environment "
                        + "variable PROMETHEUS_TOKEN");

        prometheus.answer(new Reply(403, "forbidden"));
        assertThatThrownBy(() -> provider(TOKEN).query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("refused the request: HTTP 403; check the bearer token in the environment "
                        + "variable PROMETHEUS_TOKEN")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aPrometheusThatDoesNotAnswerInTimeIsUnreachable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        prometheus.answer(r -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.vector("1");
        });
        PrometheusConfig config = PrometheusConfig.at(prometheus.url());
        config = new PrometheusConfig(config.url(), "code", Map.of(), "PROMETHEUS_TOKEN", Duration.ofMillis(300),
                config.labels());
        PrometheusMetricProvider provider = new PrometheusMetricProvider(config, null, HTTP);
        try {
            assertThatThrownBy(() -> provider.query(query("error-rate")))
                    .isInstanceOf(DependencyUnreachableException.class)
                    .hasMessageContaining("Prometheus at " + prometheus.url() + "/api/v1/query did not answer within "
                            + "300ms (prometheus.timeout) for error-rate (canary)");
            assertThat(prometheus.lastRequest().params()).containsEntry("timeout", "300ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPrometheusNobodyListensOnIsUnreachable() {
        URI url = prometheus.url();
        prometheus.close();
        PrometheusMetricProvider provider = new PrometheusMetricProvider(PrometheusConfig.at(url), null, HTTP);

        assertThatThrownBy(() -> provider.query(query("error-rate")))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("Prometheus at " + url + "/api/v1/query cannot be reached")
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void aQueryThatIsNotOneNumberIsAUsageError() {
        prometheus.answer(Reply.vector("1", "2"));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("error-rate (canary): the query returned 2 series (the first is {series=0}), "
                        + "not one number: aggregate them, for example with sum()");

        prometheus.answer(Reply.success("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1\"]]}]}"));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("returned a range vector");

        prometheus.answer(Reply.success("{\"resultType\":\"string\",\"result\":[1,\"hello\"]}"));
        assertThatThrownBy(() -> provider(null).query(query("error-rate")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("the query returned a string, not a number");
    }

    @Test
    void aRangeIsTheSeriesOfFiniteValues() {
        prometheus.answer(Reply.success("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":"
                + "[[1795687140,\"0.1\"],[1795687170,\"NaN\"],[1795687200.25,\"0.3\"]]}]}"));

        List<MetricPoint> points = provider(null).queryRange(query("error-rate"), END.minusSeconds(60), Duration.ofMillis(30_500));

        assertThat(points).containsExactly(new MetricPoint(Instant.ofEpochSecond(1795687140), 0.1),
                new MetricPoint(END, 0.3));
        ScriptedPrometheus.Request request = prometheus.lastRequest();
        assertThat(request.path()).isEqualTo("/api/v1/query_range");
        assertThat(request.params()).containsEntry("start", "1795687140.25").containsEntry("end", "1795687200.25")
                .containsEntry("step", "30.5");
    }

    @Test
    void aRangeWithoutDataIsEmptyAndABadRangeIsRefused() {
        prometheus.answer(Reply.success("{\"resultType\":\"matrix\",\"result\":[]}"));
        PrometheusMetricProvider provider = provider(null);

        assertThat(provider.queryRange(query("error-rate"), END.minusSeconds(60), Duration.ofSeconds(10))).isEmpty();
        assertThatThrownBy(() -> provider.queryRange(query("error-rate"), END, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start before it ends");
        assertThatThrownBy(() -> provider.queryRange(query("error-rate"), END.minusSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step must be at least 1ms");
    }

    private static Reply bounds(ScriptedPrometheus.Request request, String count, String... les) {
        if (!request.query().startsWith("count by (le)")) {
            return Reply.vector(count);
        }
        StringBuilder result = new StringBuilder("[");
        for (int i = 0; i < les.length; i++) {
            result.append(i == 0 ? "" : ",").append("{\"metric\":{\"le\":\"").append(les[i])
                    .append("\"},\"value\":[1700000000,\"1\"]}");
        }
        return Reply.success("{\"resultType\":\"vector\",\"result\":" + result + "]}");
    }

    @Test
    void slowCountUsesTheBucketBoundExactlyAsTheClientWroteIt() {
        prometheus.answer(r -> bounds(r, "17", "0.1", "0.25", "1.0", "+Inf", "junk"));
        PrometheusMetricProvider provider = provider(null);

        MetricSample sample = provider.query(query("slow-count", Track.STABLE, Map.of("le", "1")));

        assertThat(sample.value()).hasValue(17.0);
        assertThat(prometheus.requests()).hasSize(2);
        assertThat(prometheus.requests().get(0).query()).isEqualTo("count by (le) (last_over_time("
                + "http_request_duration_seconds_bucket{namespace=\"prod\", service=\"checkout\", track=\"stable\"}[1m30s]))");
        assertThat(sample.source()).isEqualTo(prometheus.lastRequest().query())
                .contains("track=\"stable\", le=\"1.0\"}[1m30s]")
                .startsWith("sum(increase(http_request_duration_seconds_count{");

        provider.query(query("slow-count", Track.STABLE, Map.of("le", "250ms")));
        assertThat(prometheus.lastRequest().query()).contains("le=\"0.25\"");
    }

    @Test
    void slowCountForABoundThatIsNoBucketSaysWhichBoundsThereAre() {
        prometheus.answer(r -> bounds(r, "17", "0.25", "0.1", "+Inf"));

        assertThatThrownBy(() -> provider(null).query(query("slow-count", Track.CANARY, Map.of("le", "0.3"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("slow-count (canary): le 0.3 is not a bucket bound of the latency histogram, so "
                        + "requests slower than it cannot be counted; its bounds are 0.1, 0.25 (seconds): choose one of them");
    }

    @Test
    void slowCountWithoutAHistogramYetIsNoData() {
        prometheus.answer(r -> bounds(r, "17"));

        MetricSample sample = provider(null).query(query("slow-count", Track.CANARY, Map.of("le", "0.5")));

        assertThat(sample.hasData()).isFalse();
        assertThat(prometheus.requests()).hasSize(1);
        assertThat(sample.source()).isEqualTo(prometheus.lastRequest().query()).startsWith("count by (le)");
    }

    @Test
    void slowCountNeedsAPositiveBound() {
        PrometheusMetricProvider provider = provider(null);
        assertThatThrownBy(() -> provider.query(query("slow-count")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("slow-count (canary) needs the variable le: the latency bound in seconds");
        for (String bad : List.of("abc", "0", "-1", "1e999")) {
            assertThatThrownBy(() -> provider.query(query("slow-count", Track.CANARY, Map.of("le", bad)))).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("le '" + bad + "' is not a positive number of seconds");
        }
        assertThat(prometheus.requests()).isEmpty();
    }

    @Test
    void firingAlertsTakeASelectorOfLabelMatchersOnly() {
        prometheus.answer(Reply.vector("2"));
        PrometheusMetricProvider provider = provider(null);

        MetricSample sample = provider.query(query("firing-alerts", Track.CANARY,
                Map.of("selector", "severity=\"critical\", team=~'pay.*'")));
        assertThat(sample.value()).hasValue(2.0);
        assertThat(sample.source()).isEqualTo(
                "count(ALERTS{alertstate=\"firing\", severity=\"critical\", team=~'pay.*'}) or vector(0)");

        provider.query(new MetricQuery("firing-alerts", Track.STABLE, END, Duration.ofMinutes(1), Map.of()));
        assertThat(prometheus.lastRequest().query()).isEqualTo("count(ALERTS{alertstate=\"firing\", }) or vector(0)");

        for (String bad : List.of("severity=\"critical\"}) or vector(1) #", "severity", "a=\"b\" c=\"d\"", "1a=\"b\"")) {
            assertThatThrownBy(() -> provider.query(query("firing-alerts", Track.CANARY, Map.of("selector", bad)))).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("is not a list of label matchers such as severity=\"critical\"");
        }
    }

    @Test
    void labelValuesAreEscapedAndLabelNamesComeFromTheConfig() {
        prometheus.answer(Reply.vector("1"));
        PrometheusConfig config = PrometheusConfig.at(prometheus.url());
        config = new PrometheusConfig(URI.create(prometheus.url() + "/prefix/"), "status", Map.of(), "PROMETHEUS_TOKEN",
                config.timeout(), Map.of("namespace", "kubernetes_namespace", "service", "app", "track", "role"));
        PrometheusMetricProvider provider = new PrometheusMetricProvider(config, null, HTTP);

        provider.query(query("error-rate", Track.CANARY, Map.of("service", "we\"ird\\name\n")));

        ScriptedPrometheus.Request request = prometheus.lastRequest();
        assertThat(request.path()).isEqualTo("/prefix/api/v1/query");
        assertThat(request.query()).contains("{kubernetes_namespace=\"prod\", app=\"we\\\"ird\\\\name\\n\", role=\"canary\", "
                + "status=~\"5..\"}");
    }

    @Test
    void aLabelNamePrometheusCannotHaveIsRefused() {
        PrometheusConfig config = new PrometheusConfig(prometheus.url(), "code", Map.of(), "T", Duration.ofSeconds(1),
                Map.of("track", "rollouts-pod-template-hash"));
        assertThatThrownBy(() -> new PrometheusMetricProvider(config, null, HTTP))
                .isInstanceOf(UsageException.class)
                .hasMessage("prometheus.labels.track: 'rollouts-pod-template-hash' is not a Prometheus label name");
    }

    @Test
    void theSpecsQueriesReplaceAndAddMetrics() {
        prometheus.answer(Reply.vector("3"));
        PrometheusConfig config = new PrometheusConfig(prometheus.url(), "code",
                Map.of("error-rate", "sum(rate(errors_total{app=\"${service}\"}[${window}]))",
                        "queue-depth", "max(queue_depth{app=\"${service}\", track=\"${track}\"})"),
                "T", Duration.ofSeconds(1), Map.of());
        PrometheusMetricProvider provider = new PrometheusMetricProvider(config, null, HTTP);

        provider.query(query("error-rate"));
        assertThat(prometheus.lastRequest().query()).isEqualTo("sum(rate(errors_total{app=\"checkout\"}[1m30s]))");
        assertThat(provider.query(query("queue-depth")).value()).hasValue(3.0);
        assertThat(prometheus.lastRequest().query()).isEqualTo("max(queue_depth{app=\"checkout\", track=\"canary\"})");
        assertThat(provider.templates().metrics()).contains("queue-depth", "error-rate", "slow-count")
                .doesNotContain("bucket-bounds");
    }

    @Test
    void anUnknownMetricOrVariableIsAUsageError() {
        assertThatThrownBy(() -> provider(null).query(query("p42-latency")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no Prometheus query for the metric 'p42-latency' in the profile 'code'; known "
                        + "metrics: error-count, error-rate, firing-alerts, histogram-count, p50-latency, p95-latency, p99-latency, "
                        + "request-count, slow-count; add one under prometheus.queries.p42-latency");

        PrometheusConfig config = new PrometheusConfig(prometheus.url(), "code", Map.of("error-rate", "x{a=\"${app}\"}"),
                "T", Duration.ofSeconds(1), Map.of());
        assertThatThrownBy(() -> new PrometheusMetricProvider(config, null, HTTP))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("prometheus.queries.error-rate: unknown variable ${app}; known: namespace, service");
    }

    @Test
    void aVariableTheQueryDoesNotSetIsAUsageError() {
        MetricQuery noService = new MetricQuery("error-rate", Track.CANARY, END, Duration.ofMinutes(1),
                Map.of("namespace", "prod"));
        assertThatThrownBy(() -> provider(null).query(noService))
                .isInstanceOf(UsageException.class)
                .hasMessage("the Prometheus query for error-rate uses ${service}, which has no value here: the rollout "
                        + "must name its service");

        MetricQuery noWindow = new MetricQuery("error-rate", Track.CANARY, END, Duration.ZERO, Map.of());
        assertThatThrownBy(() -> provider(null).query(noWindow))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("the analysis window must be at least 1ms");
        assertThat(prometheus.requests()).isEmpty();
    }
}
