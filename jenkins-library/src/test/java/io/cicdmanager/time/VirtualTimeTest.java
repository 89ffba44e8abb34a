package io.cicdmanager.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void sleepingAdvancesTheClockAndRunsTasksInTimeOrder() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        List<String> ran = new ArrayList<>();
        time.schedule(T0.plusSeconds(20), () -> ran.add("b@" + time.now()));
        time.schedule(T0.plusSeconds(10), () -> ran.add("a@" + time.now()));
        time.schedule(T0.plusSeconds(10), () -> ran.add("a2"));
        time.sleep(Duration.ofSeconds(15));
        assertThat(ran).containsExactly("a@" + T0.plusSeconds(10), "a2");
        assertThat(time.now()).isEqualTo(T0.plusSeconds(15));
        time.sleep(Duration.ofSeconds(-1));
        assertThat(time.now()).isEqualTo(T0.plusSeconds(15));
        time.sleep(Duration.ofMinutes(45));
        assertThat(ran).hasSize(3);
        assertThat(time.clock().instant()).isEqualTo(T0.plusSeconds(15 + 45 * 60));
    }

    @Test
    void repeatingTasksRunEveryPeriod() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        List<Instant> ticks = new ArrayList<>();
        time.every(Duration.ofSeconds(5), () -> ticks.add(time.now()));
        time.sleep(Duration.ofSeconds(16));
        assertThat(ticks).containsExactly(T0.plusSeconds(5), T0.plusSeconds(10), T0.plusSeconds(15));
        assertThatThrownBy(() -> time.every(Duration.ZERO, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInterruptStopsASleeper() {
        VirtualTime time = new VirtualTime(T0);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
        time.schedule(T0.plusSeconds(1), () -> Thread.currentThread().interrupt());
        assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(2))).isInstanceOf(InterruptedException.class);
        assertThat(time.now()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void theClockCarriesAZone() {
        Clock clock = new VirtualTime(T0).clock();
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(T0);
    }

    @Test
    void aDoorbellEndsAWaitEarly() throws Exception {
        VirtualTime time = new VirtualTime(T0);
        Doorbell bell = new Doorbell();
        assertThat(bell.await(T0.plusSeconds(2), time.clock(), time, Duration.ofMillis(100))).isFalse();
        assertThat(time.now()).isEqualTo(T0.plusSeconds(2));
        time.schedule(T0.plusSeconds(3), bell::ring);
        assertThat(bell.await(T0.plusSeconds(60), time.clock(), time, Doorbell.DEFAULT_SLICE)).isTrue();
        assertThat(time.now()).isBetween(T0.plusSeconds(3), T0.plusSeconds(3).plusMillis(20));
        assertThat(bell.isRung()).isTrue();
        assertThat(bell.answer()).isTrue();
        assertThat(bell.answer()).isFalse();
    }

    @Test
    void theSystemSleeperWaitsOnlyForPositiveDurations() throws Exception {
        SystemSleeper sleeper = new SystemSleeper();
        long start = System.nanoTime();
        sleeper.sleep(Duration.ZERO);
        sleeper.sleep(Duration.ofMillis(-5));
        sleeper.sleep(Duration.ofMillis(2));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2_000_000L);
    }
}
