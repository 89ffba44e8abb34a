package io.cicdmanager.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Wakes a waiting engine early: a watch on the rollout record rings it when an operator writes a command, so
 * the engine reacts within a slice instead of at the end of a long pause. The wait itself goes through the
 * injected {@link Sleeper}, in short slices, so virtual time still works.
 */
public final class Doorbell {
    /** How often a waiter looks at the bell: the bound on how late a command is noticed. */
    public static final Duration DEFAULT_SLICE = Duration.ofMillis(20);

    private volatile boolean rung;

    public void ring() {
        rung = true;
    }

    /** Clears the bell and says whether it had rung. */
    public boolean answer() {
        boolean was = rung;
        rung = false;
        return was;
    }

    public boolean isRung() {
        return rung;
    }

    /**
     * Waits until {@code deadline} or until the bell rings, whichever is first; returns whether it rang (the bell
     * is left rung for {@link #answer()}).
     */
    public boolean await(Instant deadline, Clock clock, Sleeper sleeper, Duration slice) throws InterruptedException {
        while (!rung) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            sleeper.sleep(left.compareTo(slice) < 0 ? left : slice);
        }
        return true;
    }
}
