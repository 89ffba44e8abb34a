package io.cicdmanager.tui.demo;

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
    private final Clock base;
    private final Sleeper sleeper;
    private final double speed;
    private final Instant origin;

    public ScaledTime(Clock base, Sleeper sleeper, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number: " + speed);
        }
        this.base = base;
        this.sleeper = sleeper;
        this.speed = speed;
        this.origin = base.instant();
    }

    public double speed() {
        return speed;
    }

    /** The demo clock: real time since the start, times the speed, after the start. */
    public Clock clock() {
        return withZone(base.getZone());
    }

    @Override
    public Instant instant() {
        return now();
    }

    public Instant now() {
        long real = Duration.between(origin, base.instant()).toNanos();
        return origin.plusNanos(Math.round(real * speed));
    }

    /** How long {@code demo} lasts on the real clock. */
    public Duration real(Duration demo) {
        return Duration.ofNanos(Math.round(demo.toNanos() / speed));
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(real(duration));
    }
}
