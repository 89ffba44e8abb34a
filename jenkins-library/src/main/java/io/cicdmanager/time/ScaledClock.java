package io.cicdmanager.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock that runs {@code speed} times faster than {@code base} from {@code origin} on: the demo's time. Whoever
 * knows the origin and the speed reads the same time as the demo, in any process.
 */
public final class ScaledClock extends Clock {
    private final Clock base;
    private final Instant origin;
    private final double speed;
    private final ZoneId zone;

    public ScaledClock(Clock base, Instant origin, double speed) {
        this(base, origin, speed, base.getZone());
    }

    private ScaledClock(Clock base, Instant origin, double speed, ZoneId zone) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number: " + speed);
        }
        this.base = base;
        this.origin = origin;
        this.speed = speed;
        this.zone = zone;
    }

    /** The clock people live by under {@code clock}: its base when it is a scaled clock, else itself. */
    public static Clock unscaled(Clock clock) {
        return clock instanceof ScaledClock scaled ? scaled.base : clock;
    }

    public Instant origin() {
        return origin;
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        long real = Duration.between(origin, base.instant()).toNanos();
        return origin.plusNanos(Math.round(real * speed));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ScaledClock(base, origin, speed, newZone);
    }
}
