package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedMetricProviderTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    static SimulationScenario scenario(String yaml) {
        return SimulationScenario.from(ConfigReader.read(yaml, "scenario.yaml"));
    }

    static double value(MetricProvider p, String metric, Track track, Instant end, Duration window,
            Map<String, String> vars) {
        MetricSample s = p.query(new MetricQuery(metric, track, end, window, vars));
        assertThat(s.hasData()).as(metric + " has data").isTrue();
        assertThat(s.source()).contains(metric);
        return s.value().getAsDouble();
    }

    @Test
    void trafficFollowsTheWeightsAndTheTracksBehaviour() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        WeightTimeline weights = new WeightTimeline();
        weights.set(T0, 25);
        SimulatedMetricProvider p = new SimulatedMetricProvider(scenario("""
                seed: 3
                traffic: {rps: 400}
                stable: {errorRate: 0.01, p95: 200ms}
                canary: {errorRate: 0.10, p95: 1s, sigma: 0.3}
                """), T0, time.clock(), weights);
        time.sleep(Duration.ofMinutes(10));
        Instant now = time.now();
        Duration w = Duration.ofMinutes(10);
        double canaryRequests = value(p, "request-count", Track.CANARY, now, w, Map.of());
        double stableRequests = value(p, "request-count", Track.STABLE, now, w, Map.of());
        assertThat(canaryRequests).isCloseTo(400 * 600 * 0.25, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(stableRequests).isCloseTo(400 * 600 * 0.75, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(value(p, "error-rate", Track.CANARY, now, w, Map.of())).isCloseTo(0.10,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(value(p, "error-rate", Track.STABLE, now, w, Map.of())).isCloseTo(0.01,
                org.assertj.core.data.Offset.offset(0.003));
        assertThat(value(p, "error-count", Track.CANARY, now, w, Map.of()) / canaryRequests).isCloseTo(0.10,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(value(p, "p95-latency", Track.CANARY, now, w, Map.of())).isCloseTo(1.0,
                org.assertj.core.data.Percentage.withPercentage(8));
        assertThat(value(p, "p95-latency", Track.STABLE, now, w, Map.of())).isCloseTo(0.2,
                org.assertj.core.data.Percentage.withPercentage(8));
        double p50 = value(p, "p50-latency", Track.STABLE, now, w, Map.of());
        double p99 = value(p, "p99-latency", Track.STABLE, now, w, Map.of());
        assertThat(p50).isLessThan(0.2).isGreaterThan(0.05);
        assertThat(p99).isGreaterThan(0.2);
        // slow-count at the P95 bound is about 5 % of requests; exact at a Prometheus bucket bound
        double slow = value(p, "slow-count", Track.STABLE, now, w, Map.of("le", "0.2"));
        assertThat(slow / stableRequests).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.01));
        double slowAtBucket = value(p, "slow-count", Track.CANARY, now, w, Map.of("le", "1"));
        assertThat(slowAtBucket / canaryRequests).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.01));
        assertThat(value(p, "firing-alerts", Track.CANARY, now, w, Map.of("selector", "x"))).isZero();
    }

    @Test
    void theSameSeedReplaysExactlyAndEventsChangeTheWorld() throws Exception {
        String yaml = """
                seed: 11
                traffic: {rps: 100}
                events:
                  - {at: 60s, canary: {errorRate: 0.5}}
                  - {at: 90s, traffic: {rps: 0}}
                  - {at: 100s, alerts: 2}
                  - {at: 120s, provider: down}
                  - {at: 130s, provider: up, stable: {p95: 2s}}
                """;
        double[] runs = new double[2];
        for (int i = 0; i < 2; i++) {
            VirtualTime time = new VirtualTime(T0);
            WeightTimeline weights = new WeightTimeline();
            weights.set(T0, 50);
            SimulatedMetricProvider p = new SimulatedMetricProvider(scenario(yaml), T0, time.clock(), weights);
            time.sleep(Duration.ofSeconds(80));
            runs[i] = value(p, "error-rate", Track.CANARY, time.now(), Duration.ofSeconds(20), Map.of());
            assertThat(runs[i]).isGreaterThan(0.3);
            time.sleep(Duration.ofSeconds(30));
            MetricSample none = p.query(new MetricQuery("error-rate", Track.CANARY, time.now(), Duration.ofSeconds(15),
                    Map.of()));
            assertThat(none.hasData()).as("no traffic, no data").isFalse();
            assertThat(p.query(new MetricQuery("p95-latency", Track.CANARY, time.now(), Duration.ofSeconds(15),
                    Map.of())).hasData()).isFalse();
            assertThat(value(p, "firing-alerts", Track.CANARY, time.now(), Duration.ofSeconds(30), Map.of())).isEqualTo(2);
            time.sleep(Duration.ofSeconds(15));
            Instant down = time.now();
            assertThatThrownBy(() -> p.query(new MetricQuery("error-rate", Track.CANARY, down, Duration.ofSeconds(30),
                    Map.of()))).isInstanceOf(DependencyUnreachableException.class).hasMessageContaining("down");
            time.sleep(Duration.ofSeconds(15));
            assertThatThrownBy(() -> p.query(new MetricQuery("cpu", Track.CANARY, T0.plusSeconds(140),
                    Duration.ofSeconds(30), Map.of()))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.query(new MetricQuery("slow-count", Track.CANARY, T0.plusSeconds(140),
                    Duration.ofSeconds(30), Map.of()))).hasMessageContaining("le");
        }
        assertThat(runs[0]).isEqualTo(runs[1]);
    }

    @Test
    void histogramArithmeticFollowsPrometheus() {
        long[] h = new long[SimulatedMetricProvider.BOUNDS.length + 1];
        int b = SimulatedMetricProvider.bucket(0.25);
        assertThat(SimulatedMetricProvider.BOUNDS[b]).isEqualTo(0.25);
        h[b] = 10;
        h[b + 1] = 10;
        assertThat(SimulatedMetricProvider.slowerThan(h, 20, 0.25)).isEqualTo(10.0);
        double mid = (SimulatedMetricProvider.BOUNDS[b] + SimulatedMetricProvider.BOUNDS[b + 1]) / 2;
        assertThat(SimulatedMetricProvider.slowerThan(h, 20, mid)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SimulatedMetricProvider.slowerThan(h, 20, 1000)).isZero();
        assertThat(SimulatedMetricProvider.bucket(1e6)).isEqualTo(SimulatedMetricProvider.BOUNDS.length);
    }

    /** Per-pod raw counter increases of a track over the window, summed per pod. */
    static Map<String, Double> perPod(MetricProvider p, String metric, Track track, Instant end, Duration window) {
        Map<String, Double> pods = new java.util.TreeMap<>();
        MetricQuery query = new MetricQuery(metric, track, end, window, Map.of());
        for (SeriesIncreases s : p.rawCounters().orElseThrow().increases(query, window)) {
            if (!s.labels().containsKey("le")) {
                pods.merge(SequentialJudgeCheck.pod(s), s.total(), Double::sum);
            }
        }
        return pods;
    }

    @Test
    void theScenariosShapeKeysAreReadAsWritten() {
        SimulationScenario s = scenario("""
                expect: promote
                traffic: {rps: 200, burst: 3}
                stable: {errorRate: 0.005, p95: 120ms, noise: 0.3}
                canary: {errorRate: 0.005, p95: 120ms, noise: 0.5,
                         warmup: {for: 45s, errorRate: 0.02, p95: 300ms}}
                pods: {canary: 3, stable: 9, outlier: {track: canary, errorRate: 0.2}}
                prometheus: {scrapeInterval: 15s}
                """);
        assertThat(s.expect()).isEqualTo("promote");
        assertThat(s.shape().burst()).isEqualTo(3);
        assertThat(s.shape().noise(Track.STABLE)).isEqualTo(0.3);
        assertThat(s.shape().noise(Track.CANARY)).isEqualTo(0.5);
        assertThat(s.shape().warmup().duration()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.shape().warmup().behaviour()).isEqualTo(new SimulationScenario.Change(0.02, 0.3, null));
        assertThat(s.shape().pods()).isEqualTo(new SimulationScenario.Pods(3, 9, new SimulationScenario.Outlier(
                Track.CANARY, new SimulationScenario.Change(0.2, null, null))));
        assertThat(s.shape().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.canary().errorRate()).isEqualTo(0.005);
        // Without the keys, today's world: independent requests counted exactly, nothing expected.
        SimulationScenario plain = scenario("seed: 2");
        assertThat(plain.shape()).isEqualTo(SimulationScenario.Shape.INDEPENDENT);
        assertThat(plain.expect()).isNull();
        assertThat(plain.withSeed(9).seed()).isEqualTo(9);
    }

    @Test
    void failuresInBurstsAndWanderingRatesAreOverdispersed() throws Exception {
        // Ten-second counts of the stable track's 5xx: variance about the mean without bursts, about (2·3 − 1) times
        // it with bursts of mean size 3, and the wandering (sigma 0.5) adds to it.
        double independent = dispersionOfTenSecondCounts("seed: 4\ntraffic: {rps: 400}\nstable: {errorRate: 0.02}\n");
        double bursty = dispersionOfTenSecondCounts("seed: 4\ntraffic: {rps: 400, burst: 3}\n"
                + "stable: {errorRate: 0.02}\n");
        double wandering = dispersionOfTenSecondCounts("seed: 4\ntraffic: {rps: 400}\n"
                + "stable: {errorRate: 0.02, noise: 0.5}\n");
        assertThat(independent).isCloseTo(1, org.assertj.core.data.Offset.offset(0.35));
        assertThat(bursty).isCloseTo(5, org.assertj.core.data.Offset.offset(1.5));
        // Log-normal with sigma 0.5 and mean 80: variance 80 + 80² (e^0.25 − 1) ≈ 80 × 23.7.
        assertThat(wandering).isGreaterThan(10);
    }

    private static double dispersionOfTenSecondCounts(String yaml) throws Exception {
        VirtualTime time = new VirtualTime(T0);
        SimulatedMetricProvider p = new SimulatedMetricProvider(scenario(yaml), T0, time.clock(), new WeightTimeline());
        time.sleep(Duration.ofMinutes(40));
        double[] counts = new double[240];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = value(p, "error-count", Track.STABLE, T0.plusSeconds(10L * (i + 1)), Duration.ofSeconds(10),
                    Map.of());
        }
        double mean = java.util.Arrays.stream(counts).average().orElseThrow();
        double variance = java.util.Arrays.stream(counts).map(c -> (c - mean) * (c - mean)).sum() / (counts.length - 1);
        return variance / mean;
    }

    @Test
    void podsAreToldApartAndTheOutlierMisbehaves() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        WeightTimeline weights = new WeightTimeline();
        weights.set(T0, 50);
        SimulatedMetricProvider p = new SimulatedMetricProvider(scenario("""
                seed: 5
                pods: {canary: 3, stable: 9, outlier: {track: canary, errorRate: 0.2}}
                """), T0, time.clock(), weights);
        time.sleep(Duration.ofMinutes(10));
        Duration w = Duration.ofMinutes(10);
        Map<String, Double> requests = perPod(p, MetricProvider.REQUEST_COUNTERS, Track.CANARY, time.now(), w);
        Map<String, Double> errors = perPod(p, MetricProvider.ERROR_COUNTERS, Track.CANARY, time.now(), w);
        assertThat(requests.keySet()).containsExactly("bench-canary-0", "bench-canary-1", "bench-canary-2");
        assertThat(requests.values()).allSatisfy(n -> assertThat(n).isCloseTo(100 * 600 / 3.0,
                org.assertj.core.data.Percentage.withPercentage(5)));
        assertThat(errors.get("bench-canary-0") / requests.get("bench-canary-0")).isCloseTo(0.2,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(errors.get("bench-canary-1") / requests.get("bench-canary-1")).isCloseTo(0.005,
                org.assertj.core.data.Offset.offset(0.002));
        assertThat(perPod(p, MetricProvider.REQUEST_COUNTERS, Track.STABLE, time.now(), w)).hasSize(9);
        // The whole track's counts are the pods' added.
        assertThat(value(p, "request-count", Track.CANARY, time.now(), w, Map.of()))
                .isEqualTo(requests.values().stream().mapToDouble(d -> d).sum());
        // Buckets by le, cumulative, the client libraries' defaults, +Inf counting every request.
        List<SeriesIncreases> buckets = p.increases(new MetricQuery(MetricProvider.LATENCY_BUCKETS, Track.CANARY,
                time.now(), w, Map.of()), w);
        assertThat(buckets).filteredOn(b -> b.labels().get("pod").equals("bench-canary-1"))
                .extracting(b -> b.labels().get("le")).containsExactly("0.005", "0.01", "0.025", "0.05", "0.1",
                        "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
        // The stable track also served the history before the start.
        assertThat(perPod(p, MetricProvider.REQUEST_COUNTERS, Track.STABLE, T0, Duration.ofMinutes(10)).values()
                .stream().mapToDouble(d -> d).sum()).isCloseTo(200 * 600, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void newCanaryPodsWarmUpAfterEveryRiseOfTheWeight() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        WeightTimeline weights = new WeightTimeline();
        weights.set(T0, 20);
        weights.set(T0.plusSeconds(300), 40);
        SimulatedMetricProvider p = new SimulatedMetricProvider(scenario("""
                seed: 6
                traffic: {rps: 1000}
                canary: {errorRate: 0, warmup: {for: 60s, errorRate: 0.5}}
                """), T0, time.clock(), weights);
        time.sleep(Duration.ofMinutes(10));
        double first = value(p, "error-rate", Track.CANARY, T0.plusSeconds(60), Duration.ofSeconds(60), Map.of());
        double warm = value(p, "error-rate", Track.CANARY, T0.plusSeconds(300), Duration.ofSeconds(240), Map.of());
        // After the rise from 20 to 40 %, half the canary's traffic is on new pods.
        double risen = value(p, "error-rate", Track.CANARY, T0.plusSeconds(360), Duration.ofSeconds(60), Map.of());
        assertThat(first).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.03));
        assertThat(warm).isZero();
        assertThat(risen).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.03));
        // The stable track's pods are not new: no warm-up there.
        assertThat(value(p, "error-rate", Track.STABLE, T0.plusSeconds(60), Duration.ofSeconds(60), Map.of()))
                .isCloseTo(0.005, org.assertj.core.data.Offset.offset(0.003));
    }

    @Test
    void scrapedEveryFifteenSecondsCountsAreAsPrometheusHasThem() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        WeightTimeline weights = new WeightTimeline();
        weights.set(T0, 50);
        String yaml = """
                seed: 7
                traffic: {rps: 100}
                pods: {canary: 2, stable: 2}
                prometheus: {scrapeInterval: 15s}
                """;
        SimulatedMetricProvider p = new SimulatedMetricProvider(scenario(yaml), T0, time.clock(), weights);
        time.sleep(Duration.ofMinutes(10));
        // increase() over 30 s extrapolates two or three scrapes to the whole range; raw differences over 10-s
        // windows that follow each other add up to the same requests as one window over all of them.
        double exact = 0;
        for (int i = 1; i <= 30; i++) {
            exact += perPod(p, MetricProvider.REQUEST_COUNTERS, Track.CANARY, T0.plusSeconds(60 + 10L * i),
                    Duration.ofSeconds(10)).values().stream().mapToDouble(d -> d).sum();
        }
        double whole = perPod(p, MetricProvider.REQUEST_COUNTERS, Track.CANARY, T0.plusSeconds(360),
                Duration.ofSeconds(300)).values().stream().mapToDouble(d -> d).sum();
        assertThat(exact).isEqualTo(whole);
        // The canary's pods started with its traffic: before it, no series.
        assertThat(p.increases(new MetricQuery(MetricProvider.REQUEST_COUNTERS, Track.CANARY, T0, Duration.ofMinutes(5),
                Map.of()), Duration.ofMinutes(5))).isEmpty();
        double extrapolated = 0;
        for (int i = 1; i <= 10; i++) {
            extrapolated += value(p, "request-count", Track.CANARY, T0.plusSeconds(60 + 30L * i), Duration.ofSeconds(30),
                    Map.of());
        }
        // Windows of twice the scrape interval: increase() reads whole scrape intervals stretched to 30 s.
        assertThat(extrapolated).isNotEqualTo(whole).isCloseTo(whole, org.assertj.core.data.Percentage.withPercentage(25));
        assertThat(value(p, "p95-latency", Track.STABLE, time.now(), Duration.ofMinutes(5), Map.of()))
                .isBetween(0.1, 0.25);
    }

    @Test
    void badScenariosNameTheField() {
        assertThatThrownBy(() -> scenario("stable: {errorRate: 2}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("stable.errorRate").hasMessageContaining("fraction");
        assertThatThrownBy(() -> scenario("canary: {p95: 0}")).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> scenario("canary: {sigma: 9}")).hasMessageContaining("between 0 and 3");
        assertThatThrownBy(() -> scenario("traffic: {rps: -1}")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> scenario("events: [{at: 10s, command: explode}]")).hasMessageContaining("abort, pause");
        assertThatThrownBy(() -> scenario("events: [{at: 10s, provider: sideways}]")).hasMessageContaining("up or down");
        assertThatThrownBy(() -> scenario("events: [{at: 10s, alerts: -2}]")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> scenario("events: [{at: 10s, by: bob}]")).hasMessageContaining("go with a command");
        assertThatThrownBy(() -> scenario("events: [{at: 10s}]")).hasMessageContaining("does nothing");
        assertThatThrownBy(() -> scenario("colour: red")).hasMessageContaining("unknown field");
        assertThatThrownBy(() -> scenario("expect: maybe")).hasMessageContaining("scenario.yaml:1:9: expect: 'maybe' "
                + "is not one of promote, rollback");
        assertThatThrownBy(() -> scenario("traffic: {burst: 0.5}")).hasMessageContaining("traffic.burst: must be a mean "
                + "burst size from 1");
        assertThatThrownBy(() -> scenario("stable: {noise: -1}")).hasMessageContaining("stable.noise: must be a "
                + "log-normal sigma");
        assertThatThrownBy(() -> scenario("canary: {warmup: {errorRate: 0.1}}")).hasMessageContaining("canary.warmup")
                .hasMessageContaining("for");
        assertThatThrownBy(() -> scenario("canary: {warmup: {for: 0s}}")).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> scenario("stable: {warmup: {for: 10s}}")).hasMessageContaining("stable.warmup: "
                + "unknown field");
        assertThatThrownBy(() -> scenario("pods: {canary: 0}")).hasMessageContaining("pods.canary: must be from 1");
        assertThatThrownBy(() -> scenario("pods: {canary: 1, outlier: {errorRate: 0.2}}"))
                .hasMessageContaining("an outlier needs at least 2 canary pods");
        assertThatThrownBy(() -> scenario("pods: {canary: 2, outlier: {track: canary}}"))
                .hasMessageContaining("pods.outlier: says nothing about the pod");
        assertThatThrownBy(() -> scenario("prometheus: {scrapeInterval: 0s}")).hasMessageContaining("from 1s to 10m");
        SimulationScenario s = scenario("events: [{at: 5m, command: promote-full}]");
        assertThat(s.events()).singleElement().satisfies(e -> {
            assertThat(e.by()).isEqualTo("simulator");
            assertThat(e.at()).isEqualTo(Duration.ofMinutes(5));
        });
        assertThat(SimulationScenario.healthy(1, 10).canary().errorRate()).isEqualTo(0.005);
    }
}
