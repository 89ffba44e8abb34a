package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.tui.screen.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {
    private final MutableClock clock = new MutableClock(Fixtures.NOW);
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 3, Duration.ofMinutes(1),
            Duration.ofMinutes(5));

    @Test
    void locksAnAddressOutAfterTooManyFailuresInTheWindowThenLetsItBackIn() {
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.locked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).isTrue();
        assertThat(limiter.locked("10.0.0.1")).isTrue();
        assertThat(limiter.locked("10.0.0.2")).as("other addresses are not affected").isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.locked("10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(limiter.locked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).as("the count started again").isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.locked("10.0.0.1")).isFalse();
    }
}
