package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw counter samples read as the judge reads them, and as Prometheus' increase() reads them. */
class CounterSamplesTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    /** Samples at the given seconds after T0 with the given values. */
    private static List<MetricPoint> samples(double... secondsAndValues) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < secondsAndValues.length; i += 2) {
            points.add(new MetricPoint(T0.plusMillis(Math.round(secondsAndValues[i] * 1000)), secondsAndValues[i + 1]));
        }
        return points;
    }

    @Test
    void windowsAreDifferencedAtTheirEndsSoThatConsecutiveOnesAddUp() {
        // Scrapes every 15 s; windows of 10 s read the counter at their ends' last samples.
        List<MetricPoint> scrapes = samples(0, 100, 15, 130, 30, 160, 45, 190, 60, 220);
        double[] steps = CounterSamples.increases(scrapes, T0.plusSeconds(60), Duration.ofSeconds(10), 5);
        // The boundaries at 10, 20, 30, 40, 50, 60 s read the samples at 0, 15, 30, 30, 45 and 60 s.
        assertThat(steps).containsExactly(30, 30, 0, 30, 30);
        double[] whole = CounterSamples.increases(scrapes, T0.plusSeconds(60), Duration.ofSeconds(50), 1);
        assertThat(whole).containsExactly(120);
        // What a window misses because its last scrape came before its end, the next one counts.
        double[] later = CounterSamples.increases(scrapes, T0.plusSeconds(55), Duration.ofSeconds(20), 1);
        assertThat(later).containsExactly(30);
    }

    @Test
    void aFallIsARestartFromZeroAndANewSeriesCountsFromZero() {
        List<MetricPoint> restarted = samples(0, 500, 15, 520, 30, 4, 45, 10);
        assertThat(CounterSamples.increases(restarted, T0.plusSeconds(45), Duration.ofSeconds(45), 1))
                .containsExactly(20 + 4 + 6);
        // First seen inside the window: a pod started in it, and its first errors count.
        List<MetricPoint> appeared = samples(20, 3, 35, 8);
        assertThat(CounterSamples.increases(appeared, T0.plusSeconds(40), Duration.ofSeconds(30), 1)).containsExactly(8);
        assertThat(CounterSamples.increases(appeared, T0.plusSeconds(40), Duration.ofSeconds(10), 3))
                .containsExactly(3, 0, 5);
        assertThat(CounterSamples.increases(List.of(), T0, Duration.ofSeconds(10), 2)).containsExactly(0, 0);
    }

    @Test
    void increaseExtrapolatesAsPrometheusDoes() {
        // 1/s, scraped every 15 s, the 30-s range holding two samples 15 s apart, 8 s after its start and 7 s
        // before its end: Prometheus reports 15 × (15 + 8 + 7) / 15 = 30, not the 15 the samples show.
        List<MetricPoint> scrapes = samples(0, 100, 15, 115, 30, 130, 45, 145);
        assertThat(CounterSamples.extrapolatedIncrease(scrapes, T0.plusSeconds(37), Duration.ofSeconds(30)))
                .isCloseTo(30, within(1e-9));
        // Near the range's edges it extrapolates to them; a counter near zero only back to zero.
        assertThat(CounterSamples.extrapolatedIncrease(samples(1, 10, 16, 25, 29, 38), T0.plusSeconds(30),
                Duration.ofSeconds(30))).isCloseTo(28 * 30 / 28.0, within(1e-9));
        assertThat(CounterSamples.extrapolatedIncrease(samples(10, 1, 20, 11), T0.plusSeconds(30),
                Duration.ofSeconds(30))).isCloseTo(10 * (10 + 1 + 10) / 10.0, within(1e-9));
        assertThat(CounterSamples.extrapolatedIncrease(samples(10, 1), T0.plusSeconds(30), Duration.ofSeconds(30)))
                .isNaN();
    }
}
