package io.cicdmanager.tui.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The process's one live view of every rollout: the shared watch writes snapshots here, and every screen and
 * SSH session reads from it and is told when it changed. Listeners run on the writer's thread, so they only mark
 * their screen dirty; drawing happens on each session's own thread. Screens also say which rollouts they show in
 * detail ({@link #follow}), so that what only the detail needs (pods, events) is fetched for those alone, once
 * however many screens show it.
 */
public final class RolloutBoard {
    private final Object lock = new Object();
    private final Map<RolloutKey, RolloutSnapshot> rollouts = new TreeMap<>();
    private final Map<RolloutKey, Integer> followers = new HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RolloutKey>> followListeners = new CopyOnWriteArrayList<>();
    private volatile String warning;
    private long version;

    /** The board at one version: rollouts sorted by namespace and name. */
    public record View(long version, List<RolloutSnapshot> rollouts) {
        public Optional<RolloutSnapshot> find(RolloutKey key) {
            return rollouts.stream().filter(r -> r.key().equals(key)).findFirst();
        }
    }

    public View view() {
        synchronized (lock) {
            return new View(version, List.copyOf(rollouts.values()));
        }
    }

    /** Adds or replaces one rollout. */
    public void put(RolloutSnapshot snapshot) {
        synchronized (lock) {
            rollouts.put(snapshot.key(), snapshot);
            version++;
        }
        fire();
    }

    public void remove(RolloutKey key) {
        boolean removed;
        synchronized (lock) {
            removed = rollouts.remove(key) != null;
            if (removed) {
                version++;
            }
        }
        if (removed) {
            fire();
        }
    }

    /** Replaces the whole board, as a watch does after it (re)lists. */
    public void replaceAll(Collection<RolloutSnapshot> snapshots) {
        synchronized (lock) {
            rollouts.clear();
            for (RolloutSnapshot s : snapshots) {
                rollouts.put(s.key(), s);
            }
            version++;
        }
        fire();
    }

    /** Calls {@code onChange} after every change until the returned handle is closed. */
    public AutoCloseable subscribe(Runnable onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    public int subscriberCount() {
        return listeners.size();
    }

    /**
     * Marks {@code key} as shown in detail by one more screen until the returned handle is closed; the first
     * follower tells the {@link #onFollow} listeners, which fetch what the detail needs.
     */
    public AutoCloseable follow(RolloutKey key) {
        boolean first;
        synchronized (lock) {
            first = followers.merge(key, 1, Integer::sum) == 1;
        }
        if (first) {
            for (Consumer<RolloutKey> listener : followListeners) {
                listener.accept(key);
            }
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (lock) {
                    followers.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
                }
            }
        };
    }

    /** The rollouts some screen shows in detail now. */
    public Set<RolloutKey> followed() {
        synchronized (lock) {
            return Set.copyOf(followers.keySet());
        }
    }

    /** Calls {@code listener} when a rollout gets its first follower. */
    public void onFollow(Consumer<RolloutKey> listener) {
        followListeners.add(listener);
    }

    /** Says that what the board shows may be stale (the watch is reconnecting), or, with null, that it is not. */
    public void warn(String text) {
        String was = warning;
        warning = text;
        if (!java.util.Objects.equals(was, text)) {
            fire();
        }
    }

    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** The names of every rollout, for completion. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (RolloutSnapshot s : view().rollouts()) {
            names.add(s.key().toString());
        }
        return names;
    }

    private void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
