package io.cicdmanager.tui.model;

import io.cicdmanager.dora.DoraReporter.ServiceTrend;
import io.cicdmanager.dora.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The DORA screen's figures, shared by every screen of the process: the four keys of each service with a weekly
 * trend, computed from the DORA store off the screens' threads when a screen shows them and what it has is older
 * than {@code maxAge}, so fifty sessions looking at once cost one query.
 */
public final class DoraBoard {
    /** Computes the overview from the store; may be slow, and may fail with a message a person can act on. */
    @FunctionalInterface
    public interface Source {
        Overview load();
    }

    /** Every service's keys over {@code window}, with {@code weeks} weekly reports, from the store at {@code store}. */
    public record Overview(Window window, int weeks, List<ServiceTrend> services, String store) {
        public Overview {
            services = List.copyOf(services);
        }
    }

    /** What the screen shows: the latest overview (null before the first), the last error, whether a load runs. */
    public record State(Overview overview, String error, boolean loading, Instant loadedAt) {
    }

    private final Source source;
    private final Executor executor;
    private final Clock clock;
    private final Duration maxAge;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State(null, null, false, null);

    public DoraBoard(Source source, Executor executor, Clock clock, Duration maxAge) {
        this.source = source;
        this.executor = executor;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** A board for a process without a DORA store: the screen says so. */
    public static DoraBoard unavailable(String why) {
        return new DoraBoard(() -> {
            throw new IllegalStateException(why);
            // Nothing is ever loaded, so nothing ever ages: no clock is read.
        }, Runnable::run, Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC), Duration.ofDays(1));
    }

    public State state() {
        return state;
    }

    /** Loads fresh figures unless the shown ones are recent enough or a load is already running. */
    public void request() {
        State s = state;
        boolean fresh = s.loadedAt() != null && Duration.between(s.loadedAt(), clock.instant()).compareTo(maxAge) < 0;
        if (fresh || !loading.compareAndSet(false, true)) {
            return;
        }
        state = new State(s.overview(), s.error(), true, s.loadedAt());
        executor.execute(this::load);
    }

    private void load() {
        State next;
        try {
            next = new State(source.load(), null, false, clock.instant());
        } catch (RuntimeException e) {
            State s = state;
            next = new State(s.overview(), e.getMessage() == null ? e.toString() : e.getMessage(), false,
                    clock.instant());
        }
        state = next;
        loading.set(false);
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** Calls {@code onChange} after every load until the returned handle is closed. */
    public AutoCloseable subscribe(Runnable onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }
}
