package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationScenarioPodsTest {
    static SimulationScenario parse(String yaml) {
        return SimulationScenario.from(ConfigReader.read(yaml, "scenario.yaml"));
    }

    @Test
    void readinessAndCrashFaultsChangeAtTheirEventsTimes() {
        SimulationScenario s = parse("""
                canary: {ready: false}
                events:
                  - {at: 60s, canary: {ready: true}}
                  - {at: 90s, stable: {crash: true}}
                  - {at: 20s, command: promote, by: pat}
                """);
        assertThat(s.podsAt(Track.CANARY, Duration.ZERO).serving()).isFalse();
        assertThat(s.podsAt(Track.CANARY, Duration.ofSeconds(59)).serving()).isFalse();
        assertThat(s.podsAt(Track.CANARY, Duration.ofSeconds(60)).serving()).isTrue();
        assertThat(s.podsAt(Track.STABLE, Duration.ofSeconds(89))).isEqualTo(SimulationScenario.PodHealth.HEALTHY);
        assertThat(s.podsAt(Track.STABLE, Duration.ofSeconds(90))).isEqualTo(new SimulationScenario.PodHealth(true, true));
        assertThat(s.podsAt(Track.STABLE, Duration.ofSeconds(90)).serving()).isFalse();
        // the command event is still a command, with its actor
        assertThat(s.events()).filteredOn(e -> e.command() != null).singleElement()
                .satisfies(e -> assertThat(e.by()).isEqualTo("pat"));
        // a pod fault alone changes no metric behaviour
        assertThat(s.canary()).isEqualTo(s.stable());
    }

    @Test
    void aPodFaultThatIsNotABooleanIsNamedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                events:
                  - {at: 60s, canary: {ready: maybe}}
                """)).isInstanceOf(UsageException.class).hasMessageContaining("scenario.yaml:2")
                .hasMessageContaining("ready");
        assertThatThrownBy(() -> parse("canary: {readyy: false}")).isInstanceOf(UsageException.class)
                .hasMessageContaining("readyy").hasMessageContaining("crash, errorRate, noise, p95, ready, sigma, warmup");
    }
}
