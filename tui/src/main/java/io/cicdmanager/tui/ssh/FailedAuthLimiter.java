package io.cicdmanager.tui.ssh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down key guessing: after {@code maxFailures} failed logins from one address within {@code window}, that
 * address is refused outright for {@code lockout}, whatever key it offers.
 */
public final class FailedAuthLimiter {
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    public FailedAuthLimiter(Clock clock, int maxFailures, Duration window, Duration lockout) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
    }

    /** True while {@code address} is locked out. */
    public synchronized boolean locked(String address) {
        Instant until = lockedUntil.get(address);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        lockedUntil.remove(address);
        return false;
    }

    /** Records a failed login; returns true when this failure locked the address out. */
    public synchronized boolean failed(String address) {
        Instant now = clock.instant();
        evict(now);
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= maxFailures) {
            lockedUntil.put(address, now.plus(lockout));
            failures.remove(address);
            return true;
        }
        return false;
    }

    /** How many addresses the limiter remembers: those with failures in the window, and those locked out. */
    public synchronized int remembered() {
        evict(clock.instant());
        return failures.size() + lockedUntil.size();
    }

    /** Forgets failures older than the window and lockouts that are over, so that scans cannot grow the maps. */
    private void evict(Instant now) {
        Instant oldest = now.minus(window);
        failures.values().removeIf(recent -> recent.isEmpty() || recent.peekLast().isBefore(oldest));
        lockedUntil.values().removeIf(until -> !now.isBefore(until));
    }
}
