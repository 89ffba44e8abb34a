package io.cicdmanager.tui.demo;

import io.cicdmanager.time.ScaledClock;
import io.cicdmanager.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Demo time: the one real clock and sleeper, run {@code speed} times faster from the moment this was made. A demo
 * second passes in 1/speed of a real one, so a rollout with minute-long pauses is watched in seconds while the
 * engine, the screens and the heartbeats all read the same clock.
 */
public final class ScaledTime implements Sleeper, InstantSource {
    private final Sleeper sleeper;
    private final ScaledClock clock;

    public ScaledTime(Clock base, Sleeper sleeper, double speed) {
        this.sleeper = sleeper;
        this.clock = new ScaledClock(base, base.instant(), speed);
    }

    public double speed() {
        return clock.speed();
    }

    /** When demo time started: demo time equals real time at this instant. */
    public Instant origin() {
        return clock.origin();
    }

    /** The demo clock: real time since the start, times the speed, after the start. */
    public Clock clock() {
        return clock;
    }

    @Override
    public Instant instant() {
        return now();
    }

    public Instant now() {
        return clock.instant();
    }

    /** How long {@code demo} lasts on the real clock. */
    public Duration real(Duration demo) {
        return Duration.ofNanos(Math.round(demo.toNanos() / clock.speed()));
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(real(duration));
    }
}
