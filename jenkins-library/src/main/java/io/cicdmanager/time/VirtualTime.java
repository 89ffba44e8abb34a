package io.cicdmanager.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A clock and a sleeper on virtual time: sleeping advances the clock at once and runs the tasks scheduled on the
 * way, in time order. Tests and {@code cicd simulate} run a 45-minute rollout in milliseconds with it.
 */
public final class VirtualTime implements Sleeper {
    private final PriorityQueue<Scheduled> tasks = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public VirtualTime(Instant start) {
        this.now = start;
    }

    public synchronized Instant now() {
        return now;
    }

    /** A clock that reads this virtual time. */
    public Clock clock() {
        return new VirtualClock(this, ZoneOffset.UTC);
    }

    /** Runs {@code task} on the sleeping thread when virtual time reaches {@code at}. */
    public synchronized void schedule(Instant at, Runnable task) {
        tasks.add(new Scheduled(at, sequence++, task));
    }

    /** Runs {@code task} every {@code period}, the first time one period from now. */
    public void every(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        Runnable repeating = new Runnable() {
            @Override
            public void run() {
                task.run();
                schedule(now().plus(period), this);
            }
        };
        schedule(now().plus(period), repeating);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped while waiting in virtual time");
        }
        Instant until;
        synchronized (this) {
            until = now.plus(duration.isNegative() ? Duration.ZERO : duration);
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at().isAfter(until)) {
                    if (until.isAfter(now)) {
                        now = until;
                    }
                    return;
                }
                tasks.poll();
                if (next.at().isAfter(now)) {
                    now = next.at();
                }
            }
            // Outside the lock: a task may schedule more tasks or read the clock.
            next.task().run();
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while waiting in virtual time");
            }
        }
    }

    private record Scheduled(Instant at, long order, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private static final class VirtualClock extends Clock {
        private final VirtualTime time;
        private final ZoneId zone;

        VirtualClock(VirtualTime time, ZoneId zone) {
            this.time = time;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new VirtualClock(time, newZone);
        }

        @Override
        public Instant instant() {
            return time.now();
        }
    }
}
