package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.InstrumentedService.Behaviour;
import io.prometheus.metrics.core.metrics.Histogram;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus provider against a real {@code prometheus} scraping a service instrumented with Prometheus' Java
 * client, whose injected error shares and latencies are known: the provider's answers must match them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusMetricProviderIT {
    /** The one real clock of these tests: the real prometheus scrapes and answers in wall time. */
    private static final Clock WALL = Clock.systemUTC();

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Behaviour STABLE = new Behaviour(100, 0.0, 0.08, 0.4, 0.02);
    private static final Behaviour CANARY = new Behaviour(20, 0.10, 0.08, 0.7, 0.30);
    private static final Behaviour LEGACY = new Behaviour(50, 0.20, 0.03, 0.03, 0.0);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // A real alert on real data: it fires while the canary answers more than 5 % 5xx.
    private static final String RULES = """
            groups:
              - name: canary
                rules:
                  - alert: CanaryErrors
                    expr: sum(rate(http_requests_total{namespace="shop", track="canary", code=~"5.."}[10s])) / sum(rate(http_requests_total{namespace="shop", track="canary"}[10s])) > 0.05
                    labels: {severity: page}
            """;

    @TempDir
    static Path dir;
    private static InstrumentedService shop;
    private static InstrumentedService legacy;
    private static PrometheusProcess prometheus;
    private static PrometheusMetricProvider provider;

    @BeforeAll
    static void startPrometheusScrapingTheService() throws Exception {
        PrometheusProcess.binary();
        shop = new InstrumentedService("shop", "checkout", "code", STABLE, CANARY);
        legacy = new InstrumentedService("legacy", "billing", "status", LEGACY, LEGACY);
        List<String> targets = new ArrayList<>(shop.targets());
        targets.addAll(legacy.targets());
        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), targets, RULES);
        provider = provider("code", Map.of("scrapes", "min(count_over_time(up{job=\"service\"}[${window}]))"));
        // Data for a whole window on every target, so that rates and counts cover all of it.
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.targetsUp() == 4
                        && provider.query(query("scrapes", Track.STABLE, Map.of())).value().orElse(0) >= WINDOW.toSeconds() - 1);
    }

    @AfterAll
    static void stopEverything() {
        if (prometheus != null) {
            prometheus.close();
        }
        for (InstrumentedService service : new InstrumentedService[] {shop, legacy}) {
            if (service != null) {
                service.close();
            }
        }
    }

    private static PrometheusMetricProvider provider(String profile, Map<String, String> queries) {
        PrometheusConfig defaults = PrometheusConfig.at(prometheus.url());
        return new PrometheusMetricProvider(new PrometheusConfig(defaults.url(), profile, queries, defaults.tokenEnv(),
                defaults.timeout(), defaults.labels()), null, HTTP);
    }

    private static MetricQuery query(String metric, Track track, Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(Map.of("namespace", "shop", "service", "checkout"));
        variables.putAll(extra);
        return new MetricQuery(metric, track, WALL.instant(), WINDOW, variables);
    }

    private static double value(String metric, Track track, Map<String, String> extra) {
        MetricSample sample = provider.query(query(metric, track, extra));
        assertThat(sample.hasData()).as("%s %s has data: %s", metric, track, sample.source()).isTrue();
        return sample.value().getAsDouble();
    }

    private static double value(String metric, Track track) {
        return value(metric, track, Map.of());
    }

    /** Prometheus' histogram_quantile over the client's standard buckets for a track's two latencies. */
    private static double expectedQuantile(double q, Behaviour b) {
        double[] bounds = Histogram.Builder.DEFAULT_CLASSIC_UPPER_BOUNDS;
        double[] shares = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            double lower = i == 0 ? 0 : bounds[i - 1];
            shares[i] += b.fastSeconds() > lower && b.fastSeconds() <= bounds[i] ? 1 - b.slowShare() : 0;
            shares[i] += b.slowSeconds() > lower && b.slowSeconds() <= bounds[i] ? b.slowShare() : 0;
        }
        double below = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (below + shares[i] >= q) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                return lower + (bounds[i] - lower) * (q - below) / shares[i];
            }
            below += shares[i];
        }
        throw new IllegalArgumentException("no bucket holds the quantile " + q);
    }

    @Test
    @Order(1)
    void theErrorRateIsTheInjectedShareOfServerErrors() {
        // The stable track never answered a 5xx, so it has no 5xx series at all: that is 0, not "no data".
        assertThat(value("error-rate", Track.STABLE)).isEqualTo(0.0);
        assertThat(value("error-rate", Track.CANARY)).isCloseTo(CANARY.errorShare(), within(0.015));
    }

    @Test
    @Order(1)
    void latencyQuantilesAreTheHistogramsQuantiles() {
        for (Track track : Track.values()) {
            Behaviour b = track == Track.STABLE ? STABLE : CANARY;
            assertThat(value("p50-latency", track)).as("p50 %s", track).isCloseTo(expectedQuantile(0.50, b), within(0.01));
            assertThat(value("p95-latency", track)).as("p95 %s", track)
                    .isCloseTo(expectedQuantile(0.95, b), within(0.05 * expectedQuantile(0.95, b)));
            assertThat(value("p99-latency", track)).as("p99 %s", track)
                    .isCloseTo(expectedQuantile(0.99, b), within(0.05 * expectedQuantile(0.99, b)));
        }
        // The canary's slow share is what makes it worse than stable: 0.92 s against 0.098 s at P95.
        assertThat(expectedQuantile(0.95, CANARY)).isGreaterThan(3 * expectedQuantile(0.95, STABLE));
    }

    @Test
    @Order(1)
    void countsFollowTheLoadAndItsInjectedShares() {
        for (Track track : Track.values()) {
            Behaviour b = track == Track.STABLE ? STABLE : CANARY;
            Instant end = WALL.instant();
            double requests = provider.query(at(end, "request-count", track, Map.of())).value().orElseThrow();
            double errors = provider.query(at(end, "error-count", track, Map.of())).value().orElseThrow();
            String le = track == Track.STABLE ? "0.25" : "500ms";
            double slow = provider.query(at(end, "slow-count", track, Map.of("le", le))).value().orElseThrow();
            // slow-count counts from the histogram, so its share is of the histogram's own count.
            double timed = provider.query(at(end, "histogram-count", track, Map.of())).value().orElseThrow();

            assertThat(requests).as("requests %s", track).isCloseTo(b.rps() * WINDOW.toSeconds(), within(0.15 * b.rps() * WINDOW.toSeconds()));
            assertThat(errors / requests).as("error share %s", track).isCloseTo(b.errorShare(), within(0.015));
            assertThat(slow / timed).as("slow share %s", track).isCloseTo(b.slowShare(), within(0.015));
            assertThat(timed).as("timed requests %s", track).isCloseTo(requests, within(0.05 * requests));
        }
    }

    private static MetricQuery at(Instant end, String metric, Track track, Map<String, String> extra) {
        MetricQuery q = query(metric, track, extra);
        return new MetricQuery(q.metric(), q.track(), end, q.window(), q.variables());
    }

    @Test
    @Order(1)
    void aSlowBoundThatIsNoBucketListsTheBucketsTheClientWrote() {
        assertThatThrownBy(() -> provider.query(query("slow-count", Track.CANARY, Map.of("le", "0.3"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("le 0.3 is not a bucket bound of the latency histogram")
                .hasMessageContaining("its bounds are 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0 (seconds)");
        // The Java client writes le="1.0"; asking for 1 finds that bucket.
        assertThat(value("slow-count", Track.CANARY, Map.of("le", "1"))).isEqualTo(0.0);
    }

    @Test
    @Order(1)
    void firingAlertsCountTheAlertsTheSelectorMatches() {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> value("firing-alerts", Track.CANARY, Map.of("selector", "severity=\"page\"")) == 1.0);
        assertThat(value("firing-alerts", Track.CANARY, Map.of("selector", "severity=\"critical\""))).isEqualTo(0.0);
        assertThat(value("firing-alerts", Track.STABLE, Map.of("selector", "alertname=~\"Canary.*\""))).isEqualTo(1.0);
    }

    @Test
    @Order(1)
    void aServiceWithoutTrafficHasNoData() {
        Map<String, String> nowhere = Map.of("namespace", "nowhere", "le", "0.25");
        for (String metric : List.of("error-rate", "p95-latency", "request-count", "error-count", "slow-count",
                "histogram-count")) {
            MetricSample sample = provider.query(query(metric, Track.CANARY, nowhere));
            assertThat(sample.hasData()).as(metric).isFalse();
        }
    }

    @Test
    @Order(1)
    void theStatusProfileReadsTheStatusLabel() {
        PrometheusMetricProvider status = provider("status", Map.of());
        MetricQuery billing = new MetricQuery("error-rate", Track.CANARY, WALL.instant(), WINDOW,
                Map.of("namespace", "legacy", "service", "billing"));

        assertThat(status.query(billing).value()).hasValueCloseTo(LEGACY.errorShare(), within(0.015));
        // The code profile finds no code label there: every request counts as a success.
        assertThat(provider.query(billing).value()).hasValue(0.0);
    }

    @Test
    @Order(1)
    void aRangeIsOnePointPerStep() {
        MetricQuery q = query("error-rate", Track.CANARY, Map.of());

        List<MetricPoint> points = provider.queryRange(q, q.end().minusSeconds(5), Duration.ofSeconds(1));

        assertThat(points).hasSizeBetween(5, 6);
        assertThat(points).allSatisfy(p -> assertThat(p.value()).isCloseTo(CANARY.errorShare(), within(0.02)));
        assertThat(points.get(points.size() - 1).time()).isBetween(q.end().minusSeconds(1), q.end());
    }

    @Test
    @Order(1)
    void aQueryPrometheusCannotParseIsAUsageErrorWithItsReason() {
        PrometheusMetricProvider broken = provider("code",
                Map.of("error-rate", "sum(rate(http_requests_total{service=\"${service}\"}[${window}])"));

        assertThatThrownBy(() -> broken.query(query("error-rate", Track.CANARY, Map.of())))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Prometheus rejected the query for error-rate (canary): HTTP 400 bad_data: ")
                .hasMessageContaining("parse error")
                .hasMessageContaining("query: sum(rate(http_requests_total{service=\"checkout\"}[10s])");
    }

    @Test
    @Order(1)
    void everyShippedTemplateIsValidPromqlEvenWithHostileValues() throws Exception {
        Path promtool = RequiredBinary.find("promtool");
        StringBuilder rules = new StringBuilder("groups:\n  - name: templates\n    rules:\n");
        Map<String, String> hostile = Map.of("namespace", "we\"ird\\ns\n", "service", "a'b", "le", "0.5",
                "selector", "severity=\"critical\"");
        for (String profile : PrometheusConfig.PROFILES) {
            PrometheusQueryTemplates templates = provider(profile, Map.of()).templates();
            List<String> metrics = Stream.concat(templates.metrics().stream(),
                    Stream.of(PrometheusQueryTemplates.BUCKET_BOUNDS)).toList();
            for (String metric : metrics) {
                Map<String, String> values = new HashMap<>(hostile);
                values.putAll(Map.of("track", "canary", "window", "1m30s", "namespaceLabel", "namespace",
                        "serviceLabel", "service", "trackLabel", "track"));
                String promql = templates.render(metric, values);
                rules.append("      - record: ").append(profile).append(':').append(metric.replace('-', '_')).append('\n')
                        .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
            }
        }
        Path file = dir.resolve("templates.rules.yml");
        Files.writeString(file, rules);

        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
        // Two profiles, each with nine metrics and bucket-bounds.
        assertThat(output).contains("SUCCESS: 20 rules found");
    }

    @Test
    @Order(2)
    void anInjectedFaultShowsWithinAWindow() {
        shop.change(Track.CANARY, CANARY.withErrorShare(0.5));

        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> value("error-rate", Track.CANARY) > 0.45);
        assertThat(value("error-rate", Track.STABLE)).isEqualTo(0.0);
    }
}
