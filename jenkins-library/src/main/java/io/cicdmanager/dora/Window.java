package io.cicdmanager.dora;

import java.time.Duration;
import java.time.Instant;

/**
 * The time range (since, until] a report covers; a deployment belongs to it by its finish time. Closed at the end
 * so that a report ending now includes a deployment recorded as finishing now; adjacent windows never share one.
 */
public record Window(Instant since, Instant until) {
    private static final double SECONDS_PER_DAY = 86_400.0;

    public Window {
        if (since == null || until == null) {
            throw new IllegalArgumentException("a window needs both since and until");
        }
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    /** The {@code length} ending at {@code until}. */
    public static Window ending(Instant until, Duration length) {
        return new Window(until.minus(length), until);
    }

    public double days() {
        return Duration.between(since, until).toMillis() / 1000.0 / SECONDS_PER_DAY;
    }
}
