package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
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
        SimulationScenario s = scenario("events: [{at: 5m, command: promote-full}]");
        assertThat(s.events()).singleElement().satisfies(e -> {
            assertThat(e.by()).isEqualTo("simulator");
            assertThat(e.at()).isEqualTo(Duration.ofMinutes(5));
        });
        assertThat(SimulationScenario.healthy(1, 10).canary().errorRate()).isEqualTo(0.005);
    }
}
