package io.cicdmanager.tui.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.tui.ssh.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaledTimeTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void demoTimeRunsSpeedTimesFasterFromTheStartOnTheOneRealClock() throws Exception {
        MutableClock real = new MutableClock(START);
        List<Duration> slept = new ArrayList<>();
        ScaledTime time = new ScaledTime(real, slept::add, 20);
        assertThat(time.now()).isEqualTo(START);
        real.advance(Duration.ofSeconds(3));
        assertThat(time.clock().instant()).isEqualTo(START.plusSeconds(60));
        time.sleep(Duration.ofMinutes(1));
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
        assertThat(time.real(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(20));
        assertThat(time.speed()).isEqualTo(20);
        assertThat(time.clock().withZone(ZoneId.of("Europe/Paris")).getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(time.clock().withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void aSpeedMustBePositiveAndFinite() {
        MutableClock real = new MutableClock(START);
        assertThatThrownBy(() -> new ScaledTime(real, d -> { }, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ScaledTime(real, d -> { }, Double.NaN)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ScaledTime(real, d -> { }, Double.POSITIVE_INFINITY))
                .hasMessageContaining("positive");
    }
}
