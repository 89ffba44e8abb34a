package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge's raw counters against a real {@code prometheus} scraping every 15 s, as production ones do: pods
 * whose counters the test moves by known amounts, one of them restarting (its counter starts again from zero) and
 * one appearing during the canary with requests already counted before its first scrape. The judge's counts must be
 * exactly what the pods served; Prometheus' {@code increase()} over the same window is not.
 */
class RawCountersIT {
    /** The one real clock of this test: the real prometheus scrapes and answers in wall time. */
    private static final Clock WALL = Clock.systemUTC();
    private static final Duration SCRAPE = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** One pod: its own metrics endpoint, with a request counter that can restart. */
    static final class Pod implements AutoCloseable {
        final String track;
        final PrometheusRegistry registry = new PrometheusRegistry();
        final HTTPServer server;
        Counter requests;

        Pod(String track) throws IOException {
            this.track = track;
            restart();
            server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0).registry(registry)
                    .buildAndStart();
        }

        /** A new process: the same series, counted from zero again. */
        void restart() {
            if (requests != null) {
                registry.unregister(requests);
            }
            requests = Counter.builder().name("http_requests_total").help("HTTP requests by status code")
                    .labelNames("code", "track", "service", "namespace").register(registry);
            // The 200 series exists from the start; a 5xx series only from the first 5xx, as in client libraries.
            requests.labelValues("200", track, "shop", "prod").inc(0);
        }

        void serve(long ok, long failed) {
            requests.labelValues("200", track, "shop", "prod").inc(ok);
            if (failed > 0) {
                requests.labelValues("500", track, "shop", "prod").inc(failed);
            }
        }

        String target() {
            return "127.0.0.1:" + server.getPort();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static void targets(Path file, List<Pod> pods) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (Pod p : pods) {
            yaml.append("- targets: ['").append(p.target()).append("']\n");
        }
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, yaml);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Per pod ({@code instance}), requests and 5xx answers over the window ending at {@code end}. */
    private static Map<String, long[]> counts(MetricProvider provider, Track track, Instant start, Instant end) {
        Duration window = Duration.ofMillis(Duration.between(start, end).toMillis() / 1000 * 1000);
        Instant to = start.plus(window);
        Map<String, long[]> pods = new LinkedHashMap<>();
        for (String metric : List.of(MetricProvider.REQUEST_COUNTERS, MetricProvider.ERROR_COUNTERS)) {
            MetricQuery query = new MetricQuery(metric, track, to, window, Map.of("namespace", "prod", "service", "shop"));
            for (SeriesIncreases s : provider.rawCounters().orElseThrow().increases(query, window)) {
                long[] c = pods.computeIfAbsent(SequentialJudgeCheck.pod(s), k -> new long[2]);
                c[metric.equals(MetricProvider.REQUEST_COUNTERS) ? 0 : 1] += Math.round(s.total());
            }
        }
        return pods;
    }

    private static long[] sum(Map<String, long[]> pods) {
        long[] total = new long[2];
        pods.values().forEach(c -> {
            total[0] += c[0];
            total[1] += c[1];
        });
        return total;
    }

    @Test
    void theJudgeCountsWhatThePodsServedAcrossARestartAndANewPod() throws Exception {
        PrometheusProcess.binary();
        Path targetsFile = dir.resolve("targets.yml");
        List<Pod> pods = new ArrayList<>();
        try (Pod stable = new Pod("stable"); Pod canary = new Pod("canary"); Pod late = new Pod("canary")) {
            stable.serve(990, 10);
            pods.add(stable);
            pods.add(canary);
            targets(targetsFile, pods);
            try (PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"), targetsFile,
                    SCRAPE)) {
                PrometheusMetricProvider provider = new PrometheusMetricProvider(PrometheusConfig.at(
                        URI.create(prometheus.url().toString())), null, HTTP);
                // Both pods scraped at least once: the window starts after that.
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                        .until(() -> prometheus.targetsUp() == 2);
                Instant start = WALL.instant();
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() ->
                        counts(provider, Track.STABLE, start.minusSeconds(40), WALL.instant()).size() == 1
                        && counts(provider, Track.CANARY, start.minusSeconds(40), WALL.instant()).size() == 1);
                Instant from = WALL.instant();

                stable.serve(594, 6);
                canary.serve(190, 10);
                // Its first 5xx create the canary's 500 series: its first errors must count too.
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                        .until(() -> sum(counts(provider, Track.CANARY, from, WALL.instant()))[0] == 200);
                canary.restart();
                canary.serve(29, 1);
                // A new pod whose first requests come before its first scrape.
                late.serve(45, 5);
                pods.add(late);
                targets(targetsFile, pods);
                await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                        .until(() -> sum(counts(provider, Track.CANARY, from, WALL.instant()))[0] == 280);
                Instant to = WALL.instant();

                Map<String, long[]> canaryPods = counts(provider, Track.CANARY, from, to);
                assertThat(canaryPods).containsOnlyKeys(canary.target(), late.target());
                assertThat(canaryPods.get(canary.target())).containsExactly(230, 11);
                assertThat(canaryPods.get(late.target())).containsExactly(50, 5);
                assertThat(sum(counts(provider, Track.STABLE, from, to))).containsExactly(600, 6);

                // increase() over the same window extrapolates, loses the new series' first counts and the
                // requests between the last sample before the restart and the restart: not these numbers.
                Duration window = Duration.ofSeconds(Duration.between(from, to).toSeconds());
                MetricSample increase = provider.query(new MetricQuery("request-count", Track.CANARY, from.plus(window),
                        window, Map.of("namespace", "prod", "service", "shop")));
                assertThat(increase.value().orElse(0)).isNotEqualTo(280.0);

                // The judge itself, over the same time: it reads the same counters.
                SequentialJudgeCheck check = new SequentialJudgeCheck("errors-vs-stable", "error-rate",
                        JudgeSettings.defaults(), Map.of());
                Instant end = to.plus(provider.ingestionLag());
                CheckResult result = check.evaluate(new AnalysisContext(provider, null, end, window, from,
                        Map.of("namespace", "prod", "service", "shop")));
                assertThat(result.message()).contains("canary 5.7 % (16/280) vs stable 1 % (6/600)");
            }
        }
    }
}
